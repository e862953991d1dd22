/**
 * The multi-account config (`--config lambda-roles.drift.yaml`): the targets one run checks, each an
 * account with its regions, the role to assume there and its states. Checked like every run input, before
 * any call, with errors naming the file, the line, the field, the value and the fix (shared/yaml-file).
 * Paths in the file are relative to the file's own directory, so the config works from any working directory.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../shared/yaml-file';
import { parseRoleArn } from '../../shared/aws/arn';
import { REGION_PATTERN } from '../../shared/aws/partition';
import { UserError } from '../../shared/errors';
import { isValidStackName, stackDirectory } from '../state/read-state';
import { DURATION_RULES, formatDuration, parseDuration } from '../aws/deadline';

/** The session name AssumeRole gets when a target names none (it shows in the account's CloudTrail). */
export const DEFAULT_SESSION_NAME = 'lambda-roles-drift';

export interface TargetRole {
  readonly arn: string;
  /** @default - none */
  readonly externalId?: string;
  /** @default DEFAULT_SESSION_NAME */
  readonly sessionName: string;
}

/** One target, with paths resolved against the config file's directory (shown relative to the working directory when under it). */
export interface DriftTarget {
  readonly name: string;
  readonly account: string;
  /** The first is the default region (clients, and functions whose state names none). */
  readonly regions: readonly string[];
  /** The role to assume with the base credentials. @default - the base credentials, which must be for `account` */
  readonly role?: TargetRole;
  readonly stacks: readonly string[];
  readonly stateFiles: readonly string[];
  /** Where the target's stacks were synthesized. @default - cdktf.out next to the config file */
  readonly outDir: string;
  /** @default - the run's --deploy-identity */
  readonly deployIdentity?: string;
  /** This target's run deadline ('90s', '10m', '1h'). @default - the run's --timeout */
  readonly timeout?: string;
  /** `file:line` of the target in the config, for messages. */
  readonly at: string;
}

const FIX_PATHS = '(paths are relative to the config file)';
const list = (what: string) =>
  z.array(z.string().min(1, `empty; give a ${what}`), { invalid_type_error: `expected a list, e.g. [${what}]` }).default([]);

const roleSchema = z
  .object({
    arn: z
      .string({ required_error: 'missing; give the ARN of the role to assume, e.g. arn:aws:iam::111111111111:role/drift-job' })
      .refine((a) => parseRoleArn(a) !== undefined, 'not a role ARN; expected e.g. arn:aws:iam::111111111111:role/drift-job'),
    externalId: z.string().min(2, 'too short; AWS external ids have 2 to 1224 characters').max(1224).optional(),
    sessionName: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, 'expected 2 to 64 letters, digits or +=,.@_- (AWS RoleSessionName)')
      .default(DEFAULT_SESSION_NAME),
  })
  .strict('a role has arn, externalId and sessionName');

const TIMEOUT = DURATION_RULES.timeout;
const TIMEOUT_EXPECTED = `expected a duration with its unit, from ${formatDuration(TIMEOUT.minMs)} to ${formatDuration(TIMEOUT.maxMs)}, e.g. ${TIMEOUT.example}`;

const targetSchema = z
  .object({
    name: z
      .string({ required_error: 'missing; give the target a name (letters, digits, . _ -), e.g. prod' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected letters, digits, . _ - (a name CI can use in file names), e.g. prod'),
    account: z
      .string({ required_error: 'missing; give the 12-digit account id, quoted, e.g. "111111111111"' })
      .regex(/^\d{12}$/, 'expected a 12-digit account id, quoted, e.g. "111111111111"'),
    regions: z
      .array(z.string().regex(REGION_PATTERN, 'expected an AWS region such as us-east-1'), {
        required_error: 'missing; list the regions, e.g. [us-east-1] (the first is the default for functions whose state names none)',
        invalid_type_error: 'expected a list, e.g. [us-east-1]',
      })
      .min(1, 'empty; list at least one region, e.g. [us-east-1]'),
    role: roleSchema.optional(),
    stacks: list('stack name'),
    states: list('terraform.tfstate path'),
    outdir: z.string().min(1, 'empty; give the directory the stacks were synthesized to, or leave the field out').optional(),
    deployIdentity: z
      .string()
      .regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/, 'expected an IAM or STS ARN, e.g. arn:aws:iam::111111111111:role/deploy')
      .optional(),
    // The same rule as --timeout (drift/aws/deadline.ts); a bare number would be ambiguous (seconds? ms?).
    timeout: z
      .string({ invalid_type_error: TIMEOUT_EXPECTED })
      .refine((v) => {
        const ms = parseDuration(v);
        return ms !== undefined && ms >= TIMEOUT.minMs && ms <= TIMEOUT.maxMs;
      }, TIMEOUT_EXPECTED)
      .optional(),
  })
  .strict('a target has name, account, regions, role, stacks, states, outdir, deployIdentity and timeout')
  .superRefine((t, ctx) => {
    if (t.stacks.length + t.states.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['stacks'],
        message: 'the target has no state; give stacks: [NAME] or states: [FILE], or both',
      });
    const role = t.role && parseRoleArn(t.role.arn);
    if (role && role.account !== t.account)
      ctx.addIssue({
        code: 'custom',
        path: ['role', 'arn'],
        message: `the role is in account ${role.account}, the target is account ${t.account}; assume a role in the target's account`,
      });
  });

const fileSchema = z
  .object(
    {
      targets: z
        .array(targetSchema, { required_error: 'missing; the file lists `targets:`', invalid_type_error: 'expected a list of targets' })
        .min(1, 'empty; list at least one target'),
    },
    { invalid_type_error: 'expected a mapping with `targets:`, a list of targets (see the README)' },
  )
  .strict('the file holds only `targets:`')
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.targets.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'name'],
          message: 'a second target with this name; give each target its own name',
        });
      seen.add(t.name);
    });
  });

/** A path from the config (relative to its directory) as the run shows it: relative to the working directory when under it. */
function fromConfig(configDir: string, path: string): string {
  const absolute = resolve(configDir, path);
  const rel = relative(process.cwd(), absolute);
  return rel.startsWith('..') || isAbsolute(rel) ? absolute : rel || '.';
}

/**
 * Reads and checks the config, then the targets' inputs (state files exist, stacks were synthesized), so a
 * typo fails in a second with its line, before any target is assumed or read.
 */
export function loadDriftConfig(file: string): DriftTarget[] {
  const { data, lineOf } = readYamlFile(file, fileSchema, { what: 'drift config (lambda-roles.drift.yaml)', flag: `--config ${file}` });
  const dir = dirname(resolve(file));
  const problems: string[] = [];
  const targets = data.targets.map((t, i): DriftTarget => {
    const outDir = fromConfig(dir, t.outdir ?? 'cdktf.out');
    t.states.forEach((s, j) => {
      const path = resolve(dir, s);
      if (!existsSync(path) || !statSync(path).isFile())
        problems.push(
          `${file}:${lineOf(['targets', i, 'states', j])}: targets[${i}].states[${j}]: "${s}": no such file ${FIX_PATHS}; give the path of a terraform.tfstate`,
        );
    });
    t.stacks.forEach((s, j) => {
      const at = `${file}:${lineOf(['targets', i, 'stacks', j])}: targets[${i}].stacks[${j}]: "${s}"`;
      if (!isValidStackName(s)) problems.push(`${at}: not a valid cdktf stack name; use letters, digits, . _ -`);
      else if (!existsSync(stackDirectory(s, outDir)))
        problems.push(`${at}: not synthesized in ${outDir} ${FIX_PATHS}; run \`npm run synth\`, or set the target's outdir`);
    });
    return {
      name: t.name,
      account: t.account,
      regions: t.regions,
      ...(t.role ? { role: t.role } : {}),
      stacks: t.stacks,
      stateFiles: t.states.map((s) => fromConfig(dir, s)),
      outDir,
      ...(t.deployIdentity ? { deployIdentity: t.deployIdentity } : {}),
      ...(t.timeout ? { timeout: t.timeout } : {}),
      at: `${file}:${lineOf(['targets', i])}`,
    };
  });
  if (problems.length) throw new UserError(problems.join('\n'));
  return targets;
}

/** The targets `--target NAME` (repeatable) selects, in config order; every name must be in the config. */
export function selectTargets(all: readonly DriftTarget[], names: readonly string[], file: string): DriftTarget[] {
  const unknown = names.filter((n) => !all.some((t) => t.name === n));
  if (unknown.length)
    throw new UserError(
      `--target ${unknown.map((n) => JSON.stringify(n)).join(', ')}: not a target in ${file}; the targets are ${all.map((t) => t.name).join(', ')}`,
    );
  return names.length ? all.filter((t) => names.includes(t.name)) : [...all];
}
