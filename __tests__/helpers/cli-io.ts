/** In-memory stdout/stderr for running the CLI's main() in-process, as the bin would. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../cli/main';

export function captureIo(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { stdout, stderr, exitCode: 0, out: () => out, err: () => err };
}
