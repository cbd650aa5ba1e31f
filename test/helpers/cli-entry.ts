// bin/bias-audit.js for the sources (tests spawn this so they need no build).
import { main } from '../../lib/cli/index.js';

const controller = new AbortController();
process.on('SIGINT', () => controller.abort(new Error('interrupted')));
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  isTTY: false,
  signal: controller.signal,
});
