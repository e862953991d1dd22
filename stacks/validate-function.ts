/**
 * The rules of one function's definition that span fields or need the stack's region and partition: the
 * statement elements per use, trust grants, the code source and settings, aliases and the targets that name
 * them, asynchronous invocation, event sources and logging. Each rule is the one the construct applies
 * (modules/), reported with the definition's field path.
 */
import { planAsyncInvoke } from '../modules/async-invoke';
import { DEAD_LETTER_KINDS, planDestination } from '../modules/destinations';
import { planEventSource } from '../modules/event-sources';
import { checkFunctionCode, checkFunctionSettings } from '../modules/function-settings';
import type { InvokeTarget } from '../modules/invokers';
import { checkLogGroupName, checkRetention } from '../modules/log-group';
import { ARN_RULES, checkArn } from '../modules/arn-rules';
import { checkStatementShape } from '../modules/policy-types';
import { planTrustStatement } from '../modules/trust';
import type { Problem } from '../modules/validation';
import { partitionForRegion, type Partition } from '../shared/aws/partition';
import type { FunctionDefinition, StackDefinition } from './definition';
import { codeSettings, codeSource, loggingOf } from './function-parts';

/** Adds one problem at `field` (relative to the function): value, rule and fix, or a message. */
export type AddProblem = (field: string, message: string) => void;

const says = (value: unknown, p: Problem): string => `${JSON.stringify(value)} ${p.rule}. Fix: ${p.fix}`;

export function functionProblems(def: StackDefinition, fn: FunctionDefinition, add: AddProblem): void {
  const partition = partitionForRegion(def.region);
  statementProblems(fn, add);
  fn.role?.trust?.forEach((grant, i) => {
    const plan = planTrustStatement(grant, partition);
    if (!plan.ok) add(`role.trust[${i}].${plan.field}`, says(plan.value, plan.problem));
  });
  if (fn.code) codeProblems(def, fn, partition, add);
  else
    for (const field of ['aliases', 'asyncInvoke.target'] as const) {
      const used =
        field === 'aliases'
          ? fn.aliases?.length
          : typeof fn.asyncInvoke?.target === 'object' || fn.asyncInvoke?.target === 'current-version';
      if (used) add(field, 'needs a function built by this stack (code), not an existing one. Fix: remove it, or use a literal qualifier');
    }
  targetProblems(fn, add);
  if (fn.asyncInvoke) {
    const plan = planAsyncInvoke(fn.asyncInvoke, partition);
    if (!plan.ok) add(`asyncInvoke.${plan.field}`, says(plan.value, plan.problem));
  }
  const esmKeys = new Set<string>();
  fn.eventSourceMappings?.forEach((source, i) => {
    const plan = planEventSource(source, partition);
    if (!plan.ok)
      add(`eventSourceMappings[${i}].${plan.field}`, `event source "${source.name}" (${source.kind}): ${says(plan.value, plan.problem)}`);
    const key = `${source.kind}/${source.name}`;
    if (esmKeys.has(key))
      add(`eventSourceMappings[${i}].name`, `event source "${source.name}" of kind ${source.kind} is defined twice. Fix: rename one`);
    esmKeys.add(key);
  });
  loggingProblems(fn, partition, add);
}

function statementProblems(fn: FunctionDefinition, add: AddProblem): void {
  const lists = [
    ['statements', fn.statements],
    ...(fn.customerPolicies ?? []).map((p, j) => [`customerPolicies[${j}].statements`, p.statements] as const),
  ] as const;
  for (const [where, statements] of lists)
    statements?.forEach((s, k) => {
      const shape = checkStatementShape(s, 'identity');
      if (shape) add(`${where}[${k}].${shape.field}`, `${shape.rule}. Fix: ${shape.fix}`);
    });
}

function codeProblems(def: StackDefinition, fn: FunctionDefinition, partition: Partition, add: AddProblem): void {
  const code = fn.code!;
  const sources = (['path', 'zipFile', 's3', 'imageUri'] as const).filter((k) => code[k] !== undefined);
  if (sources.length !== 1) {
    add(
      'code',
      `${sources.length ? `sets ${sources.join(' and ')}` : 'names no code'}: give exactly one of path, zipFile, s3 and imageUri. Fix: ${sources.length ? 'keep one' : 'add one'}`,
    );
    return;
  }
  if (code.path?.toLowerCase().endsWith('.zip'))
    add(
      'code.path',
      `${JSON.stringify(code.path)} is a zip: path is zipped at synth, which would put a zip inside the zip. Fix: write zipFile: ${JSON.stringify(code.path)}`,
    );
  if (code.zipFile !== undefined && !code.zipFile.toLowerCase().endsWith('.zip'))
    add(
      'code.zipFile',
      `${JSON.stringify(code.zipFile)} is not a .zip file. Fix: point it at the zip your build produced, or use path for a folder`,
    );
  const image = code.imageUri !== undefined;
  for (const field of ['runtime', 'handler'] as const) {
    if (image && code[field] !== undefined)
      add(`code.${field}`, `is set for an image function; the image defines it. Fix: remove code.${field}`);
    if (!image && code[field] === undefined) add(`code.${field}`, `is missing: a zip function needs its ${field}. Fix: add code.${field}`);
  }
  if (!image && code.image) add('code.image', 'configures an image, but the code is not imageUri. Fix: remove code.image');
  const source = codeSource(code, '');
  if (source && source.kind !== 'zip-file') {
    const p = checkFunctionCode(source);
    if (p) add(`code.${source.kind === 's3' ? `s3.${p.field}` : p.field}`, `${p.rule}. Fix: ${p.fix}`);
  }
  const settings = codeSettings(fn, loggingOf(fn));
  const p = checkFunctionSettings(settings, { partition, region: def.region, inVpc: !!fn.features?.vpc });
  if (p) add(settingsField(p.field), `${p.rule}. Fix: ${p.fix}`);
  if (code.deadLetterTargetArn !== undefined) {
    const d = planDestination(code.deadLetterTargetArn, DEAD_LETTER_KINDS, partition, 'DeadLetterTarget');
    if (!d.ok) add('code.deadLetterTargetArn', says(code.deadLetterTargetArn, d.problem));
  }
  const names = new Set<string>();
  fn.aliases?.forEach((alias, i) => {
    if (names.has(alias.name)) add(`aliases[${i}].name`, `${JSON.stringify(alias.name)} is defined twice. Fix: rename one`);
    names.add(alias.name);
    if (alias.version === 'current' && !code.publish)
      add(
        `aliases[${i}].version`,
        `"current" needs code.publish: true, or no version is published. Fix: set code.publish, or name a version`,
      );
  });
}

/** Settings come from code.* except the logging ones, which the definition keeps under logging. */
function settingsField(field: string): string {
  if (field === 'logging.logGroupName') return 'logging.logGroup.name';
  return field.startsWith('logging.') ? field : `code.${field}`;
}

/** 'current-version' needs publish; an alias target needs the alias in `aliases`. */
function targetProblems(fn: FunctionDefinition, add: AddProblem): void {
  const aliases = new Set((fn.aliases ?? []).map((a) => a.name));
  const check = (field: string, target: InvokeTarget) => {
    if (target === 'current-version' && !fn.code?.publish)
      add(
        field,
        '"current-version" needs code.publish: true (a version published by this stack). Fix: set code.publish, or target unqualified',
      );
    if (typeof target === 'object' && !aliases.has(target.alias))
      add(
        field,
        `alias ${JSON.stringify(target.alias)} is not in aliases. Fix: add it to aliases, or use qualifier for an alias created elsewhere`,
      );
  };
  fn.invokers?.forEach((invoker, j) => invoker.targets?.forEach((t, k) => check(`invokers[${j}].targets[${k}]`, t)));
  if (fn.asyncInvoke?.target) check('asyncInvoke.target', fn.asyncInvoke.target);
}

function loggingProblems(fn: FunctionDefinition, partition: Partition, add: AddProblem): void {
  if (fn.logging === undefined) return;
  if (fn.role?.basicLogging !== undefined)
    add(
      'role.basicLogging',
      'is set together with logging. Fix: remove role.basicLogging; logging.permissions says how the role may write logs (managed, scoped or none)',
    );
  const logging = loggingOf(fn)!;
  const group = logging.logGroup;
  if (group.name !== undefined) {
    const p = checkLogGroupName(group.name);
    if (p) add('logging.logGroup.name', says(group.name, p));
  }
  if (group.retentionInDays !== undefined) {
    const p = checkRetention(group.retentionInDays);
    if (p) add('logging.logGroup.retentionInDays', says(group.retentionInDays, p));
  }
  if (group.kmsKeyArn !== undefined) {
    const p = checkArn(group.kmsKeyArn, ARN_RULES.kmsKey, partition);
    if (p) add('logging.logGroup.kmsKeyArn', says(group.kmsKeyArn, p));
  }
  if (!fn.code && (logging.format || logging.applicationLogLevel || logging.systemLogLevel))
    add(
      'logging',
      'sets the log format or a level, which are settings of a function built here (code). Fix: remove them for an existing function',
    );
}
