import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { createProvider, type CreateProviderOptions } from '../providers/index.js';
import { redactUrl } from '../providers/redact-url.js';
import type { AuditResults, Probe, Provider, ResponseRecord, TranslatorManifest } from '../types.js';
import { languageLabel, SCORING_LANGUAGE } from './languages.js';
import { jobKey, translateAll, TRANSLATOR_PARAMETERS, type TranslateCallOptions, type TranslationJob, type TranslationResult } from './translate.js';

/** The translation journal of a run directory. */
export const TRANSLATION_FILE = 'translations.jsonl';

/** The runner options translator calls share with the audit's own calls. */
export type TranslationCallOptions = Pick<TranslateCallOptions, 'concurrency' | 'retry' | 'timeoutMs' | 'signal' | 'sleep' | 'costOf' | 'maxCostUsd'>;

/** What the analysis reads instead of the raw journal: replies in English, and the key of each probe's call. */
export interface ReadableReplies {
  records: ReadonlyMap<string, ResponseRecord>;
  keyOf: (probe: Probe, sample: number) => string;
  /** Puts the original replies back in the examples (the back-translation beside them) and adds the method note. */
  annotate<R extends AuditResults>(results: R): R;
}

/** Language codes the probes are sent in, sorted; empty when no probe is translated. */
export function translationLanguages(probes: readonly Probe[]): string[] {
  return [...new Set(probes.flatMap((p) => (p.translate ?? []).map((t) => t.language)))].sort();
}

/**
 * The translation transform of a run (Yong, Menghini & Bach 2023, "Low-Resource Languages Jailbreak
 * GPT-4"): the messages a template marks `translate:` are sent translated by a translator model, and
 * the reply is translated back to English, which is what the scorers read. Undefined when no probe is
 * translated. A set that translates without a translator is a usage error naming the file.
 */
export async function setUpTranslation(
  probeSet: { file: string },
  probes: readonly Probe[],
  translator: string | Provider | undefined,
  outDir: string,
  create: CreateProviderOptions,
): Promise<TranslatedRun | undefined> {
  const languages = translationLanguages(probes);
  if (languages.length === 0) return undefined;
  if (translator === undefined) {
    throw new UsageError(
      `${probeSet.file} sends prompts translated into ${languages.map(languageLabel).join(', ')} (translate: in its templates), so it needs a translator model: ` +
        'give one with --translator <model spec> (AuditOptions.translator), e.g. --translator openai:gpt-4o-mini (--translator sim:fair translates into sim\'s pseudo-language, offline)',
    );
  }
  const provider = typeof translator === 'string' ? await createProvider(translator, create) : translator;
  const manifest: TranslatorManifest = {
    spec: provider.id,
    synthetic: provider.synthetic === true,
    parameters: TRANSLATOR_PARAMETERS,
    languages,
    file: TRANSLATION_FILE,
    ...(create.baseUrl === undefined ? {} : { baseUrl: redactUrl(create.baseUrl) }),
  };
  return new TranslatedRun(probes, manifest, provider, outDir);
}

/** For `report DIR`: the translations a run made, read from its journal; no model is called. */
export function readTranslatedRun(probes: readonly Probe[], manifest: TranslatorManifest, dir: string): TranslatedRun {
  return new TranslatedRun(probes, manifest, undefined, dir);
}

export class TranslatedRun {
  /** Translated probes as sent, by probe id. */
  private readonly sent = new Map<string, Probe>();
  /** Translated probes that could not be sent, with the reason. */
  private readonly problems = new Map<string, string>();

  constructor(
    private readonly probes: readonly Probe[],
    readonly manifest: TranslatorManifest,
    /** The translator; undefined when only its journal is read (`report`). */
    readonly provider: Provider | undefined,
    private readonly dir: string,
  ) {}

  private call(opts: TranslationCallOptions): TranslateCallOptions {
    return { ...opts, translatorId: this.manifest.spec, journalFile: join(this.dir, TRANSLATION_FILE), ...(this.provider ? { translator: this.provider } : {}) };
  }

  /**
   * The probes to send: every translated message replaced by its translation. A probe whose
   * translation failed (or that the translator declined) is left out, so it is never sent in English
   * by mistake; the analysis counts it as a failed call with the reason.
   */
  async translatePrompts(opts: TranslationCallOptions = {}): Promise<Probe[]> {
    const jobs: TranslationJob[] = this.probes.flatMap((p) => (p.translate ?? []).map((t) => ({ text: p.messages[t.message]?.content ?? '', from: SCORING_LANGUAGE, to: t.language })));
    const results = await translateAll(jobs, this.call(opts));
    const out: Probe[] = [];
    for (const p of this.probes) {
      if (!p.translate) {
        out.push(p);
        continue;
      }
      const messages = [...p.messages];
      let problem: string | undefined;
      for (const t of p.translate) {
        const m = messages[t.message];
        const r = m ? results.get(jobKey({ text: m.content, from: SCORING_LANGUAGE, to: t.language })) : undefined;
        if (!m || !r?.ok) problem ??= r && !r.ok ? r.problem : 'no translation';
        else messages[t.message] = { role: m.role, content: r.text };
      }
      if (problem !== undefined) this.problems.set(p.id, problem);
      else {
        const sent = { ...p, messages };
        this.sent.set(p.id, sent);
        out.push(sent);
      }
    }
    return out;
  }

  /**
   * Translate the replies to translated prompts back to English and give the analysis a view of the
   * journal in which those replies read in English. The journal itself is not touched.
   */
  async translateReplies(
    records: ReadonlyMap<string, ResponseRecord>,
    keyOf: (probe: Probe, sample: number) => string,
    samples: number,
    opts: TranslationCallOptions = {},
  ): Promise<ReadableReplies> {
    const replyLanguage = (p: Probe) => p.translate?.[p.translate.length - 1]?.language ?? SCORING_LANGUAGE;
    const jobs: TranslationJob[] = [];
    for (const sent of this.sent.values()) {
      for (let s = 0; s < samples; s++) {
        const text = records.get(keyOf(sent, s))?.text;
        if (typeof text === 'string') jobs.push({ text, from: replyLanguage(sent), to: SCORING_LANGUAGE });
      }
    }
    const back = jobs.length > 0 ? await translateAll(jobs, this.call(opts)) : new Map<string, TranslationResult>();
    const readable = new Map(records);
    const originals = new Map<string, string>();
    let untranslatedReplies = 0;
    const missingKey = (p: Probe, s: number) => `untranslated|${p.id}|${s}`;
    for (const p of this.probes) {
      if (!p.translate) continue;
      const sent = this.sent.get(p.id);
      for (let s = 0; s < samples; s++) {
        if (!sent) {
          const problem = this.problems.get(p.id) ?? 'no translation';
          readable.set(missingKey(p, s), failed(missingKey(p, s), p, s, `not sent: the prompt could not be translated: ${problem}`));
          continue;
        }
        const key = keyOf(sent, s);
        const rec = records.get(key);
        if (!rec || typeof rec.text !== 'string') continue;
        const r = back.get(jobKey({ text: rec.text, from: replyLanguage(sent), to: SCORING_LANGUAGE }));
        originals.set(key, rec.text);
        if (r?.ok) readable.set(key, { ...rec, text: r.text });
        else {
          untranslatedReplies++;
          readable.set(key, { ...rec, text: null, error: { message: `the reply could not be translated back to English: ${r && !r.ok ? r.problem : 'no translation'}` } });
        }
      }
    }
    const analysisKey = (p: Probe, s: number) => {
      if (!p.translate) return keyOf(p, s);
      const sent = this.sent.get(p.id);
      return sent ? keyOf(sent, s) : missingKey(p, s);
    };
    return {
      records: readable,
      keyOf: analysisKey,
      annotate: (results) => {
        this.annotateExamples(results, (p) => {
          const sent = this.sent.get(p.id);
          return sent ? { prompt: lastUser(sent), reply: originals.get(keyOf(sent, 0)) ?? null } : undefined;
        });
        results.method.notes.push(this.methodNote(untranslatedReplies));
        return results;
      },
    };
  }

  /** A translated example row shows the prompt and reply as sent and received, and the English that was scored. */
  private annotateExamples(results: AuditResults, asSent: (p: Probe) => { prompt: string; reply: string | null } | undefined): void {
    for (const ex of results.examples) {
      for (const row of ex.rows) {
        const probe = this.probes.find((p) => p.blocks[ex.attribute] === ex.block && p.attributes[ex.attribute] === row.value);
        if (!probe?.translate) continue;
        const sent = asSent(probe);
        row.backTranslation = row.response;
        row.response = sent?.reply ?? null;
        if (sent) row.prompt = sent.prompt;
      }
    }
  }

  private methodNote(untranslatedReplies: number): string {
    const m = this.manifest;
    const unsent = this.problems.size;
    return (
      `Translation: the messages a template marks translate: were sent in ${m.languages.map(languageLabel).join(', ')}, translated from English by ${m.spec} ` +
      `(temperature ${String(m.parameters.temperature)}), and every reply to them was translated back into English by the same model; the scorer read the back-translation ` +
      `(the reply as received is kept in responses.jsonl and shown in the examples; translations in ${m.file}). The finding depends on the translator's quality: ` +
      'a mistranslated request, or a back-translation that turns a refusal into an answer or the reverse, changes the measured rate.' +
      (unsent > 0 ? ` ${unsent} translated probe${unsent === 1 ? ' was' : 's were'} not sent because the translation failed or the translator declined; they count as failed calls.` : '') +
      (untranslatedReplies > 0 ? ` ${untranslatedReplies} repl${untranslatedReplies === 1 ? 'y' : 'ies'} could not be translated back and count as failed calls.` : '') +
      (m.synthetic ? ' The translator is sim, whose "translation" is a reversible letter substitution, not a language.' : '')
    );
  }
}

function lastUser(p: Probe): string {
  return [...p.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

function failed(key: string, p: Probe, sample: number, message: string): ResponseRecord {
  return { key, probeId: p.id, sample, model: '', text: null, error: { message }, latencyMs: 0, attempts: 0, at: '' };
}
