import type { ExampleBlock, Outcome, Probe, ProbeSet, ResponseRecord } from '../types.js';

/**
 * For each audited attribute, one counterfactual block shown side by side: the same prompt with one
 * value per group (on the attribute's finest axis), first sample. The first block in which every
 * shown probe has a reply is chosen, so a reviewer reads real replies, not gaps.
 */
export function pickExamples(
  probeSet: Pick<ProbeSet, 'attributes' | 'axes'>,
  probes: readonly Probe[],
  outcomes: readonly Outcome[],
  recordOf: (probe: Probe, sample: number) => ResponseRecord | undefined,
): ExampleBlock[] {
  const outcomeOf = new Map(outcomes.filter((o) => o.sample === 0).map((o) => [o.probeId, o]));
  const out: ExampleBlock[] = [];
  for (const attr of probeSet.attributes) {
    const axes = probeSet.axes.filter((a) => a.attribute === attr.id);
    const axis = axes[axes.length - 1];
    if (!axis) continue;
    const blocks = new Map<string, Probe[]>();
    for (const p of probes) {
      const b = p.blocks[attr.id];
      if (b === undefined) continue;
      const list = blocks.get(b) ?? [];
      list.push(p);
      blocks.set(b, list);
    }
    let fallback: ExampleBlock | undefined;
    for (const [block, members] of blocks) {
      const chosen = axis.groups.map((g) => members.find((p) => p.groups[axis.id] === g)).filter((p): p is Probe => p !== undefined);
      const ex: ExampleBlock = {
        attribute: attr.id,
        axis: axis.id,
        block,
        template: chosen[0]?.template ?? '',
        context: chosen[0]?.context ?? {},
        rows: chosen.map((p) => {
          const rec = recordOf(p, 0);
          const o = outcomeOf.get(p.id);
          const user = [...p.messages].reverse().find((m) => m.role === 'user');
          return {
            group: p.groups[axis.id] as string,
            value: p.attributes[attr.id] as string,
            prompt: user?.content ?? '',
            response: rec?.text ?? null,
            status: o?.status ?? 'error',
            label: o?.label ?? null,
          };
        }),
      };
      fallback ??= ex;
      if (ex.rows.length === axis.groups.length && ex.rows.every((r) => r.response !== null)) {
        out.push(ex);
        fallback = undefined;
        break;
      }
    }
    if (fallback) out.push(fallback);
  }
  return out;
}
