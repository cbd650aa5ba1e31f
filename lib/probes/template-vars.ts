import Handlebars from 'handlebars';

/** Helpers a probe template may call besides Handlebars' own block helpers. */
export const TEMPLATE_HELPERS: Record<string, (s: unknown) => string> = {
  capitalize: (s) => {
    const t = String(s ?? '');
    return t.charAt(0).toUpperCase() + t.slice(1);
  },
  lower: (s) => String(s ?? '').toLowerCase(),
  upper: (s) => String(s ?? '').toUpperCase(),
  // The base64 jailbreak transform (Wei et al. 2023, arXiv:2307.02483): the request in UTF-8, base64-encoded.
  base64: (s) => Buffer.from(String(s ?? ''), 'utf8').toString('base64'),
};

const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);

export interface TemplateVariable {
  name: string;
  /** 1-based line within the template text. */
  line: number;
}

/**
 * The variables a Handlebars template reads, found on its syntax tree rather than by regex so that
 * helpers (`{{capitalize name}}`), block helpers (`{{#if pronoun}}`) and `this`-paths are told apart.
 * Throws Handlebars' own parse error (with its line) when the template is not valid Handlebars.
 */
export function templateVariables(source: string): TemplateVariable[] {
  const ast = Handlebars.parse(source);
  const found: TemplateVariable[] = [];
  const visitPath = (p: hbs.AST.PathExpression) => {
    // `@index`, `this`, `../x` and paths inside `#each`/`#with` scopes are not probe variables.
    if (p.data || p.depth > 0 || p.parts.length === 0 || p.original.startsWith('this')) return;
    found.push({ name: p.parts[0] as string, line: p.loc?.start.line ?? 1 });
  };
  const visitExpr = (e: hbs.AST.Expression) => {
    if (e.type === 'PathExpression') visitPath(e as hbs.AST.PathExpression);
    else if (e.type === 'SubExpression') visitCall(e as hbs.AST.SubExpression);
  };
  const visitCall = (c: { path: hbs.AST.PathExpression | hbs.AST.Expression; params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }) => {
    const path = c.path as hbs.AST.PathExpression;
    const isHelper = c.params.length > 0 || (path.type === 'PathExpression' && (BUILTIN_HELPERS.has(path.original) || path.original in TEMPLATE_HELPERS));
    if (!isHelper) visitExpr(c.path as hbs.AST.Expression);
    c.params.forEach(visitExpr);
    c.hash?.pairs.forEach((pair) => visitExpr(pair.value));
  };
  const visitProgram = (prog: hbs.AST.Program | undefined, scoped: boolean) => {
    if (!prog) return;
    for (const st of prog.body) {
      if (st.type === 'MustacheStatement') {
        if (!scoped) visitCall(st as hbs.AST.MustacheStatement);
      } else if (st.type === 'BlockStatement') {
        const b = st as hbs.AST.BlockStatement;
        if (!scoped) visitCall(b);
        // Inside #each / #with the context changes: names there are not top-level variables.
        const changesScope = b.path.type === 'PathExpression' && ['each', 'with'].includes((b.path as hbs.AST.PathExpression).original);
        visitProgram(b.program, scoped || changesScope);
        visitProgram(b.inverse, scoped);
      }
    }
  };
  visitProgram(ast, false);
  return found;
}

/** A Handlebars environment of our own (no global helper registration) for rendering prompts. */
export function createTemplateEngine(): typeof Handlebars {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(TEMPLATE_HELPERS)) hb.registerHelper(name, fn);
  return hb;
}

/** Compile a prompt template: plain text out (no HTML escaping), missing variables are errors. */
export function compilePrompt(hb: typeof Handlebars, source: string): (vars: Record<string, string>) => string {
  const fn = hb.compile(source, { noEscape: true, strict: true, knownHelpersOnly: false });
  return (vars) => fn(vars);
}
