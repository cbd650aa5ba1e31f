import { createHash } from 'node:crypto';
import { templateVariables } from '../probes/index.js';
import { disparitiesThatMatter } from '../report/index.js';
import type { AuditResults, ChatMessage, Finding, Outcome, OutcomeSpec, Probe, ProbeSet } from '../types.js';
import { promptsCorrespond, swapReply, type Substitution, type SwapFailure } from './swap.js';

/** One candidate fine-tuning example: a disfavoured person's prompt and the reply the most favoured one got, re-addressed. */
export interface CounterfactualExample {
  /** `cf-` + 12 hex digits of SHA-256 of the two probes and samples: stable across exports. */
  id: string;
  finding: string;
  axis: string;
  axisTitle: string;
  attribute: string;
  /** The counterfactual set (probes that differ only in the audited attribute). */
  block: string;
  disfavoured: ExampleSide;
  favoured: ExampleSide;
  /** The disfavoured person's prompt, as sent. */
  messages: ChatMessage[];
  /** What the model replied to the disfavoured person (untrusted text). */
  replyGiven: string;
  /** What the model replied to the favoured person (untrusted text). */
  favouredReply: string;
  /** The favoured reply with the favoured person's values swapped back to the disfavoured person's. */
  target: string;
  /** The template variables that differ between the two people (favoured value -> disfavoured value). */
  substitutions: Substitution[];
}

export interface ExampleSide {
  group: string;
  probeId: string;
  sample: number;
  /** The attribute value (a name, an age ...). */
  value: string;
  /** What the scorer read in the reply. */
  label: string | null;
}

export type SkipReason = SwapFailure;

export const SKIP_REASONS: Record<SkipReason, string> = {
  'prompt-mismatch':
    "the two prompts do not differ only by the attribute's values (a value also sits in the fixed wording, or a template helper transformed it), so the favoured reply cannot be re-addressed by substitution",
  ambiguous: 'the favoured reply holds a value that maps to more than one of the disfavoured person\'s (e.g. "her" -> "him" or "his")',
  casing: "the favoured reply spells a value in a casing the template does not use, so the swap's casing cannot be trusted",
  'names-favoured': "after substitution the reply would still name the favoured person or group (e.g. a group label that is not a template value)",
};

export interface FindingSelection {
  finding: string;
  axis: string;
  axisTitle: string;
  reference: string;
  /** The groups whose comparison with the most favoured group fails the policy. */
  groups: string[];
  blocks: number;
  blocksWithExamples: number;
  /** Disfavoured prompts with a reply less favourable than one the favoured group got in the same block. */
  candidates: number;
  examples: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Prompts already exported for an earlier finding (the same person on an intersectional axis, say). */
  duplicates: number;
}

export interface CounterfactualSelection {
  examples: CounterfactualExample[];
  findings: FindingSelection[];
  skipped: Partial<Record<SkipReason, number>>;
  /** One example of each skip reason, for the sidecar (no model text: the values involved only). */
  skipDetails: Partial<Record<SkipReason, string>>;
}

export interface RunReplies {
  probes: readonly Probe[];
  outcomes: readonly Outcome[];
  /** The reply text of probe id + sample. */
  text(probeId: string, sample: number): string | undefined;
}

/**
 * The counterfactual sets where a failing finding's groups were treated differently: within a
 * block of a failing axis, each prompt of a disfavoured group (one whose comparison with the most
 * favoured group fails) whose reply is less favourable than a reply the most favoured group got.
 * Its counterpart is the favoured prompt that differs from it on the fewest other axes of the
 * attribute (for race, the same gender: fewer values to swap) whose replies were on average more
 * favourable (rate or mean over the samples), then the first in the block; the disfavoured reply is
 * its first sample less favourable than some favoured reply, the favoured reply the same sample when
 * it is better, else the first that is. Only scored replies count, as in the finding's rates.
 */
export function selectCounterfactuals(results: AuditResults, probeSet: ProbeSet, run: RunReplies): CounterfactualSelection {
  const bySample = new Map<string, Outcome[]>();
  for (const o of run.outcomes) bySample.set(o.probeId, [...(bySample.get(o.probeId) ?? []), o]);
  const worse = worseThan(results.outcome);
  const examples: CounterfactualExample[] = [];
  const used = new Set<string>();
  const selections: FindingSelection[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  const skipDetails: Partial<Record<SkipReason, string>> = {};

  for (const f of results.findings.filter((x) => x.verdict === 'fail')) {
    const groups = [...new Set(disparitiesThatMatter(f, results).map((d) => d.group))];
    const sel: FindingSelection = { finding: f.id, axis: f.axis, axisTitle: f.axisTitle, reference: f.reference, groups, blocks: 0, blocksWithExamples: 0, candidates: 0, examples: 0, skipped: {}, duplicates: 0 };
    selections.push(sel);
    const attribute = probeSet.attributes.find((a) => a.id === f.attribute);
    const axis = probeSet.axes.find((a) => a.id === f.axis);
    if (!attribute || !axis) continue;
    const otherAxes = attribute.axes.filter((a) => !axis.components.includes(a) && a !== axis.id && !a.includes(' x '));
    const blocks = new Map<string, Probe[]>();
    for (const p of run.probes) {
      const b = p.blocks[f.attribute];
      const g = p.groups[f.axis];
      if (b === undefined || g === undefined || (g !== f.reference && !groups.includes(g))) continue;
      blocks.set(b, [...(blocks.get(b) ?? []), p]);
    }
    for (const [block, probes] of blocks) {
      const favoured = probes.filter((p) => p.groups[f.axis] === f.reference);
      if (favoured.length === 0) continue;
      sel.blocks++;
      let gave = false;
      for (const d of probes.filter((p) => p.groups[f.axis] !== f.reference)) {
        const pair = counterpart(d, favoured, otherAxes, bySample, worse);
        if (!pair) continue;
        sel.candidates++;
        if (used.has(d.id)) {
          sel.duplicates++;
          continue;
        }
        const ex = buildExample(f, block, d, pair, probeSet, run);
        if (!ex.ok) {
          sel.skipped[ex.reason] = (sel.skipped[ex.reason] ?? 0) + 1;
          skipped[ex.reason] = (skipped[ex.reason] ?? 0) + 1;
          skipDetails[ex.reason] ??= ex.detail;
          continue;
        }
        used.add(d.id);
        examples.push(ex.example);
        sel.examples++;
        gave = true;
      }
      if (gave) sel.blocksWithExamples++;
    }
  }
  return { examples, findings: selections, skipped, skipDetails };
}

type Worse = (a: number, b: number) => boolean;

/** Whether outcome value a is less favourable than b: rates and higher-is-better means compare up, lower-is-better down. */
function worseThan(outcome: OutcomeSpec): Worse {
  const lowerIsBetter = (outcome.type === 'numeric' || outcome.type === 'length') && outcome.favourable === 'lower';
  return lowerIsBetter ? (a, b) => a > b : (a, b) => a < b;
}

interface Pair {
  favoured: Probe;
  dSample: Outcome;
  fSample: Outcome;
}

function counterpart(d: Probe, favoured: readonly Probe[], otherAxes: readonly string[], bySample: Map<string, Outcome[]>, worse: Worse): Pair | undefined {
  const scored = (p: Probe) => (bySample.get(p.id) ?? []).filter((o) => o.status === 'scored' && o.value !== null);
  const mine = scored(d);
  if (mine.length === 0) return undefined;
  const distance = (p: Probe) => otherAxes.filter((a) => p.groups[a] !== d.groups[a]).length;
  const ranked = favoured.map((p, i) => ({ p, i, dist: distance(p) })).sort((a, b) => a.dist - b.dist || a.i - b.i);
  const mean = (os: readonly Outcome[]) => os.reduce((s, o) => s + (o.value as number), 0) / os.length;
  for (const { p } of ranked) {
    const theirs = scored(p);
    // Treated differently as a person, not in one draw: over its samples the prompt fared worse.
    if (theirs.length === 0 || !worse(mean(mine), mean(theirs))) continue;
    for (const o of mine) {
      const better = theirs.filter((t) => worse(o.value as number, t.value as number));
      const t = better.find((x) => x.sample === o.sample) ?? better[0];
      if (t) return { favoured: p, dSample: o, fSample: t };
    }
  }
  return undefined;
}

function buildExample(
  f: Finding,
  block: string,
  d: Probe,
  pair: Pair,
  probeSet: ProbeSet,
  run: RunReplies,
): { ok: true; example: CounterfactualExample } | { ok: false; reason: SkipReason; detail: string } {
  const fav = pair.favoured;
  const attribute = probeSet.attributes.find((a) => a.id === f.attribute);
  const template = probeSet.templates.find((t) => t.id === d.template);
  const dValue = attribute?.values.find((v) => v.id === d.attributes[f.attribute]);
  const fValue = attribute?.values.find((v) => v.id === fav.attributes[f.attribute]);
  if (!attribute || !template || !dValue || !fValue) return { ok: false, reason: 'prompt-mismatch', detail: `the probe set has no value or template for ${d.id}` };
  // Only the variables the template prints can appear in the prompt, so only they can be swapped.
  const printed = new Set(template.messages.flatMap((m) => templateVariables(m.content).map((v) => v.name)));
  const substitutions: Substitution[] = [...printed]
    .filter((v) => fValue.vars[v] !== undefined && dValue.vars[v] !== undefined && fValue.vars[v] !== dValue.vars[v])
    .sort()
    .map((v) => ({ variable: v, from: fValue.vars[v] as string, to: dValue.vars[v] as string }));
  if (fav.messages.length !== d.messages.length || fav.messages.some((m, i) => !promptsCorrespond(m.content, d.messages[i]?.content ?? '', substitutions))) {
    return { ok: false, reason: 'prompt-mismatch', detail: `${fav.id} vs ${d.id}` };
  }
  // The favoured person's group labels name them too ("a White applicant"): a target left holding one is unsafe.
  const identifying = attribute.axes.filter((a) => !a.includes(' x ') && fav.groups[a] !== d.groups[a]).map((a) => fav.groups[a] as string);
  const favouredReply = run.text(fav.id, pair.fSample.sample) ?? '';
  const swapped = swapReply(favouredReply, substitutions, identifying);
  if (!swapped.ok) return { ok: false, reason: swapped.reason, detail: swapped.detail };
  const id = `cf-${createHash('sha256').update(`${d.id}\u0000${pair.dSample.sample}\u0000${fav.id}\u0000${pair.fSample.sample}`).digest('hex').slice(0, 12)}`;
  return {
    ok: true,
    example: {
      id,
      finding: f.id,
      axis: f.axis,
      axisTitle: f.axisTitle,
      attribute: f.attribute,
      block,
      disfavoured: { group: d.groups[f.axis] as string, probeId: d.id, sample: pair.dSample.sample, value: dValue.id, label: pair.dSample.label },
      favoured: { group: fav.groups[f.axis] as string, probeId: fav.id, sample: pair.fSample.sample, value: fValue.id, label: pair.fSample.label },
      messages: d.messages.map((m) => ({ role: m.role, content: m.content })),
      replyGiven: run.text(d.id, pair.dSample.sample) ?? '',
      favouredReply,
      target: swapped.text,
      substitutions,
    },
  };
}
