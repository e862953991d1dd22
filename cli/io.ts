/** What a command writes to and how it ends: the streams, and the exit code bin/lambda-roles.js exits with. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; hasColors?: () => boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; hasColors?: () => boolean };
  /** Set by a command; defaults to OK. */
  exitCode: number;
}
