/**
 * Why this exists: gathers what each Lambda function should look like from state: its execution role
 * (aws_lambda_function) and its invoke permissions (aws_lambda_permission, and the public-access statement the
 * provider adds for an aws_lambda_function_url with authorization_type NONE). A function that only
 * permissions reference (owned by another state, or by nobody) still gets an entry, without address/roleArn,
 * so its permissions are checked.
 *
 * Where a function lives: AWS provider 6.x records a `region` attribute on every Lambda resource (its
 * region, which may differ from the provider's), and that decides. Provider 5.x has none, so the region comes
 * from a function ARN; a permission that names its function by plain name takes the region of a function of
 * that name in the same state, else the caller's explicit default region (--region: the person said so), else
 * the region most functions in this state live in, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.
 */
import type { ExpectedCustomerPolicy, ExpectedFunction, InvokePermission, TfAddress } from '../model';
import { iamResourceName, parseFunctionArn } from '../../shared/aws/arn';
import { policyFromState } from './policy-attribute';
import { str, type StateInstance } from './tfstate';
import { resolveRegion } from '../aws/settings';

interface FunctionParts {
  name: string;
  region: string;
  address?: TfAddress;
  arn?: string;
  roleArn?: string;
  permissions: { address: TfAddress; permission: InvokePermission; statementIdPrefix?: string }[];
}

export function collectFunctions(
  instances: readonly StateInstance[],
  source: string,
  defaultRegion?: string,
  env: NodeJS.ProcessEnv = process.env,
): ExpectedFunction[] {
  const owned = instances.filter((i) => i.type === 'aws_lambda_function');
  const regionByName = new Map<string, string>();
  for (const f of owned) {
    const parts = parseFunctionArn(str(f.attributes, 'arn') ?? '');
    const name = str(f.attributes, 'function_name') ?? parts?.name;
    const region = str(f.attributes, 'region') ?? parts?.region;
    if (name && region) regionByName.set(name, region);
  }
  // Decided only when a function needs it: a bad AWS_REGION is an error (naming it) only if it is used.
  const fallbackRegion = () => defaultRegion ?? mostCommon([...regionByName.values()]) ?? resolveRegion(undefined, env);
  const byKey = new Map<string, FunctionParts>();
  const get = (name: string, region: string): FunctionParts => {
    const key = `${region}/${name}`;
    let p = byKey.get(key);
    if (!p) byKey.set(key, (p = { name, region, permissions: [] }));
    return p;
  };
  for (const { address, attributes: a } of owned) {
    const arn = str(a, 'arn');
    const parsed = parseFunctionArn(arn ?? '');
    const name = str(a, 'function_name') ?? parsed?.name;
    if (!name) continue;
    const p = get(name, str(a, 'region') ?? parsed?.region ?? fallbackRegion());
    Object.assign(p, { address, arn, roleArn: str(a, 'role') });
  }
  for (const { address, attributes: a } of instances.filter((i) => i.type === 'aws_lambda_permission')) {
    const ref = str(a, 'function_name');
    if (!ref) continue;
    const parsed = parseFunctionArn(ref);
    const name = parsed?.name ?? ref;
    const p = get(name, str(a, 'region') ?? parsed?.region ?? regionByName.get(name) ?? fallbackRegion());
    const statementIdPrefix = str(a, 'statement_id_prefix');
    p.permissions.push({
      address,
      permission: permissionFromState(a, parsed?.qualifier),
      ...(statementIdPrefix ? { statementIdPrefix } : {}),
    });
    // A permission that names its function by ARN records the function's account: read it by that
    // (unqualified) ARN, so the read reaches that account's function and the account guard sees it.
    if (parsed && !p.arn) p.arn = `arn:${parsed.partition}:lambda:${parsed.region}:${parsed.account}:function:${parsed.name}`;
  }
  for (const { address, attributes: a } of instances.filter((i) => i.type === 'aws_lambda_function_url')) {
    if (str(a, 'authorization_type') !== 'NONE') continue;
    const ref = str(a, 'function_name');
    if (!ref) continue;
    const parsed = parseFunctionArn(ref);
    const name = parsed?.name ?? ref;
    const p = get(name, str(a, 'region') ?? parsed?.region ?? regionByName.get(name) ?? fallbackRegion());
    const permission = functionUrlPublicAccess(str(a, 'qualifier') ?? parsed?.qualifier);
    // A root may also declare the same statement itself (public modules do); the provider tolerates the clash.
    const declared = p.permissions.some(
      (q) => q.permission.statementId === permission.statementId && (q.permission.qualifier ?? '') === (permission.qualifier ?? ''),
    );
    if (!declared) p.permissions.push({ address, permission });
  }
  return [...byKey.values()].map((p) => ({
    name: p.name,
    region: p.region,
    ...(p.address ? { address: p.address } : {}),
    ...(p.arn ? { arn: p.arn } : {}),
    ...(p.roleArn ? { roleArn: p.roleArn } : {}),
    permissions: p.permissions,
    source,
  }));
}

/**
 * The statement the AWS provider adds itself when it creates a function URL with authorization_type NONE
 * (resource_function_url.go: AddPermission with this statement id, on the URL's qualifier); the state holds
 * no aws_lambda_permission for it, so without this the check reported Terraform's own statement as added.
 */
function functionUrlPublicAccess(qualifier: string | undefined): InvokePermission {
  return {
    statementId: 'FunctionURLAllowPublicAccess',
    action: 'lambda:InvokeFunctionUrl',
    principal: '*',
    functionUrlAuthType: 'NONE',
    ...(qualifier ? { qualifier } : {}),
  };
}

function permissionFromState(a: Readonly<Record<string, unknown>>, qualifierFromArn: string | undefined): InvokePermission {
  const optional: Record<string, string | undefined> = {
    qualifier: str(a, 'qualifier') ?? qualifierFromArn,
    sourceArn: str(a, 'source_arn'),
    sourceAccount: str(a, 'source_account'),
    principalOrgId: str(a, 'principal_org_id'),
    eventSourceToken: str(a, 'event_source_token'),
    functionUrlAuthType: str(a, 'function_url_auth_type'),
    // Provider 6.x: a bool (false and absent both mean no condition).
    invokedViaFunctionUrl: a.invoked_via_function_url === true || a.invoked_via_function_url === 'true' ? 'true' : undefined,
  };
  return {
    statementId: str(a, 'statement_id') ?? str(a, 'id') ?? '',
    action: str(a, 'action') ?? 'lambda:InvokeFunction',
    principal: str(a, 'principal') ?? '',
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

export function collectCustomerPolicies(instances: readonly StateInstance[], source: string): ExpectedCustomerPolicy[] {
  return instances
    .filter((i) => i.type === 'aws_iam_policy' && str(i.attributes, 'arn'))
    .map(({ address, attributes: a }) => ({
      arn: str(a, 'arn')!,
      name: str(a, 'name') ?? iamResourceName(str(a, 'arn')!) ?? str(a, 'arn')!,
      address,
      document: policyFromState(a.policy, source, address, 'policy'),
      source,
    }));
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}
