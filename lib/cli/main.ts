import { Command, CommanderError } from 'commander';
import { BiasAuditError, toolVersion } from '../index.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSim } from './commands/sim.js';
import { registerValidate } from './commands/validate.js';
import type { CliContext, CliIO } from './context.js';

export type { CliIO } from './context.js';

/**
 * The `bias-audit` binary: parse arguments, call the public API, print, and return the exit code
 * (0 passed, 1 failing disparities, 2 bad input or usage, 3 run could not complete). Never exits.
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
    .showHelpAfterError('(run with --help for usage)');
  registerRun(program, ctx);
  registerReport(program, ctx);
  registerValidate(program, ctx);
  registerSim(program, ctx);

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

