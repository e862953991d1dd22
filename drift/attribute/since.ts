/** The `--since` look-back window: a number and a unit, e.g. 30m, 12h, 7d, 2w. */
import { z } from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** CloudTrail event history keeps 90 days; a longer window cannot find more. */
export const MAX_SINCE_MS = 90 * UNIT_MS.d;
export const DEFAULT_SINCE = '7d';

export const sinceSchema = z
  .string()
  .trim()
  .regex(/^\d+[mhdw]$/, { message: 'expected a number and a unit m|h|d|w, e.g. 30m, 12h, 7d or 2w' })
  .transform((s) => Number(s.slice(0, -1)) * UNIT_MS[s.slice(-1) as keyof typeof UNIT_MS])
  .refine((ms) => ms > 0, { message: 'the window must be longer than 0' })
  .refine((ms) => ms <= MAX_SINCE_MS, { message: 'CloudTrail keeps 90 days of event history; use at most 90d (or 12w)' });

/** Milliseconds for a window like "7d"; throws a ZodError naming the rule otherwise. */
export function parseSince(text: string): number {
  return sinceSchema.parse(text);
}
