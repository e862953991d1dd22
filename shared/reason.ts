/**
 * Why this exists: a suppression (synth-time checks) and an ignore rule (drift) both acknowledge a finding,
 * and both must say why in words a reviewer can judge. One rule for both: at least MIN_REASON_LENGTH
 * characters, and not a placeholder left for a person to fill in.
 */

/** A reason must say why; "ok" or "needed" does not. */
export const MIN_REASON_LENGTH = 10;

/** What a generated file writes where a person must give the reason; it never passes reasonProblem. */
export const REASON_PLACEHOLDER = 'TODO: say why this is acceptable (replace this text)';

/** Why `reason` is not a real reason, as a sentence ending in the fix; undefined when it is one. */
export function reasonProblem(reason: string): string | undefined {
  const text = reason.trim();
  if (/^TODO\b/i.test(text)) return 'is a placeholder; replace it with why this is acceptable, in your own words';
  if (text.length < MIN_REASON_LENGTH)
    return `is too short; say why this is acceptable in at least ${MIN_REASON_LENGTH} characters (not "ok" or "needed")`;
  return undefined;
}
