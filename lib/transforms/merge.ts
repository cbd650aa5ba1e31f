/**
 * `bias-audit merge` of shards of a translated run: each shard translated its own requests and
 * replies into its own translations.jsonl, and the merged run reads them as one journal.
 */
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { JournalWriter, scanJournal } from '../runner/index.js';
import { SCORING_LANGUAGE } from './languages.js';
import { TRANSLATION_FILE } from './translated-run.js';

/**
 * Whether the shards' translation journals can be joined. A text two shards both translated is found
 * under one key; if the two translations of a request differ (a translator that is not deterministic
 * at temperature 0), the shards sent different prompts for it, and no single journal can stand for
 * both: a UsageError naming the shards (call it before anything is written). Two differing
 * back-translations of one reply are both translations of what the model said: the later shard's
 * is read, as a journal's later record always is.
 */
export function checkShardTranslations(shardDirs: readonly string[]): void {
  const requests = new Map<string, { text: string; dir: string }>();
  const problems: string[] = [];
  for (const dir of shardDirs) {
    scanJournal(join(dir, TRANSLATION_FILE), (rec) => {
      if (typeof rec.text !== 'string' || !isRequestTranslation(rec.probeId)) return;
      const before = requests.get(rec.key);
      if (before && before.text !== rec.text && problems.length < 5) {
        problems.push(`${before.dir} and ${dir} translated the request ${rec.probeId} differently`);
      }
      if (!before) requests.set(rec.key, { text: rec.text, dir });
    });
  }
  if (problems.length > 0) {
    throw new UsageError(
      `the shards sent the same request in different translations, so their merge would not be one audit:\n  ${problems.join('\n  ')}\n` +
        'run the audit whole, or shard it with a translator that gives the same translation every time',
    );
  }
}

/** Join the shards' translation journals into the merged run directory's (after checkShardTranslations). */
export function mergeTranslationJournals(shardDirs: readonly string[], outDir: string): void {
  const writer = new JournalWriter(join(outDir, TRANSLATION_FILE), 0);
  try {
    for (const dir of shardDirs) scanJournal(join(dir, TRANSLATION_FILE), (rec) => writer.append(rec));
  } finally {
    writer.close();
  }
}

/** A translator call out of English (a request), by its journal id `translate|en>zu|<hash>` (translate.ts). */
function isRequestTranslation(probeId: string): boolean {
  return probeId.startsWith(`translate|${SCORING_LANGUAGE}>`);
}
