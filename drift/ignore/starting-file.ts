/**
 * `--write-ignore FILE`: a starting ignore file from the current findings, one rule per finding (its code
 * and the identifier that names only it: an own ARN, else the name and the account), each with a reason placeholder that fails validation
 * (shared/reason) until a person says why the drift is acceptable, and an empty owner. The file is written
 * atomically and never replaces an existing one: rules people wrote are not overwritten by a generator.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Document, isSeq } from 'yaml';
import type { DriftFinding } from '../model';
import { REASON_PLACEHOLDER } from '../../shared/reason';
import { writeFileAtomic } from '../../shared/atomic-write';
import { UserError } from '../../shared/errors';

const HEADER = (n: number) =>
  [
    ` Ignore rules for lambda-roles drift, written by --write-ignore from ${n} finding(s).`,
    ' Replace every reason with why the drift is acceptable: the file fails validation until you do.',
    ' Add `expires: YYYY-MM-DD` so the drift comes back for review, and an owner.',
    ' Globs: `*` matches any characters (`/` too), `?` one character. `property:` narrows a rule to',
    ' difference paths (e.g. "Tags.*").',
  ].join('\n');

/** Resource types whose finding's `arn` is their own ARN; for parts of them (an attachment, an inline policy, a permission) it is the parent's or the policy's. */
const OWN_ARN_TYPES = ['aws_iam_role', 'aws_lambda_function', 'aws_iam_policy'];

/**
 * The identifier that names exactly the finding's resource: its own ARN (unique across accounts), else its
 * name (`role/policy-arn`, `role:inline-policy`, `function/statement-id`). Never the policy ARN of an
 * attachment (it would match that policy on every role) nor the address (several findings share one).
 */
function exactResource(f: DriftFinding): string {
  return f.resource.arn && OWN_ARN_TYPES.includes(f.resource.type) ? f.resource.arn : f.resource.name;
}

/** The text of a starting ignore file for `findings` (deduplicated: one rule per code and resource). */
export function startingIgnoreFile(findings: readonly DriftFinding[]): string {
  const seen = new Set<string>();
  const rules: { finding: DriftFinding; rule: Record<string, string> }[] = [];
  for (const f of findings) {
    const resource = exactResource(f);
    const key = `${f.code}\n${resource}\n${f.account ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A name is the same in every account the stack is deployed to; the account makes the rule exact.
    const account: Record<string, string> = resource === f.resource.name && f.account ? { account: f.account } : {};
    rules.push({ finding: f, rule: { code: f.code, resource, ...account, reason: REASON_PLACEHOLDER, owner: '' } });
  }
  const doc = new Document({ rules: rules.map((r) => r.rule) });
  doc.commentBefore = HEADER(findings.length);
  const seq = doc.get('rules');
  if (isSeq(seq)) {
    seq.items.forEach((item, i) => {
      const f = rules[i].finding;
      const where = [f.account, f.target].filter(Boolean).join(', ');
      (item as { commentBefore?: string }).commentBefore =
        ` ${f.severity}${where ? ` in ${where}` : ''}: ${f.resource.type} ${f.resource.name}`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}

/** Checked before the run makes any call: the directory exists and the file does not. */
export function checkWriteIgnorePath(path: string): void {
  const flag = '--write-ignore';
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new UserError(`${flag} ${path}: directory ${dir} does not exist; create it or choose another path`);
  if (existsSync(path))
    throw new UserError(
      `${flag} ${path}: the file exists; a starting file never replaces rules people wrote. Choose a new path, or move the old file away.`,
    );
}

/** Writes the starting file atomically; refuses (UserError) when the file exists, even one created since the check. */
export function writeStartingIgnoreFile(path: string, findings: readonly DriftFinding[]): void {
  try {
    writeFileAtomic(path, startingIgnoreFile(findings), { noOverwrite: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') checkWriteIgnorePath(path);
    throw new UserError(`--write-ignore ${path}: could not write the file (${(err as Error).message})`);
  }
}
