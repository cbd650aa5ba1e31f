import { escapeMarkdown } from '../report/index.js';
import type { AuditResults, RunManifest } from '../types.js';
import { SKIP_REASONS, type CounterfactualSelection, type SkipReason } from './counterfactual.js';
import type { ExportFormat } from './formats.js';

export interface SidecarInput {
  format: ExportFormat;
  /** The exported file's name, as the sidecar refers to it. */
  fileName: string;
  runDir: string;
  manifest: RunManifest;
  results: Pick<AuditResults, 'probeSet' | 'synthetic'>;
  selection: CounterfactualSelection;
  /** The tool version that wrote the export. */
  tool: string;
  /** Replies whose label came from people's review (review-results.json) instead of the scorer's. */
  peopleLabels?: number;
}

const md = escapeMarkdown;

/** Whose labels chose the examples: the scorer's, the judge's, and people's where they reviewed. */
function labelSource(manifest: RunManifest, peopleLabels: number): string {
  const scorer = manifest.judge
    ? `The labels are the LLM judge's (\`${md(manifest.judge.spec)}\`), the ones the report's findings rest on`
    : "The labels are the scorer's, the ones the report's findings rest on";
  if (peopleLabels > 0) {
    return `${scorer}, except for the ${peopleLabels} repl${peopleLabels === 1 ? 'y' : 'ies'} people labelled (\`review-results.json\` of the run, \`bias-audit review --import\`): there people's label replaced it when choosing examples. Which findings failed is still the report's.`;
  }
  return `${scorer}. No labels from people were imported for this run: check them first (\`bias-audit review\`) where they matter.`;
}

/**
 * FILE.md next to an export: what the file is, how its examples were chosen, the run it came from,
 * and the licence and provider terms that bind anyone who trains on it. Probe-set text is escaped;
 * no model reply is quoted here.
 */
export function renderSidecar(s: SidecarInput): string {
  const { manifest, selection } = s;
  const n = selection.examples.length;
  const skippedTotal = Object.values(selection.skipped).reduce((a, b) => a + (b ?? 0), 0);
  const out: string[] = [];
  out.push(`# ${md(s.fileName)}: counterfactual examples from a bias audit`);
  out.push('');
  out.push(
    s.format === 'counterfactual-jsonl'
      ? `${n} chat fine-tuning example${n === 1 ? '' : 's'} in the OpenAI fine-tuning JSONL format (one \`{"messages": [...]}\` object per line: the prompt as it was sent, then an assistant turn).`
      : `${n} candidate example${n === 1 ? '' : 's'} as a CSV for people to curate (fill in \`keep\`), before any of them is turned into training data.`,
  );
  out.push('');
  out.push(
    '**What this is.** Counterfactual data-augmentation material: for each prompt about a person of a disfavoured group that got a ' +
      'less favourable reply than the same prompt about a person of the most favoured group, the target is the reply the favoured ' +
      "person got, re-addressed to the disfavoured person. It is raw material for people to curate: read every example, drop the ones " +
      'whose target is wrong for this person or not what the model should say, and balance it with ordinary data before any training. ' +
      'It is not a ready training set, and training on it alone can teach the model other shortcuts.',
  );
  out.push('');
  out.push('## How the examples were chosen');
  out.push('');
  out.push(
    '- From the findings that **failed** the run\'s policy, the groups whose comparison with the most favoured group fails (the ' +
      "report's disparities that matter). Within each counterfactual set (block) of the failing axis, every prompt of such a group " +
      'whose replies were on average less favourable (rate or mean over its samples) than those of a prompt of the most favoured group ' +
      'in the same block is a candidate (only replies the scorer could read count, as in the finding).',
  );
  out.push(
    "- Its counterpart is such a favoured prompt that differs from it on the fewest other axes of the attribute (for race, the same " +
      'gender), the reply paired is its first sample less favourable than a favoured reply, and the target is the favoured reply of ' +
      'the same sample when that one is better, else the first that is.',
  );
  out.push(
    "- The target is the favoured reply with the favoured person's template values (name, pronouns, stated age ...) replaced by the " +
      "disfavoured person's, as whole words, keeping their capitalisation. An example is skipped whenever that is not safe (below); " +
      'a target never holds a favoured value or group label.',
  );
  out.push(
    '- Substitution changes only the template\'s values and refuses a target that names the favoured group; it cannot catch every ' +
      'indirect reference (a reply that calls a 35-year-old "early in their career" keeps saying so), so read every target.',
  );
  out.push('- One example per prompt: a prompt already exported for an earlier finding is not repeated.');
  out.push(`- ${labelSource(manifest, s.peopleLabels ?? 0)}`);
  if (manifest.translator) {
    out.push(
      `- This run sent some prompts translated (${manifest.translator.languages.map(md).join(', ')}, by \`${md(manifest.translator.spec)}\`). For those, the ` +
        'replies were read, paired and re-addressed in their back-translation to English, and the prompt written is the English one, not the translation sent: ' +
        'the replies as received are in the run\'s responses.jsonl.',
    );
  }
  out.push('');
  out.push('| finding | most favoured group | disfavoured groups | blocks | blocks with examples | candidates | examples | skipped | already exported |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of selection.findings) {
    const sk = Object.values(f.skipped).reduce((a, b) => a + (b ?? 0), 0);
    out.push(`| ${md(f.axisTitle)} (${md(f.axis)}) | ${md(f.reference)} | ${f.groups.map(md).join(', ')} | ${f.blocks} | ${f.blocksWithExamples} | ${f.candidates} | ${f.examples} | ${sk} | ${f.duplicates} |`);
  }
  if (selection.findings.length === 0) out.push('| (no finding failed) | | | | | | | | |');
  out.push('');
  out.push(`Skipped: ${skippedTotal}.`);
  for (const [reason, count] of Object.entries(selection.skipped) as [SkipReason, number][]) {
    out.push(`- ${count} × \`${reason}\`: ${SKIP_REASONS[reason]}.`);
  }
  out.push('');
  out.push('## The run');
  out.push('');
  out.push(`- Probe set: ${md(manifest.probeSet.title)} (\`${md(manifest.probeSet.id)}\` version ${md(manifest.probeSet.version)}), ${manifest.probeSet.probes} probes × ${manifest.probeSet.samples} samples${manifest.sampling ? ` (sampled with --max-probes ${manifest.sampling.maxProbes})` : ''}`);
  out.push(`- Model: \`${md(manifest.model.spec)}\`${s.results.synthetic ? ' — a **synthetic** model (`sim`): these replies are not a language model\'s; use them only to try a pipeline' : ''}`);
  out.push(`- Run directory: \`${md(s.runDir)}\`, created ${md(manifest.createdAt)}, seed ${manifest.seed}, bias-audit ${md(manifest.tool.version)}`);
  out.push(`- Exported by bias-audit ${md(s.tool)}`);
  out.push('');
  out.push('## Licence and provenance of the probe data');
  out.push('');
  out.push(s.results.probeSet.provenance ? md(s.results.probeSet.provenance.trim()) : 'The probe set states no provenance: find out the licence of its prompts and attribute tables before you share or train on them.');
  out.push('');
  out.push('## Restrictions on training');
  out.push('');
  out.push(
    "- The targets are the model's own replies. Providers' terms can restrict what their outputs may be used for; some forbid using " +
      'them to develop models that compete with the provider. Check the terms of the provider and model above before training on them.',
  );
  out.push('- The prompts describe people by name and group: keep the file where the probe data\'s licence allows, and do not mix it with data about real people.');
  out.push('- The replies are untrusted text: open the file as data, never run or render it.');
  out.push('');
  return out.join('\n');
}
