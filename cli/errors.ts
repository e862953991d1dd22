import { ZodError, type ZodType, type ZodTypeDef } from 'zod';
import { UserError } from '../shared/errors';

// UserError lives in shared/ (the library throws it too); the CLI keeps exporting it from here.
export { UserError };

/** Turns a zod error on CLI options into one readable line per bad flag. */
export function zodIssuesToLines(err: ZodError, prefix = '--'): string[] {
  return err.issues.map((issue) => {
    const flag = issue.path.length ? `${prefix}${issue.path.join('.')}` : 'options';
    return `${flag}: ${issue.message}`;
  });
}

/**
 * Validates raw commander options with `schema`. A bad flag becomes one UserError line each, naming the
 * flag as typed (camelCase keys back to --kebab-case), the value it got, and the rule:
 * `--since "7x": expected a number and a unit …`.
 */
export function parseFlags<T>(schema: ZodType<T, ZodTypeDef, unknown>, raw: Record<string, unknown>): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    if (!key) return `options: ${issue.message}`;
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    // A repeatable flag: name the one value that is wrong, not the whole list.
    const index = issue.path[1];
    const value = typeof index === 'number' && Array.isArray(raw[key]) ? (raw[key] as unknown[])[index] : raw[key];
    return `${flag} ${JSON.stringify(value)}: ${issue.message}`;
  });
  throw new UserError(lines.join('\n'));
}

/** The one error printer. Returns the text to print; the caller decides the stream. */
export function formatError(err: unknown, debug: boolean): string {
  if (err instanceof ZodError)
    return zodIssuesToLines(err)
      .map((l) => `error: ${l}`)
      .join('\n');
  if (err instanceof UserError) return `error: ${err.message}` + (debug && err.stack ? `\n${err.stack}` : '');
  const e = err instanceof Error ? err : new Error(String(err));
  return `error: ${e.message}` + (debug && e.stack ? `\n${e.stack}` : '\n(run with --debug for the stack trace)');
}
