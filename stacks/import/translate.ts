/**
 * Evaluated resource instances → one stack definition: one function per Lambda execution role, with its
 * trust, attachments (catalogue names or ARNs), inline statements, customer policies, the function it
 * runs (code and settings) or a reference to it, invokers, log group, aliases and event source mappings.
 * What the definition cannot say is a finding with file and line; what it says differently but with the
 * same meaning (inline policy names, statement ids) is a note.
 */
import type { FunctionDefinition } from '../definition';
import { isLambdaManagedPolicyName, LAMBDA_MANAGED_POLICY_NAMES, managedPolicyArn } from '../../modules/managed-policies';
import { statementIdFor } from '../../modules/invokers';
import { findUnknown, isObject } from './hcl/values';
import type { Finding, ResourceInstance } from './model';
import {
  FUNCTION_ARGS,
  MAPPING_ARGS,
  PERMISSION_ARGS,
  translateCode,
  translateMapping,
  translatePermission,
  type Problem,
} from './translate-function';
import { statementsOf, toDefinitionStatement, type DefinitionStatement } from './translate-statements';
import { translateTrust } from './translate-trust';
import { reconcileImplied, usedLogGroups } from './reconcile';
import type { TranslateContext } from './context';

export type { TranslateContext } from './context';

type Alias = NonNullable<FunctionDefinition['aliases']>[number];
function translateAliases(list: readonly ResourceInstance[]): Alias[] {
  return list.map((al) => {
    const version = al.arg('function_version');
    const routing = (al.arg('routing_config') as Record<string, unknown>[] | undefined)?.[0]?.additional_version_weights;
    const weights = isObject(routing) ? Object.entries(routing) : [];
    return {
      name: String(al.arg('name')),
      ...(typeof al.arg('description') === 'string' && al.arg('description') ? { description: String(al.arg('description')) } : {}),
      version: typeof version === 'string' ? version : 'current',
      ...(weights.length === 1 ? { routing: { version: weights[0][0], weight: Number(weights[0][1]) } } : {}),
    };
  });
}

export interface Translation {
  readonly functions: FunctionDefinition[];
  readonly untranslated: Finding[];
  readonly notes: Finding[];
}

const ROLE_ARGS = new Set([
  'name',
  'path',
  'description',
  'max_session_duration',
  'permissions_boundary',
  'tags',
  'assume_role_policy',
  'inline_policy',
  'managed_policy_arns',
]);
const HANDLED = new Set([
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy',
  'aws_iam_role_policy_attachments_exclusive',
  'aws_lambda_function',
  'aws_lambda_permission',
  'aws_cloudwatch_log_group',
  'aws_lambda_event_source_mapping',
  'aws_lambda_alias',
]);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const sanitize = (name: string) => name.replace(/[^\w-]/g, '-').slice(0, 64);

export function translate(instances: readonly ResourceInstance[], ctx: TranslateContext): Translation {
  const untranslated: Finding[] = [];
  const notes: Finding[] = [];
  const at = (i: ResourceInstance, arg: string | undefined, message: string, list = untranslated) =>
    list.push({
      file: i.decl.file,
      line: arg ? i.decl.lineOf(arg) : i.decl.line,
      message: `${i.address}${arg ? `.${arg}` : ''}: ${message}`,
    });
  const of = (type: string) => instances.filter((i) => i.type === type);

  // Unknown values and arguments a definition cannot hold, for every type the importer translates.
  const argSets: Record<string, Set<string>> = {
    aws_iam_role: ROLE_ARGS,
    aws_lambda_function: FUNCTION_ARGS,
    aws_lambda_permission: PERMISSION_ARGS,
    aws_lambda_event_source_mapping: MAPPING_ARGS,
    aws_iam_role_policy: new Set(['name', 'role', 'policy']),
    aws_iam_role_policy_attachment: new Set(['role', 'policy_arn']),
    aws_iam_policy: new Set(['name', 'path', 'description', 'policy', 'tags']),
    aws_iam_role_policy_attachments_exclusive: new Set(['role_name', 'policy_arns']),
    aws_cloudwatch_log_group: new Set(['name', 'retention_in_days', 'kms_key_id', 'log_group_class', 'tags']),
    aws_lambda_alias: new Set(['name', 'function_name', 'function_version', 'description', 'routing_config']),
  };
  const broken = new Set<ResourceInstance>();
  for (const i of instances) {
    if (!HANDLED.has(i.type)) {
      at(
        i,
        undefined,
        i.type.startsWith('aws_lambda_')
          ? `${i.type} is not imported (a definition field may hold it, but the importer does not translate this type)`
          : `${i.type} is not part of a Lambda function's IAM, so it is not imported`,
      );
      continue;
    }
    for (const arg of i.argNames) {
      const v = i.arg(arg);
      if (v === null || v === undefined || (Array.isArray(v) && !v.length)) continue;
      if (!argSets[i.type].has(arg)) {
        at(
          i,
          arg,
          `the argument ${arg} has no counterpart in a stack definition`,
          arg === 'force_detach_policies' || arg === 'source_code_hash' ? notes : untranslated,
        );
        continue;
      }
      const u = findUnknown(v);
      // A reference to the function's published version is a target the definition names ('current').
      const version = u?.ref?.endsWith('.version') && (arg === 'function_version' || arg === 'qualifier');
      if (u && !version) {
        at(i, arg, `cannot be evaluated: ${u.reason}`);
        broken.add(i);
      }
    }
  }
  const ok = (type: string) => of(type).filter((i) => !broken.has(i));

  const policies = ok('aws_iam_policy').map((p) => ({
    p,
    arn: `arn:${ctx.partition}:iam::${ctx.account}:policy${str(p.arg('path')) ?? '/'}${str(p.arg('name'))}`,
    used: false,
  }));
  const functions = ok('aws_lambda_function');
  const fnByName = (ref: unknown) =>
    functions.find(
      (f) =>
        f.arg('function_name') === ref ||
        `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.account}:function:${str(f.arg('function_name'))}` === ref,
    );
  const permissions = ok('aws_lambda_permission');
  const usedPermissions = new Set<ResourceInstance>();
  const out: FunctionDefinition[] = [];

  for (const role of ok('aws_iam_role')) {
    const name = str(role.arg('name'));
    if (!name) {
      at(role, 'name', 'the role has no fixed name (name_prefix or a generated name); a definition names its roles');
      continue;
    }
    const arn = `arn:${ctx.partition}:iam::${ctx.account}:role${str(role.arg('path')) ?? '/'}${name}`;
    const mine = (type: string, arg: string) => ok(type).filter((i) => i.arg(arg) === name || i.arg(arg) === arn);
    const trust = translateTrust(role.arg('assume_role_policy'), ctx.account, `${role.decl.file}:${role.decl.line}`);
    trust.problems.forEach((m) => at(role, 'assume_role_policy', m));

    const statements: DefinitionStatement[] = [];
    const addPolicy = (owner: ResourceInstance, arg: string, policy: unknown, policyName: unknown) => {
      const list = statementsOf(policy);
      if (typeof list === 'string') return at(owner, arg, list);
      for (const s of list) {
        const st = toDefinitionStatement(s);
        if (typeof st === 'string') at(owner, arg, st);
        else statements.push(st);
      }
      if (policyName !== 'inline-least-privilege')
        at(
          owner,
          arg,
          `the inline policy ${JSON.stringify(policyName)} is merged into the definition's statements (policy inline-least-privilege)`,
          notes,
        );
    };
    const inlineBlocks = role.arg('inline_policy');
    for (const b of Array.isArray(inlineBlocks) ? inlineBlocks.filter(isObject) : []) addPolicy(role, 'inline_policy', b.policy, b.name);
    for (const rp of mine('aws_iam_role_policy', 'role')) addPolicy(rp, 'policy', rp.arg('policy'), rp.arg('name'));

    const attached = [
      ...mine('aws_iam_role_policy_attachment', 'role').map((a) => String(a.arg('policy_arn'))),
      ...(Array.isArray(role.arg('managed_policy_arns')) ? (role.arg('managed_policy_arns') as string[]) : []),
    ];
    const exclusive =
      mine('aws_iam_role_policy_attachments_exclusive', 'role_name').length > 0 || Array.isArray(role.arg('managed_policy_arns'));
    const customerPolicies: NonNullable<FunctionDefinition['customerPolicies']> = [];
    const managed: string[] = [];
    for (const policyArn of [...new Set(attached)]) {
      const own = policies.find((p) => p.arn === policyArn);
      if (own && !own.used) {
        own.used = true;
        const list = statementsOf(own.p.arg('policy'));
        const sts = typeof list === 'string' ? [] : list.map(toDefinitionStatement);
        if (typeof list === 'string' || sts.some((s) => typeof s === 'string'))
          at(own.p, 'policy', typeof list === 'string' ? list : String(sts.find((s) => typeof s === 'string')));
        customerPolicies.push({
          name: String(own.p.arg('name')),
          ...(str(own.p.arg('description')) ? { description: str(own.p.arg('description')) } : {}),
          ...(str(own.p.arg('path')) && own.p.arg('path') !== '/' ? { path: str(own.p.arg('path')) } : {}),
          statements: sts.filter((s): s is DefinitionStatement => typeof s !== 'string'),
        });
        continue;
      }
      const catalogue = LAMBDA_MANAGED_POLICY_NAMES.find((n) => managedPolicyArn(n, ctx.partition) === policyArn);
      managed.push(catalogue ?? policyArn);
    }

    const fnInstances = functions.filter((f) => f.arg('role') === arn);
    fnInstances
      .slice(1)
      .forEach((f) => at(f, 'role', `shares its role with ${fnInstances[0].address}; a definition gives every function its own role`));
    const fn = fnInstances[0];
    const fnName =
      str(fn?.arg('function_name')) ??
      permissions.map((p) => str(p.arg('function_name'))).find((n) => n && !fnByName(n)) ??
      name.replace(/-exec$/, '');
    const def: FunctionDefinition = { name: sanitize(fnName) };
    const roleSettings: Record<string, unknown> = { name };
    if (str(role.arg('path')) && role.arg('path') !== '/') roleSettings.path = role.arg('path');
    roleSettings.description = str(role.arg('description')) ?? '';
    if (typeof role.arg('max_session_duration') === 'number' && role.arg('max_session_duration') !== 3600)
      roleSettings.maxSessionDuration = role.arg('max_session_duration');
    if (str(role.arg('permissions_boundary'))) roleSettings.permissionsBoundary = role.arg('permissions_boundary');
    if (isObject(role.arg('tags')) && Object.keys(role.arg('tags') as object).length) roleSettings.tags = role.arg('tags');
    Object.assign(roleSettings, trust.settings);
    def.role = roleSettings;
    if (exclusive) def.exclusiveAttachments = true;
    if (customerPolicies.length) def.customerPolicies = customerPolicies;

    if (fn) {
      const code = translateCode(fn, ctx.relativePath);
      code.problems.forEach((p) => at(fn, p.arg, p.message));
      def.code = code.code;
      if (code.features) def.features = code.features;
      if (isObject(fn.arg('tags')) && Object.keys(fn.arg('tags') as object).length) {
        def.tags = fn.arg('tags') as Record<string, string>;
        // The generator tags the role, its customer policies and its log group with the function's tags too.
        const tagged: [ResourceInstance, unknown][] = [
          [role, role.arg('tags')],
          ...policies
            .filter((p) => customerPolicies.some((c) => c.name === p.p.arg('name')))
            .map((p): [ResourceInstance, unknown] => [p.p, p.p.arg('tags')]),
        ];
        for (const [owner, tags] of tagged) {
          const missing = Object.entries(def.tags).filter(([k, v]) => !isObject(tags) || tags[k] !== v);
          if (missing.length)
            at(
              owner,
              'tags',
              `the definition tags it with the function's tags too (${missing.map(([k, v]) => `${k}=${v}`).join(', ')}), which the Terraform does not`,
            );
        }
      }
    } else def.existing = fnName;

    const aliases = fn ? translateAliases(ok('aws_lambda_alias').filter((al) => fnByName(al.arg('function_name')) === fn)) : [];
    if (aliases.length) def.aliases = aliases;

    // Invokers: the permissions on this function (by name or ARN).
    const invokers: NonNullable<FunctionDefinition['invokers']> = [];
    for (const p of permissions.filter((p) => p.arg('function_name') === fnName || (fn && fnByName(p.arg('function_name')) === fn))) {
      usedPermissions.add(p);
      const inv = translatePermission(p, ctx.account, ctx.partition);
      if ('message' in inv) at(p, inv.arg, inv.message);
      else {
        const qualifier = p.arg('qualifier');
        if (findUnknown(qualifier)) Object.assign(inv, { targets: ['current-version'] });
        else if (typeof qualifier === 'string' && aliases.some((al) => al.name === qualifier)) {
          delete (inv as { qualifier?: string }).qualifier;
          Object.assign(inv, { targets: [{ alias: qualifier }] });
        }
        invokers.push(inv);
        const expected = statementIdFor(inv.kind, inv.name);
        if (p.arg('statement_id') !== expected)
          at(
            p,
            'statement_id',
            `the statement id ${JSON.stringify(p.arg('statement_id'))} becomes ${expected} (the generator's stable ids)`,
            notes,
          );
      }
    }
    if (invokers.length) def.invokers = invokers;

    const mappings = ok('aws_lambda_event_source_mapping').filter(
      (m) => m.arg('function_name') === fnName || (fn && fnByName(m.arg('function_name')) === fn),
    );
    const sources: Record<string, unknown>[] = [];
    for (const m of mappings) {
      const source = translateMapping(m);
      if ('message' in source) at(m, (source as Problem).arg, String(source.message));
      else sources.push(source);
    }
    reconcileImplied({
      def,
      fn,
      role,
      sources,
      statements,
      customerStatements: customerPolicies.flatMap((p) => p.statements),
      managed,
      logGroups: ok('aws_cloudwatch_log_group'),
      ctx,
      at,
    });
    out.push(def);
  }
  for (const g of ok('aws_cloudwatch_log_group').filter((g) => !usedLogGroups.has(g)))
    at(g, 'name', 'the log group is the log group of no imported function (/aws/lambda/<name> or its logging_config.log_group)');
  for (const al of ok('aws_lambda_alias').filter((al) => !fnByName(al.arg('function_name'))))
    at(al, 'function_name', 'the alias is of a function this configuration does not create');
  for (const p of policies.filter((p) => !p.used)) at(p.p, undefined, 'the policy is attached to no imported role, so it is not imported');
  for (const p of permissions.filter((p) => !usedPermissions.has(p)))
    at(p, 'function_name', 'the permission is for a function that no imported role runs');
  for (const f of functions)
    if (!out.some((d) => d.name === sanitize(String(f.arg('function_name')))))
      at(f, 'role', "the function's role is not an aws_iam_role of this configuration");
  return { functions: out, untranslated, notes };
}

export { isLambdaManagedPolicyName };
