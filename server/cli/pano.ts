#!/usr/bin/env node
/** The `pano` command (package.json "bin"); everything but process wiring lives in run.ts. */
import '../protocol/zod-locale.js';
import { removePartialFiles } from '../print/index.js';
import { runCli } from './run.js';

// An interrupted print leaves no half-written temp file beside the destination.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    removePartialFiles();
    process.exit(code);
  });
}

// A reader that stops early (`pano audit verify | head -1`) closes the pipe: that ends the
// output the reader wanted, not the command with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    removePartialFiles();
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTty: process.stderr.isTTY === true,
});
