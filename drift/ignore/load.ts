/**
 * Reads an ignore file (`.lambda-roles-ignore.yaml`): a list of rules, each checked by a zod schema whose
 * errors name the file, the line, the field, the value and the fix (shared/yaml-file). A rule needs a real
 * reason (shared/reason: the same rule as synth-time suppressions), so a starting file written by
 * `--write-ignore` fails here until a person has said why each drift is acceptable.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { FINDING_CODES, type FindingCode, type IgnoreRuleRef } from '../model';
import { readYamlFile } from '../../shared/yaml-file';
import { reasonProblem } from '../../shared/reason';
import { UserError } from '../../shared/errors';

/** The file a run reads when it exists and no `--ignore-file` is given. */
export const DEFAULT_IGNORE_FILE = '.lambda-roles-ignore.yaml';

const RULE_FIELDS = 'code, resource, property, account, reason, expires and owner';

/** Codes sharing the most words with `code`, for a "did you mean". */
function nearestCodes(code: string): string[] {
  const words = new Set(
    code
      .toUpperCase()
      .split(/[^A-Z]+/)
      .filter(Boolean),
  );
  const scored = FINDING_CODES.map((c) => ({ c, n: c.split('_').filter((w) => words.has(w)).length })).filter((x) => x.n > 0);
  const best = Math.max(0, ...scored.map((x) => x.n));
  return scored.filter((x) => x.n === best).map((x) => x.c);
}

const codeSchema = z
  .string({ required_error: 'missing; give a finding code (see the README) or "*" for any code' })
  .superRefine((c, ctx) => {
    if (c === '*' || (FINDING_CODES as readonly string[]).includes(c)) return;
    const near = nearestCodes(c);
    ctx.addIssue({
      code: 'custom',
      message: `not a finding code; use "*" or a code from the README${near.length ? `, e.g. ${near.slice(0, 3).join(', ')}` : ''}`,
    });
  });

/** YYYY-MM-DD and a real day: the rule applies through the end of that day, UTC. */
const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD, e.g. 2027-01-31 (the rule applies through that day, UTC)')
  // zod runs refinements after a failed regex too: only judge what has the shape of a date.
  .refine(
    (d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || new Date(Date.parse(`${d}T00:00:00Z`) || 0).toISOString().slice(0, 10) === d,
    'not a calendar date; expected YYYY-MM-DD, e.g. 2027-01-31',
  );

const ruleSchema = z
  .object({
    code: codeSchema,
    resource: z
      .string({ required_error: 'missing; give a glob over the Terraform address, the role or function name, or the ARN' })
      .min(1, 'empty; give a glob over the Terraform address, the role or function name, or the ARN'),
    property: z.string().min(1, 'empty; give a glob over the difference path (e.g. "Tags.*"), or leave the field out').optional(),
    account: z
      .string()
      .regex(/^(\d{12}|[\d*?]*[*?][\d*?]*)$/, 'expected a 12-digit account id (quoted), or a glob of digits, * and ?')
      .optional(),
    reason: z.string({ required_error: 'missing; say why this drift is acceptable' }).superRefine((r, ctx) => {
      const problem = reasonProblem(r);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    expires: dateSchema.optional(),
    // `owner: ""` (what --write-ignore leaves for a person to fill in) means no owner.
    owner: z.string().optional(),
  })
  .strict(`a rule has ${RULE_FIELDS}`);

const fileSchema = z
  .object(
    {
      rules: z.array(ruleSchema, {
        required_error: 'missing; the file holds `rules:`, a list of rules',
        invalid_type_error: 'expected a list of rules',
      }),
    },
    { invalid_type_error: 'expected a mapping with `rules:`, a list of rules (see the README)' },
  )
  .strict('the file holds only `rules:`');

/** An ignore rule as the run applies it: the file's fields plus where it is (`file:line`). */
export type IgnoreRule = IgnoreRuleRef;

/** Reads and checks an ignore file; a UserError names every bad rule by file and line. */
export function loadIgnoreFile(file: string, flag = `--ignore-file ${file}`): IgnoreRule[] {
  const { data, lineOf } = readYamlFile(file, fileSchema, { what: 'ignore file (.lambda-roles-ignore.yaml)', flag });
  return data.rules.map((r, i) => ({
    code: r.code as FindingCode | '*',
    resource: r.resource,
    ...(r.property !== undefined ? { property: r.property } : {}),
    ...(r.account !== undefined ? { account: r.account } : {}),
    reason: r.reason.trim(),
    ...(r.expires !== undefined ? { expires: r.expires } : {}),
    ...(r.owner ? { owner: r.owner } : {}),
    at: `${file}:${lineOf(['rules', i])}`,
  }));
}

/**
 * The rules a run applies: the named file (which must exist), else `.lambda-roles-ignore.yaml` in the
 * current directory when it exists, else none.
 */
export function loadIgnoreRules(ignoreFile: string | undefined): IgnoreRule[] {
  if (ignoreFile !== undefined) {
    if (!existsSync(ignoreFile))
      throw new UserError(`--ignore-file ${ignoreFile}: file not found; pass the path of an ignore file, or leave the flag out`);
    return loadIgnoreFile(ignoreFile);
  }
  return existsSync(DEFAULT_IGNORE_FILE) ? loadIgnoreFile(DEFAULT_IGNORE_FILE, DEFAULT_IGNORE_FILE) : [];
}
