/**
 * Reads a JSON drift report for `report merge` and checks it against the contract (drift/model/report.ts,
 * docs/drift-report.schema.json) with zod: ajv is a development dependency, and merge needs only these
 * fields to be right. Unknown fields pass through (the contract is additive). A bad file is named with the
 * field, the value and the fix.
 */
import { z } from 'zod';
import { ATTRIBUTION_STATUSES, ERROR_KINDS, FINDING_CODES, SEVERITIES, type DriftReport } from '../model';
import { UserError } from '../../shared/errors';
import { NotUtf8Error, readUtf8File } from '../../shared/text-file';
import { jsonSyntaxProblem } from '../../shared/json-text';
import { fieldName } from '../../shared/yaml-file';

const count = z.number().int().min(0);
const account = z.string().regex(/^\d{12}$/, 'expected a 12-digit account id');
const severity = z.enum(SEVERITIES as [string, ...string[]]);
const code = z.enum(FINDING_CODES);

const finding = z
  .object({
    code,
    severity,
    reason: z.string(),
    resource: z.object({ type: z.string(), name: z.string(), arn: z.string().nullable(), address: z.string().nullable() }).passthrough(),
    differences: z.array(
      z
        .object({ path: z.string(), expected: z.unknown(), actual: z.unknown(), type: z.enum(['ADD', 'REMOVE', 'NOT_EQUAL']) })
        .passthrough(),
    ),
    remediation: z.string(),
    source: z.string(),
    account: account.nullable(),
    region: z.string(),
    fingerprint: z.string(),
    target: z.string().optional(),
    attribution: z.object({ actor: z.string(), eventName: z.string(), eventTime: z.string() }).passthrough().nullable(),
    attributionStatus: z.enum(ATTRIBUTION_STATUSES),
  })
  .passthrough();

const rule = z
  .object({
    code: z.union([code, z.literal('*')]),
    resource: z.string(),
    property: z.string().optional(),
    reason: z.string().min(1),
    expires: z.string().optional(),
    owner: z.string().optional(),
    at: z.string(),
  })
  .passthrough();

const reportSchema = z
  .object({
    schemaVersion: z.literal(1),
    generatedAt: z.string(),
    tool: z.object({ name: z.string(), version: z.string() }).passthrough(),
    verdict: z.enum(['in-sync', 'drift', 'error']),
    exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    failOn: severity,
    summary: z.object({ roles: count, functions: count }).passthrough(),
    scope: z
      .object({
        accounts: z.array(account),
        regions: z.array(z.string()),
        sources: z.array(z.string()),
        targets: z
          .array(
            z
              .object({
                name: z.string(),
                account: account.nullable(),
                regions: z.array(z.string()),
                sources: z.array(z.string()),
                status: z.enum(['checked', 'unchecked']),
              })
              .passthrough(),
          )
          .optional(),
      })
      .passthrough(),
    findings: z.array(finding),
    ignored: z.array(z.object({ finding, rule }).passthrough()),
    warnings: z.array(
      z
        .object({
          code: z.string(),
          message: z.string(),
          resource: z.string().optional(),
          target: z.string().optional(),
          rule: z.string().optional(),
        })
        .passthrough(),
    ),
    errors: z.array(
      z
        .object({
          resource: z.string(),
          message: z.string(),
          kind: z.enum(ERROR_KINDS).optional(),
          account: z.string().optional(),
          target: z.string().optional(),
        })
        .passthrough(),
    ),
    checked: z.array(z.object({ type: z.string(), name: z.string() }).passthrough()).optional(),
    scan: z
      .object({ mode: z.enum(['full', 'incremental']) })
      .passthrough()
      .optional(),
  })
  .passthrough();

const FIX = 'pass the JSON report a drift run wrote (--report json=PATH)';

/** Reads and checks one input of `report merge`; throws a UserError naming the file. */
export function readReportFile(file: string): DriftReport {
  let json: unknown;
  let text = '';
  try {
    text = readUtf8File(file);
    json = JSON.parse(text);
  } catch (err) {
    if (err instanceof NotUtf8Error) throw new UserError(`${err.message}; ${FIX}`);
    const e = err as NodeJS.ErrnoException;
    const problem = e.code === 'ENOENT' ? 'file not found' : e.code ? e.message : `not JSON (${jsonSyntaxProblem(err, text)})`;
    throw new UserError(`${file}: ${problem}; ${FIX}`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof json !== 'object' || json === null || version === undefined)
    throw new UserError(`${file}: not a lambda-roles drift report (no schemaVersion); ${FIX}`);
  if (version !== 1)
    throw new UserError(
      `${file}: schemaVersion ${JSON.stringify(version)} is not supported; this lambda-roles reads schemaVersion 1 reports, so merge reports written by a version that writes 1`,
    );
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => {
      const value = i.path.reduce<unknown>((v, p) => (v as Record<string | number, unknown> | undefined)?.[p], json);
      return `${file}: ${fieldName(i.path)}: ${value === undefined ? '' : `${JSON.stringify(value)}: `}${i.message}`;
    });
    const more = parsed.error.issues.length - lines.length;
    throw new UserError(
      `${lines.join('\n')}${more > 0 ? `\n${file}: … and ${more} more problem(s)` : ''}\n${file}: not a valid drift report (schemaVersion 1); ${FIX}`,
    );
  }
  // Checked above field by field; extra fields (the contract is additive) are kept as they are.
  return json as DriftReport;
}
