import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { packageRoot } from './package-root.js';

/**
 * A page template of templates/ with report.css (as the `styles` partial) and every partial of
 * templates/partials registered, in a Handlebars instance of its own (no global state).
 *
 * Compiled `strict` with only the built-in helpers: a field the view lacks fails loudly in tests,
 * and data is never compiled, so a model reply holding Handlebars syntax prints as text.
 */
export async function loadTemplate(file: string): Promise<Handlebars.TemplateDelegate> {
  const hbs = Handlebars.create();
  const dir = join(packageRoot(), 'templates');
  hbs.registerPartial('styles', await readFile(join(dir, 'report.css'), 'utf8'));
  const partials = join(dir, 'partials');
  for (const name of (await readdir(partials)).filter((f) => f.endsWith('.hbs')).sort()) {
    hbs.registerPartial(basename(name, '.hbs'), await readFile(join(partials, name), 'utf8'));
  }
  return hbs.compile(await readFile(join(dir, file), 'utf8'), { strict: true, knownHelpersOnly: true });
}
