/**
 * Why this exists: the library (drift/, stacks/) and the CLI both raise errors meant for the person at the
 * terminal, and the library must not import the CLI. The CLI re-exports these (cli/errors.ts).
 */

/**
 * An error meant for the person at the terminal: it names the file/field/flag, the value, and the fix.
 * The CLI prints only its message (no stack trace unless --debug).
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
