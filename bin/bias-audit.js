#!/usr/bin/env node
// The only place that touches the process: arguments, streams, SIGINT and the exit code.
import { main } from '../dist/cli/index.js';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130); // a second Ctrl-C means now
  process.stderr.write('\nstopping: finishing calls in flight and closing the journal (Ctrl-C again to quit at once)\n');
  controller.abort(new Error('interrupted'));
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
  signal: controller.signal,
});
process.exitCode = code;
