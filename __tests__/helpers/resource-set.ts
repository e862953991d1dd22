/**
 * The Lambda IAM resource set of a configuration, in a form where equal means "the same by meaning":
 * roles with their trust and permissions as statement keys (drift/normalize; permission statements split
 * into one action on one resource each, so how they are grouped into statements and policies, and their
 * Sids, do not count), attached AWS managed policies, customer policy names, functions, invoke permissions
 * (principal, source ARN/account, qualifier; not statement ids), log groups and event source mappings.
 * Built from `terraform show -json` (applied Terraform) or from a synthesized cdk.tf.json (references resolved).
 */
import { normalizePolicyDocument, statementKey, type NormalizedStatement } from '../../drift/normalize/policy-document';

type Json = Record<string, unknown>;
export interface Resource {
  readonly type: string;
  readonly values: Json;
}

export interface ResourceSet {
  roles: Record<string, Json>;
  functions: Record<string, Json>;
  permissions: Record<string, string[]>;
  logGroups: Record<string, Json>;
  mappings: Record<string, string[]>;
}

const without = (s: NormalizedStatement): NormalizedStatement => ({ ...s, Sid: undefined });
/** One key per action × resource of a plain statement; the whole statement (without Sid) otherwise. */
function atoms(doc: unknown, what: string): string[] {
  return normalizePolicyDocument(doc, what).Statement.flatMap((s) =>
    s.Action && s.Resource
      ? s.Action.flatMap((a) => s.Resource!.map((r) => statementKey({ ...without(s), Action: [a], Resource: [r] })))
      : [statementKey(without(s))],
  );
}
const sorted = (l: Iterable<string>) => [...new Set(l)].sort();
const nameOfArn = (arn: unknown) => String(arn).split('/').pop();
/** The provider stores a mapping's function_name as the function ARN: compare names. */
const functionName = (v: unknown) => String(v).replace(/^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:/, '');

export function resourceSet(resources: readonly Resource[], arnOfPolicy: (values: Json) => string): ResourceSet {
  const of = (type: string) => resources.filter((r) => r.type === type).map((r) => r.values);
  const policies = new Map(of('aws_iam_policy').map((p) => [arnOfPolicy(p), p]));
  const set: ResourceSet = { roles: {}, functions: {}, permissions: {}, logGroups: {}, mappings: {} };
  for (const role of of('aws_iam_role')) {
    const name = String(role.name);
    const attached = of('aws_iam_role_policy_attachment')
      .filter((a) => a.role === name)
      .map((a) => String(a.policy_arn));
    const inline = of('aws_iam_role_policy').filter((p) => p.role === name || p.role === `${name}`);
    const customer = attached.filter((arn) => policies.has(arn)).map((arn) => policies.get(arn)!);
    set.roles[name] = {
      path: role.path ?? '/',
      description: role.description || '',
      maxSessionDuration: role.max_session_duration ?? 3600,
      permissionsBoundary: role.permissions_boundary || null,
      tags: role.tags ?? {},
      trust: sorted(normalizePolicyDocument(role.assume_role_policy, 'trust').Statement.map((s) => statementKey(without(s)))),
      permissions: sorted([...inline.flatMap((p) => atoms(p.policy, 'inline')), ...customer.flatMap((p) => atoms(p.policy, 'customer'))]),
      managedPolicies: sorted(attached.filter((arn) => !policies.has(arn))),
      customerPolicies: sorted(customer.map((p) => String(p.name))),
      exclusiveAttachments: of('aws_iam_role_policy_attachments_exclusive').some((e) => e.role_name === name),
    };
  }
  for (const fn of of('aws_lambda_function')) {
    const name = String(fn.function_name);
    const block = (k: string) => (Array.isArray(fn[k]) ? ((fn[k] as Json[])[0] ?? null) : (fn[k] ?? null));
    const tracing = block('tracing_config') as Json | null;
    set.functions[name] = {
      role: nameOfArn(fn.role),
      runtime: fn.runtime,
      handler: fn.handler,
      memorySize: fn.memory_size ?? 128,
      timeout: fn.timeout ?? 3,
      tracing: tracing?.mode === 'Active',
      // The provider fills in what Lambda chose: the log group name (the definition names it only when
      // custom), Text when unset, and INFO levels for JSON.
      logging: ((l) =>
        l
          ? [
              l.log_format,
              l.application_log_level || (l.log_format === 'JSON' ? 'INFO' : null),
              l.system_log_level || (l.log_format === 'JSON' ? 'INFO' : null),
            ]
          : ['Text', null, null])(block('logging_config') as Json | null),
      tags: fn.tags ?? {},
    };
  }
  for (const p of of('aws_lambda_permission')) {
    const key = JSON.stringify([
      p.action,
      p.principal,
      p.source_arn || null,
      p.source_account || null,
      p.qualifier || null,
      p.principal_org_id || null,
      p.function_url_auth_type || null,
    ]);
    (set.permissions[functionName(p.function_name)] ??= []).push(key);
  }
  for (const g of of('aws_cloudwatch_log_group'))
    set.logGroups[String(g.name)] = {
      retention: g.retention_in_days ?? 0,
      kmsKey: g.kms_key_id || null,
      logClass: g.log_group_class ?? 'STANDARD',
      tags: g.tags ?? {},
    };
  for (const m of of('aws_lambda_event_source_mapping')) {
    const key = JSON.stringify([
      m.event_source_arn,
      m.batch_size ?? null,
      m.maximum_batching_window_in_seconds ?? 0,
      sorted((m.function_response_types as string[]) ?? []),
    ]);
    (set.mappings[functionName(m.function_name)] ??= []).push(key);
  }
  for (const list of [set.permissions, set.mappings]) for (const k of Object.keys(list)) list[k].sort();
  return set;
}

/** Resources of `terraform show -json` (applied state), child modules included. */
export function stateResources(show: Json): Resource[] {
  const walk = (mod: Json | undefined): Resource[] => [
    ...((mod?.resources as Json[] | undefined) ?? [])
      .filter((r) => r.mode === 'managed')
      .map((r) => ({ type: String(r.type), values: r.values as Json })),
    ...((mod?.child_modules as Json[] | undefined) ?? []).flatMap(walk),
  ];
  return walk((show.values as Json | undefined)?.root_module as Json | undefined);
}

/** Resources of a synthesized cdk.tf.json, with "${type.id.attr}" references replaced by the values they resolve to. */
export function synthResources(synth: Json, at: { account: string; region: string; partition: string }): Resource[] {
  const all = (synth.resource ?? {}) as Record<string, Record<string, Json>>;
  const attr = (type: string, id: string, name: string): unknown => {
    const v = all[type]?.[id];
    if (!v) throw new Error(`unresolved reference ${type}.${id}`);
    if (name === 'arn' && type === 'aws_iam_role')
      return `arn:${at.partition}:iam::${at.account}:role${(v.path as string) ?? '/'}${String(v.name)}`;
    if (name === 'arn' && type === 'aws_iam_policy')
      return `arn:${at.partition}:iam::${at.account}:policy${(v.path as string) ?? '/'}${String(v.name)}`;
    if (name === 'arn' && type === 'aws_lambda_function')
      return `arn:${at.partition}:lambda:${at.region}:${at.account}:function:${String(v.function_name)}`;
    if (name === 'id' && type === 'aws_iam_role') return v.name;
    if (name in v) return resolve(v[name]);
    throw new Error(`cannot resolve ${type}.${id}.${name}`);
  };
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = /^\$\{([\w-]+)\.([\w-]+)\.([\w]+)\}$/.exec(v);
      return m ? attr(m[1], m[2], m[3]) : v;
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== '//')
          .map(([k, x]) => [k, resolve(x)]),
      );
    return v;
  };
  return Object.entries(all).flatMap(([type, byId]) => Object.values(byId).map((values) => ({ type, values: resolve(values) as Json })));
}
