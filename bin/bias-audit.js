#!/usr/bin/env node
// The only place that touches the process: arguments, streams, SIGINT and the exit code.
import { main } from '../dist/cli/index.js';

const controller = new AbortController();
let interrupts = 0;
// SIGTERM too: a CI runner cancelling a job sends it, and the journal should close as cleanly.
const stop = (signal) => {
  interrupts += 1;
  if (interrupts > 1) process.exit(signal === 'SIGINT' ? 130 : 143); // a second signal means now
  process.stderr.write(`\nstopping (${signal}): finishing calls in flight and closing the journal (Ctrl-C again to quit at once)\n`);
  controller.abort(new Error('interrupted'));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
  signal: controller.signal,
});
process.exitCode = code;
