import { ProbeSetError } from '../errors.js';
import type { ChatMessage, Probe, ProbeSet, ProbeTranslation } from '../types.js';
import { keptMessages } from './conversation.js';
import { compilePrompt, createTemplateEngine } from './template-vars.js';

/**
 * Every probe of a probe set: for each template, the cross product of the context variables and
 * audited attributes it mentions. Probes of one template that agree on the context and on every
 * other attribute share a block for an attribute: the counterfactual set the detectors compare.
 * Deterministic: the same probe set always gives the same probes in the same order.
 */
export function expand(probeSet: ProbeSet): Probe[] {
  const hb = createTemplateEngine();
  const probes: Probe[] = [];
  for (const template of probeSet.templates) {
    const render = template.messages.map((m) => ({ role: m.role, fn: compilePrompt(hb, m.content), when: m.when, translate: m.translate }));
    const contexts = template.context.map((id) => probeSet.context.find((c) => c.id === id)!);
    const attrs = template.attributes.map((id) => probeSet.attributes.find((a) => a.id === id)!);
    const contextCombos = cross(contexts.map((c) => c.values.map((v) => [c.id, v] as const)));
    const attrCombos = cross(attrs.map((a) => a.values.map((v) => [a.id, v] as const)));
    for (const ctx of contextCombos) {
      const context = Object.fromEntries(ctx);
      const ctxKey = ctx.map(([k, v]) => `${k}=${v}`).join(',');
      for (const combo of attrCombos) {
        const vars: Record<string, string> = { ...context };
        const attributes: Record<string, string> = {};
        const groups: Record<string, string> = {};
        const meta: Record<string, string> = {};
        for (const [attrId, value] of combo) {
          Object.assign(vars, value.vars);
          attributes[attrId] = value.id;
          Object.assign(groups, value.groups);
          if (value.meta) Object.assign(meta, value.meta);
        }
        const blocks: Record<string, string> = {};
        for (const [attrId, value] of combo) {
          const others = combo.filter(([a]) => a !== attrId).map(([a, v]) => `${a}=${v.id}`);
          // `block: column` narrows the block to the rows sharing that column's value (a benchmark's pairs).
          const by = attrs.find((a) => a.id === attrId)?.blockBy;
          const own = by === undefined ? '' : `${by}=${value.vars[by] ?? ''}`;
          blocks[attrId] = [template.id, ctxKey, ...others, own].filter((s) => s !== '').join('|');
        }
        // `when:` drops a message where its variable is blank (a turn that exists only for some attribute levels).
        const kept = keptMessages(render, (name) => (vars[name] ?? '').trim() !== '');
        const messages: ChatMessage[] = kept.map((r) => ({ role: r.role, content: renderOne(r.fn, vars, probeSet, template.id) }));
        const translate: ProbeTranslation[] = kept.flatMap((r, message) => {
          const language = r.translate === undefined ? '' : (vars[r.translate] ?? '').trim();
          return language === '' ? [] : [{ message, language }];
        });
        const id = [template.id, ctxKey, combo.map(([a, v]) => `${a}=${v.id}`).join(',')].filter((s) => s !== '').join('|');
        probes.push({
          id,
          template: template.id,
          messages,
          context,
          attributes,
          groups,
          blocks,
          ...(Object.keys(meta).length > 0 ? { meta } : {}),
          ...(translate.length > 0 ? { translate } : {}),
        });
      }
    }
  }
  return probes;
}

function renderOne(fn: (v: Record<string, string>) => string, vars: Record<string, string>, ps: ProbeSet, template: string): string {
  try {
    return fn(vars).trim();
  } catch (err) {
    // Validation found every variable, so this is a helper misuse such as `{{#each name}}`.
    throw new ProbeSetError([{ file: ps.file, line: 0, path: `templates.${template}`, expected: 'a template that renders', received: (err as Error).message }]);
  }
}

function cross<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

