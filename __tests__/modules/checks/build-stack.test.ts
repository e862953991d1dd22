/**
 * The checks wired into the real generator: buildStack() attaches them, the real constructs
 * (ExecutionRole, CustomerPolicy, InvokePermission) describe themselves, and definition-level
 * suppressions and noSource reasons reach the runner.
 */
import { Testing } from 'cdktf';
import { buildStack } from '../../../stacks/build-stack';
import { EXAMPLES } from '../../../stacks/examples';
import type { StackDefinition } from '../../../stacks/definition';
import { collectCheckEntries, type ChecksReport } from '../../../modules/checks/run-checks';
import { objectContaining } from '../../helpers/synth';

/** A definition with one function owned elsewhere (no code asset), so only IAM and permissions are built. */
function definition(fn: Partial<StackDefinition['functions'][number]>): StackDefinition {
  return { name: 'checks-it', region: 'us-east-1', account: '123456789012', functions: [{ name: 'sync', existing: 'sync', ...fn }] };
}

function synth(def: StackDefinition): { log: string[]; report: ChecksReport; error?: Error } {
  const log: string[] = [];
  let report: ChecksReport | undefined;
  const stack = buildStack(Testing.app(), def, { policyChecks: { log: (l) => log.push(l), onReport: (r) => (report = r) } });
  try {
    Testing.fullSynth(stack);
    return { log, report: report! };
  } catch (error) {
    return { log, report: report!, error: error as Error };
  }
}

describe('policy checks through buildStack', () => {
  test.each(EXAMPLES.map((e) => [e.name, e] as const))('the shipped example %s has subjects and no findings', (_name, def) => {
    const log: string[] = [];
    let report: ChecksReport | undefined;
    const stack = buildStack(Testing.app(), def, { policyChecks: { log: (l) => log.push(l), onReport: (r) => (report = r) } });
    Testing.synth(stack, true);
    const kinds = new Set(collectCheckEntries(stack).map((e) => e.subject.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['identity-policy', 'managed-policy-attachment', 'trust-policy']));
    expect(report).toEqual({ findings: [], suppressed: [], errors: [], warnings: [], notChecked: [] });
    expect(log).toEqual([]);
  });

  test('an inline s3:* statement fails synth, naming the role construct and the fix', () => {
    const { error } = synth(definition({ statements: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::acme-sync/*'] }] }));
    expect(error?.message).toMatch(
      /\[error\] LR-IAM-WILDCARD-ACTION at checks-it\/[^ ]+ \(Action::s3:\*\): Policy 'inline-least-privilege' allows the action 's3:\*'/,
    );
  });

  test("the function's suppressions silence it and are logged with their reasons", () => {
    const { error, log, report } = synth(
      definition({
        statements: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::acme-sync/*'] }],
        suppressions: [
          { id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::s3:*'], reason: 'the sync tool mirrors every bucket API call' },
        ],
      }),
    );
    expect(error).toBeUndefined();
    expect(report.suppressed.map((s) => s.reason)).toEqual(['the sync tool mirrors every bucket API call']);
    expect(log[0]).toMatch(
      /^\[suppressed\] LR-IAM-WILDCARD-ACTION at checks-it\/.* \(Action::s3:\*\): the sync tool mirrors every bucket API call$/,
    );
  });

  test("an invoker's noSource reason is logged as the suppression of LR-LAMBDA-INVOKE-WITHOUT-SOURCE", () => {
    const { error, report } = synth(
      definition({ invokers: [{ kind: 'eventbridge', name: 'any-rule', noSource: { reason: 'rules are created by the platform team' } }] }),
    );
    expect(error).toBeUndefined();
    expect(report.suppressed).toEqual([
      {
        finding: objectContaining({ checkId: 'LR-LAMBDA-INVOKE-WITHOUT-SOURCE', appliesTo: 'Principal::events.amazonaws.com' }),
        reason: 'rules are created by the platform team',
      },
    ]);
  });

  test('an admin managed policy on the role fails synth', () => {
    const { error } = synth(definition({ managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }));
    expect(error?.message).toContain('LR-IAM-ADMIN-MANAGED-POLICY');
  });
});
