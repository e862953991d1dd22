/**
 * Why this exists: the expected side of the drift check is whatever Terraform last recorded. We read tfstate
 * v4 (a file, or `terraform state pull` in a synthesized cdktf stack) into an ExpectedInventory, and merge
 * several stacks into one, because a role can be owned by one stack and attached to by another.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExpectedCustomerPolicy, ExpectedFunction, ExpectedInventory, ExpectedRole } from '../model';
import { UserError } from '../../shared/errors';
import { terraformEnv } from '../../tooling/terraform-env';
import { readStateInstances } from './tfstate';
import { collectRoles, isRoleOwned } from './roles';
import { collectCustomerPolicies, collectFunctions } from './functions';

export interface ParseStateOptions {
  /**
   * Region for permissions that name their function by plain name when the state has no function ARN.
   * An explicit value (--region) wins over the state's own majority.
   * @default - the region most functions in the state use, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1
   */
  readonly defaultRegion?: string;
}

export function parseTerraformState(json: string, source: string, opts: ParseStateOptions = {}): ExpectedInventory {
  const instances = readStateInstances(json, source);
  const { roles, warnings } = collectRoles(instances, source);
  return {
    roles,
    functions: collectFunctions(instances, source, opts.defaultRegion),
    customerPolicies: collectCustomerPolicies(instances, source),
    sources: [source],
    warnings,
  };
}

export function mergeInventories(parts: ExpectedInventory[]): ExpectedInventory {
  const roles = new Map<string, ExpectedRole>();
  for (const r of parts.flatMap((p) => p.roles)) {
    const seen = roles.get(r.name);
    roles.set(r.name, seen ? mergeRole(seen, r) : r);
  }
  const functions = new Map<string, ExpectedFunction>();
  for (const f of parts.flatMap((p) => p.functions)) {
    const key = `${f.region}/${f.name}`;
    const seen = functions.get(key);
    functions.set(key, seen ? mergeFunction(seen, f) : f);
  }
  const policies = new Map<string, ExpectedCustomerPolicy>();
  for (const p of parts.flatMap((x) => x.customerPolicies)) if (!policies.has(p.arn)) policies.set(p.arn, p);
  return {
    roles: [...roles.values()],
    functions: [...functions.values()],
    customerPolicies: [...policies.values()],
    sources: [...new Set(parts.flatMap((p) => p.sources))],
    warnings: [...new Set(parts.flatMap((p) => p.warnings ?? []))],
  };
}

/** The state that owns the role supplies its attributes; policies and exclusivity are the union of both. */
function mergeRole(a: ExpectedRole, b: ExpectedRole): ExpectedRole {
  const [owner, other] = isRoleOwned(b) && !isRoleOwned(a) ? [b, a] : [a, b];
  return {
    ...owner,
    managedPolicies: { ...other.managedPolicies, ...owner.managedPolicies },
    inlinePolicies: { ...other.inlinePolicies, ...owner.inlinePolicies },
    exclusiveAttachments: a.exclusiveAttachments || b.exclusiveAttachments,
    exclusiveInlinePolicies: a.exclusiveInlinePolicies || b.exclusiveInlinePolicies,
  };
}

function mergeFunction(a: ExpectedFunction, b: ExpectedFunction): ExpectedFunction {
  const [owner, other] = b.address && !a.address ? [b, a] : [a, b];
  // The same permission from two inputs (a stack and its own state file) is one permission: the key Lambda
  // itself enforces is (qualifier, statement id); the owner's copy wins.
  const permissions = new Map<string, ExpectedFunction['permissions'][number]>();
  for (const p of [...owner.permissions, ...other.permissions]) {
    const key = `${p.permission.qualifier ?? ''}/${p.permission.statementId}`;
    if (!permissions.has(key)) permissions.set(key, p);
  }
  return { ...owner, permissions: [...permissions.values()] };
}

export function readStateFile(path: string, opts: ParseStateOptions = {}): ExpectedInventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(
      `state file ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
        'Pass the path of a tfstate file, e.g. one written by `terraform state pull > state.json`.',
    );
  }
  try {
    return parseTerraformState(text, path, opts);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

export interface PullStackStateOptions extends ParseStateOptions {
  /** The cdktf output directory. @default "cdktf.out" in the current directory */
  readonly outDir?: string;
  /** Base environment for Terraform (terraformEnv() is applied on top). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export function pullStackState(stackName: string, opts: PullStackStateOptions = {}): ExpectedInventory {
  if (!/^[A-Za-z0-9._-]+$/.test(stackName) || stackName.startsWith('.')) {
    throw new UserError(
      `stack name ${JSON.stringify(stackName)}: not a valid cdktf stack name. Use the name you gave the stack (letters, digits, . _ -).`,
    );
  }
  const outDir = resolve(opts.outDir ?? 'cdktf.out');
  const dir = join(outDir, 'stacks', stackName);
  if (!existsSync(dir)) {
    throw new UserError(
      `stack ${stackName}: ${dir} does not exist. Run \`cdktf synth\` (npm run synth) first, or pass the right --outdir.`,
    );
  }
  const env = terraformEnv(opts.env ?? process.env);
  const run = (args: string[]) => {
    try {
      // A timeout, because a hung terraform (a lock wait, a slow backend) must not hang the drift check.
      return execFileSync('terraform', args, {
        cwd: dir,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
        timeout: 180_000,
      });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new UserError(`stack ${stackName}: \`terraform ${args.join(' ')}\` failed in ${dir}: ${(e.stderr || e.message).trim()}`);
    }
  };
  if (!existsSync(join(dir, '.terraform'))) run(['init', '-input=false', '-no-color']);
  const json = run(['state', 'pull']);
  if (json.trim() === '') {
    throw new UserError(
      `stack ${stackName}: Terraform has no state for it in ${dir}. Deploy it first (\`cdktf deploy ${stackName}\`), or point at the backend that holds its state.`,
    );
  }
  return parseTerraformState(json, `stack ${stackName}`, opts);
}
