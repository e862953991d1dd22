/**
 * The function's resource-based policy: AddPermission, GetPolicy, RemovePermission. The statements must
 * look exactly like the ones Lambda writes, because the Terraform provider reads each attribute of
 * aws_lambda_permission back from them (internal/service/lambda/permission.go):
 *   - principal from `Principal.AWS`, else `Principal.Service`, else the plain string (`*`);
 *   - qualifier from the statement's `Resource` (so it is the unqualified ARN unless one was given);
 *   - source_arn from `Condition.ArnLike["AWS:SourceArn"]`; source_account, principal_org_id,
 *     event_source_token, function_url_auth_type from `Condition.StringEquals`. Every value is a string:
 *     the provider decodes conditions into map[string]map[string]string and fails on anything else.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import {
  configurationAt,
  resolveFunction,
  type FunctionConfiguration,
  type LambdaState,
  type PolicyStatement,
  type StoredFunction,
} from './model';
import { deleteOwn, getOwn, setOwn } from '../../core/own';
import { accountRootArn, isAccountId } from '../../../shared/aws/arn';
import { partitionForRegion } from '../../../shared/aws/partition';

/** Lambda's limit on a function policy document. */
export const POLICY_SIZE_LIMIT = 20480;

const SID_PATTERN = /^[a-zA-Z0-9_.-]{1,100}$/;
const ACTION_PATTERN = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

/** `123456789012` → root ARN; IAM ARNs as AWS principals; `x.amazonaws.com` as a service; `*` stays a string. */
export function principalFor(principal: string, region: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (isAccountId(principal)) return { AWS: accountRootArn(principal, partitionForRegion(region)) };
  if (/^arn:[\w-]+:(iam|sts)::\d{12}:/.test(principal)) return { AWS: principal };
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(principal)) return { Service: principal };
  throw invalid(
    `The provided principal was invalid: '${principal}'. Use a service principal (s3.amazonaws.com), an account id (123456789012), an IAM ARN, or *.`,
  );
}

/** Which configuration a policy is attached to; policies on `$LATEST` are refused, as on AWS. */
function policyTarget(fn: StoredFunction, ctx: CallContext, qualifier: string | undefined): { key: string; config: FunctionConfiguration } {
  if (qualifier === undefined) return { key: '', config: fn.latest };
  if (qualifier === '$LATEST')
    throw invalid('We currently do not support adding policies for $LATEST. Omit the qualifier, or name a published version or an alias.');
  return { key: qualifier, config: configurationAt(fn, ctx, qualifier) };
}

/** Policy changes give the function, version or alias a new RevisionId, which GetPolicy reports. */
function bumpRevision(fn: StoredFunction, key: string): string {
  const revisionId = randomUUID();
  const alias = getOwn(fn.aliases, key);
  if (key === '') fn.latest = { ...fn.latest, RevisionId: revisionId };
  else if (alias) setOwn(fn.aliases!, key, { ...alias, RevisionId: revisionId });
  else fn.versions = fn.versions.map((v) => (v.Version === key ? { ...v, RevisionId: revisionId } : v));
  return revisionId;
}

/** The RevisionId a policy is checked against: the alias's own for an alias, else the configuration's. */
function revisionOf(fn: StoredFunction, key: string, config: FunctionConfiguration): string {
  return getOwn(fn.aliases, key)?.RevisionId ?? config.RevisionId;
}

function checkRevision(current: string, revisionId: string | undefined | null): void {
  if (revisionId && revisionId !== current) {
    throw new AwsError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
      412,
    );
  }
}

function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

export function addPermission(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  queryQualifier: string | null,
  input: Record<string, unknown>,
) {
  const { fn, name, qualifier } = resolveFunction(state, ctx, ref, queryQualifier);
  const sid = read.string(input, 'StatementId');
  if (!sid || !SID_PATTERN.test(sid)) throw invalid(`StatementId '${sid ?? ''}' is not valid: use 1-100 characters of [a-zA-Z0-9-_.].`);
  const action = read.string(input, 'Action');
  if (!action || !ACTION_PATTERN.test(action))
    throw invalid(`Action '${action ?? ''}' is not valid: use lambda:<Operation> (e.g. lambda:InvokeFunction), lambda:* or *.`);
  const principalText = read.string(input, 'Principal');
  if (!principalText) throw invalid('Principal is required: a service principal, an account id, an IAM ARN or *.');
  const principal = principalFor(principalText, ctx.region);

  const { key, config } = policyTarget(fn, ctx, qualifier);
  checkRevision(revisionOf(fn, key, config), read.string(input, 'RevisionId'));
  const existing = getOwn(fn.policies, key) ?? [];
  if (existing.some((s) => s.Sid === sid)) {
    throw new AwsError(
      'ResourceConflictException',
      'The statement id (' + sid + ') provided already exists. Please provide a new statement id, or remove the existing statement.',
      409,
    );
  }

  const condition = conditionFrom(input);
  const statement: PolicyStatement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    // configurationAt gives the version's or alias's qualified ARN, fn.latest the unqualified one.
    Resource: config.FunctionArn,
    ...(condition ? { Condition: condition } : {}),
  };
  const next = [...existing, statement];
  if (policyDocument(next).length > POLICY_SIZE_LIMIT) {
    throw new AwsError(
      'PolicyLengthExceededException',
      `The final policy size (${policyDocument(next).length}) is bigger than the limit (${POLICY_SIZE_LIMIT}). Remove unused statements first.`,
      400,
    );
  }
  setOwn(fn.policies, key, next);
  bumpRevision(fn, key);
  return { name, qualifier, sid, statementJson: JSON.stringify(statement) };
}

function conditionFrom(input: Record<string, unknown>): PolicyStatement['Condition'] | undefined {
  const stringEquals: Record<string, string> = {};
  const arnLike: Record<string, string> = {};
  const bool: Record<string, string> = {};
  const sourceAccount = read.string(input, 'SourceAccount');
  if (sourceAccount !== undefined) {
    if (!isAccountId(sourceAccount)) throw invalid(`SourceAccount '${sourceAccount}' is not valid: use a 12-digit account id.`);
    stringEquals['AWS:SourceAccount'] = sourceAccount;
  }
  const orgId = read.string(input, 'PrincipalOrgID');
  if (orgId !== undefined) {
    if (!/^o-[a-z0-9]{10,32}$/.test(orgId))
      throw invalid(`PrincipalOrgID '${orgId}' is not valid: use an organization id like o-a1b2c3d4e5.`);
    stringEquals['aws:PrincipalOrgID'] = orgId;
  }
  const token = read.string(input, 'EventSourceToken');
  if (token !== undefined) stringEquals['lambda:EventSourceToken'] = token;
  const urlAuth = read.string(input, 'FunctionUrlAuthType');
  if (urlAuth !== undefined) {
    if (urlAuth !== 'NONE' && urlAuth !== 'AWS_IAM') throw invalid(`FunctionUrlAuthType '${urlAuth}' is not valid: use NONE or AWS_IAM.`);
    stringEquals['lambda:FunctionUrlAuthType'] = urlAuth;
  }
  const sourceArn = read.string(input, 'SourceArn');
  if (sourceArn !== undefined) {
    if (!/^arn:[\w-]+:[\w-]+:/.test(sourceArn))
      throw invalid(`SourceArn '${sourceArn}' is not valid: use the ARN of the resource that invokes the function.`);
    arnLike['AWS:SourceArn'] = sourceArn;
  }
  if (read.boolean(input, 'InvokedViaFunctionUrl')) bool['lambda:InvokedViaFunctionUrl'] = 'true';
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(stringEquals).length) condition.StringEquals = stringEquals;
  if (Object.keys(arnLike).length) condition.ArnLike = arnLike;
  if (Object.keys(bool).length) condition.Bool = bool;
  return Object.keys(condition).length ? condition : undefined;
}

export function getPolicy(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  queryQualifier: string | null,
): { Policy: string; RevisionId: string } {
  const { fn, qualifier } = resolveFunction(state, ctx, ref, queryQualifier);
  const key = qualifier === undefined || qualifier === '$LATEST' ? '' : qualifier;
  const config = key === '' ? fn.latest : configurationAt(fn, ctx, key);
  const statements = getOwn(fn.policies, key) ?? [];
  if (!statements.length) throw new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  return { Policy: policyDocument(statements), RevisionId: revisionOf(fn, key, config) };
}

export function removePermission(state: LambdaState, ctx: CallContext, ref: string, sid: string, query: URLSearchParams) {
  const { fn, name, qualifier } = resolveFunction(state, ctx, ref, query.get('Qualifier'));
  const key = qualifier === undefined || qualifier === '$LATEST' ? '' : qualifier;
  const config = key === '' ? fn.latest : configurationAt(fn, ctx, key);
  checkRevision(revisionOf(fn, key, config), query.get('RevisionId'));
  const statements = getOwn(fn.policies, key) ?? [];
  if (!statements.length) throw new AwsError('ResourceNotFoundException', 'No policy is associated with the given resource.', 404);
  if (!statements.some((s) => s.Sid === sid)) {
    throw new AwsError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`, 404);
  }
  const rest = statements.filter((s) => s.Sid !== sid);
  if (rest.length) setOwn(fn.policies, key, rest);
  else deleteOwn(fn.policies, key);
  bumpRevision(fn, key);
  return { name, qualifier };
}
