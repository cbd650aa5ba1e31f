import { Command, CommanderError } from 'commander';
import { BiasAuditError, toolVersion } from '../index.js';
import { registerCompare } from './commands/compare.js';
import { registerReport } from './commands/report.js';
import { registerMerge } from './commands/merge.js';
import { registerRun } from './commands/run.js';
import { registerSim } from './commands/sim.js';
import { registerValidate } from './commands/validate.js';
import { registerPlan } from './commands/plan.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerList } from './commands/list.js';
import { registerInit } from './commands/init.js';
import { registerExpand } from './commands/expand.js';
import { registerImport } from './commands/import.js';
import { registerReview } from './commands/review.js';
import { registerExport } from './commands/export.js';
import type { CliContext, CliIO } from './context.js';

export type { CliIO } from './context.js';

/**
 * The `bias-audit` binary: parse arguments, call the public API, print, and return the exit code
 * (0 passed, 1 failing disparities, 2 bad input or usage, 3 run could not complete, 4 inconclusive). Never exits.
 * Each command lives in commands/<name>.ts and registers itself here.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let code = 0;
  const ctx: CliContext = {
    io,
    out: (s) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => io.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    setCode: (c) => (code = c),
  };
  const program = new Command('bias-audit')
    .description('Audit language models for demographic bias with counterfactual probes.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', '\nExit codes: 0 audit passed (equivalence within the policy shown on every axis) · 1 a disparity beyond the policy shown · 2 bad input or usage · 3 the run could not complete · 4 inconclusive (neither shown; the report says how many samples would decide it)\n');
  registerRun(program, ctx);
  registerReport(program, ctx);
  registerMerge(program, ctx);
  registerValidate(program, ctx);
  registerPlan(program, ctx);
  registerAnalyze(program, ctx);
  registerList(program, ctx);
  registerInit(program, ctx);
  registerExpand(program, ctx);
  registerImport(program, ctx);
  registerSim(program, ctx);
  registerCompare(program, ctx);
  registerReview(program, ctx);
  registerExport(program, ctx);

  try {
    await program.parseAsync(['node', 'bias-audit', ...argv]);
    return code;
  } catch (e) {
    return reportError(e, ctx.err);
  }
}

function reportError(e: unknown, err: (s: string) => void): number {
  if (e instanceof CommanderError) {
    return e.exitCode === 0 ? 0 : 2; // commander already printed the message or the help
  }
  if (e instanceof BiasAuditError) {
    err(`error: ${e.message}`);
    return e.exitCode;
  }
  err(`internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 3;
}

