/**
 * Each remediation follows from what the state declares: the state is parsed as the state reader parses it,
 * compared with a live inventory, and the remediation of the finding checked against what `terraform apply`
 * would really do with that state (owned or not, exclusive or not, named only by an exclusive resource,
 * statement_id_prefix or a fixed statement id, function owned or not).
 */
import { parseTerraformState } from '../../../drift/state/read-state';
import { compareInventories } from '../../../drift/compare/compare';
import type { FindingCode, LiveInventory } from '../../../drift/model';
import { EVENTS_PERMISSION, FN_ARN, REGION, ROLE_ARN, TRUST, iamEncode, lambdaPolicy, liveFunction, liveRole } from '../fixtures/builders';

const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const OTHER_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const CUSTOM = 'arn:aws:iam::000000000000:policy/custom';

const r = (type: string, name: string, attributes: Record<string, unknown>) => ({
  mode: 'managed',
  type,
  name,
  instances: [{ attributes }],
});
const role = r('aws_iam_role', 'exec', {
  name: 'api-role',
  arn: ROLE_ARN,
  assume_role_policy: JSON.stringify(TRUST),
  description: 'Execution role of api',
  max_session_duration: 3600,
  tags_all: { team: 'api', owner: 'platform' },
});
const attachment = r('aws_iam_role_policy_attachment', 'custom', { role: 'api-role', policy_arn: CUSTOM });
const inline = r('aws_iam_role_policy', 'p', { role: 'api-role', name: 'p', policy: JSON.stringify(DOC) });
const namesOnly = r('aws_iam_role_policies_exclusive', 'names', { role_name: 'api-role', policy_names: ['p'] });
const attachmentsExclusive = r('aws_iam_role_policy_attachments_exclusive', 'only', { role_name: 'api-role', policy_arns: [CUSTOM] });
const fn = r('aws_lambda_function', 'fn', { function_name: 'api', arn: FN_ARN, role: ROLE_ARN });
const permission = (attrs: Record<string, unknown> = {}) =>
  r('aws_lambda_permission', 'events', {
    function_name: 'api',
    statement_id: EVENTS_PERMISSION.statementId,
    action: 'lambda:InvokeFunction',
    principal: EVENTS_PERMISSION.principal,
    source_arn: EVENTS_PERMISSION.sourceArn,
    ...attrs,
  });

const live = (over: Partial<{ roles: LiveInventory['roles']; functions: LiveInventory['functions'] }>): LiveInventory => ({
  roles: new Map(),
  functions: new Map(),
  customerPolicies: new Map(),
  errors: [],
  apiCalls: {},
  ...over,
});
const roleLive = (over: Parameters<typeof liveRole>[0] = {}) =>
  live({ roles: new Map([['api-role', liveRole({ attachedPolicyArns: [CUSTOM], inlinePolicies: { p: iamEncode(DOC) }, ...over })]]) });

/** The remediation of the one finding with `code`, for this state against this live inventory. */
function remediation(resources: unknown[], inventory: LiveInventory, code: FindingCode): string {
  const expected = parseTerraformState(JSON.stringify({ version: 4, resources }), 'state.tfstate', { defaultRegion: REGION });
  const findings = compareInventories(expected, inventory).filter((f) => f.code === code);
  expect(findings).toHaveLength(1);
  return findings[0].remediation;
}

const ROWS: [string, unknown[], LiveInventory, FindingCode, RegExp, RegExp | null][] = [
  [
    'ROLE_DELETED, role owned by this state',
    [role, attachment],
    live({ roles: new Map([['api-role', 'missing']]) }),
    'ROLE_DELETED',
    /^terraform apply will recreate the role and its declared attachments/,
    null,
  ],
  [
    'ROLE_DELETED, state only attaches to the role',
    [attachment],
    live({ roles: new Map([['api-role', 'missing']]) }),
    'ROLE_DELETED',
    /^terraform apply cannot recreate the role: this state does not manage it, it only attaches policies to it \(aws_iam_role_policy_attachment\.custom\)/,
    /will recreate/,
  ],
  [
    'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM, attachments exclusive: names the exclusive resource',
    [role, attachmentsExclusive],
    roleLive({ attachedPolicyArns: [CUSTOM, 'arn:aws:iam::aws:policy/ReadOnlyAccess'], inlinePolicies: {} }),
    'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
    /declared exclusive \(aws_iam_role_policy_attachments_exclusive\.only\)\.$/,
    /aws_iam_role\.exec/,
  ],
  [
    'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM, not exclusive',
    [role, attachment],
    roleLive({ attachedPolicyArns: [CUSTOM, 'arn:aws:iam::aws:policy/ReadOnlyAccess'], inlinePolicies: {} }),
    'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
    /will NOT detach arn:aws:iam::aws:policy\/ReadOnlyAccess/,
    null,
  ],
  [
    'MANAGED_POLICY_DETACHED, declared only by the exclusive resource (it attaches missing ones)',
    [role, attachmentsExclusive],
    roleLive({ attachedPolicyArns: [], inlinePolicies: {} }),
    'MANAGED_POLICY_DETACHED',
    /^terraform apply will re-attach .*custom \(aws_iam_role_policy_attachments_exclusive\.only\)/,
    null,
  ],
  [
    'INLINE_POLICY_ADDED, inline policies exclusive: names the exclusive resource',
    [role, attachment, namesOnly],
    roleLive({ inlinePolicies: { p: iamEncode(DOC), extra: iamEncode(DOC) } }),
    'INLINE_POLICY_ADDED',
    /will delete inline policy "extra": .*declared exclusive \(aws_iam_role_policies_exclusive\.names\)/,
    null,
  ],
  [
    'INLINE_POLICY_CHANGED, declared by aws_iam_role_policy',
    [role, attachment, inline],
    roleLive({ inlinePolicies: { p: iamEncode(OTHER_DOC) } }),
    'INLINE_POLICY_CHANGED',
    /^terraform apply will rewrite inline policy "p" to the declared document \(aws_iam_role_policy\.p\)/,
    null,
  ],
  [
    'INLINE_POLICY_CHANGED, named only by aws_iam_role_policies_exclusive (document from the role)',
    [
      r('aws_iam_role', 'exec', {
        ...(role.instances[0].attributes as object),
        inline_policy: [{ name: 'p', policy: JSON.stringify(DOC) }],
      }),
      attachment,
      namesOnly,
    ],
    roleLive({ inlinePolicies: { p: iamEncode(OTHER_DOC) } }),
    'INLINE_POLICY_CHANGED',
    /^terraform apply will NOT restore the document: only \(aws_iam_role_policies_exclusive\.names\) declares inline policy "p", by name/,
    /will rewrite/,
  ],
  [
    'INLINE_POLICY_REMOVED, declared by aws_iam_role_policy',
    [role, attachment, inline],
    roleLive({ inlinePolicies: {} }),
    'INLINE_POLICY_REMOVED',
    /^terraform apply will put inline policy "p" back \(aws_iam_role_policy\.p\)/,
    null,
  ],
  [
    'INLINE_POLICY_REMOVED, named only by aws_iam_role_policies_exclusive',
    [role, attachment, namesOnly],
    roleLive({ inlinePolicies: {} }),
    'INLINE_POLICY_REMOVED',
    /^terraform apply cannot put it back: .*aws iam put-role-policy --role-name 'api-role' --policy-name 'p'.*take "p" out of policy_names/,
    /will put/,
  ],
  [
    'INVOKE_PERMISSION_REMOVED, fixed statement_id',
    [fn, permission()],
    live({ functions: new Map([[`${REGION}/api`, liveFunction({ policies: { '': null } })]]) }),
    'INVOKE_PERMISSION_REMOVED',
    /^terraform apply will add statement "AllowEvents" back \(aws_lambda_permission\.events\)\.$/,
    null,
  ],
  [
    'INVOKE_PERMISSION_REMOVED, created with statement_id_prefix',
    [fn, permission({ statement_id: 'events-20260101abcdef', statement_id_prefix: 'events-' })],
    live({ functions: new Map([[`${REGION}/api`, liveFunction({ policies: { '': null } })]]) }),
    'INVOKE_PERMISSION_REMOVED',
    /^terraform apply will add the declared permission back \(aws_lambda_permission\.events\) as a new statement\. It was created with statement_id_prefix "events-", so the new statement gets a new generated id, not "events-20260101abcdef"\.$/,
    /add statement "events-20260101abcdef" back/,
  ],
  [
    'INVOKE_PERMISSION_CHANGED, created with statement_id_prefix',
    [fn, permission({ statement_id: 'AllowEvents', statement_id_prefix: 'Allow' })],
    live({
      functions: new Map([
        [
          `${REGION}/api`,
          liveFunction({
            policies: { '': lambdaPolicy([{ ...EVENTS_PERMISSION, sourceArn: 'arn:aws:events:eu-west-1:000000000000:rule/*' }]) },
          }),
        ],
      ]),
    }),
    'INVOKE_PERMISSION_CHANGED',
    /will replace statement "AllowEvents" .* new generated id, not "AllowEvents"\.$/,
    null,
  ],
  [
    'FUNCTION_DELETED, function owned by this state',
    [fn, permission()],
    live({ functions: new Map([[`${REGION}/api`, 'missing']]) }),
    'FUNCTION_DELETED',
    /^terraform apply will recreate the function and its declared permissions \(aws_lambda_function\.fn\)/,
    null,
  ],
  [
    'FUNCTION_DELETED, function owned elsewhere',
    [permission()],
    live({ functions: new Map([[`${REGION}/api`, 'missing']]) }),
    'FUNCTION_DELETED',
    /^terraform apply cannot fix this: the function is owned elsewhere/,
    /will recreate/,
  ],
];

test.each(ROWS)('%s', (_name, resources, inventory, code, says, neverSays) => {
  const text = remediation(resources, inventory, code);
  expect(text).toMatch(says);
  if (neverSays) expect(text).not.toMatch(neverSays);
});
