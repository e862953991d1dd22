import { App } from 'cdktf';
import { buildStack } from '../../stacks/build-stack';
import { DefinitionError } from '../../stacks/validate-definition';
import type { FunctionDefinition, StackDefinition } from '../../stacks/definition';
import { minimalDefinition, quietChecks } from '../helpers/synth';

const withFunctions = (...functions: FunctionDefinition[]): StackDefinition => minimalDefinition({ name: 'payments', functions });

/** Builds and returns the DefinitionError (fails the test when none is thrown). */
function definitionError(def: StackDefinition): DefinitionError {
  try {
    buildStack(new App({ skipValidation: true }), def, { policyChecks: quietChecks });
  } catch (err) {
    expect(err).toBeInstanceOf(DefinitionError);
    return err as DefinitionError;
  }
  throw new Error('expected buildStack to throw a DefinitionError');
}

describe('buildStack: bad definitions give one clear error naming stack, function and field', () => {
  it('bad role name', () => {
    const err = definitionError(withFunctions({ name: 'charge', existing: 'charge', role: { name: 'charge exec/role' } }));
    expect(err.problems).toHaveLength(1);
    expect(err.message).toBe(
      'stack "payments", function "charge", field functions[0].role.name: "charge exec/role" is not a valid IAM role name: it must be 1–64 characters of letters, digits and +=,.@_-. Fix: shorten it and replace other characters (spaces, slashes, colons) with "-"',
    );
  });

  it('role name derived from a too-long function name still names the field', () => {
    const err = definitionError(withFunctions({ name: 'f'.repeat(60), existing: 'x' }));
    expect(err.message).toMatch(
      /^stack "payments", function "f{60}", field functions\[0\]\.role\.name: "f{60}-exec" \(derived from the function name\) is not a valid IAM role name.*Fix: set role\.name explicitly$/,
    );
  });

  it('maxSessionDuration out of range', () => {
    const err = definitionError(withFunctions({ name: 'charge', existing: 'charge', role: { maxSessionDuration: 100 } }));
    expect(err.problems).toHaveLength(1);
    expect(err.message).toMatch(
      /^stack "payments", function "charge", field functions\[0\]\.role\.maxSessionDuration: 100 is out of range.*3600.*43200.*Fix: use a value such as 3600$/,
    );
  });

  it('unknown managed policy', () => {
    const err = definitionError(withFunctions({ name: 'charge', existing: 'charge', managedPolicies: ['AWSLambdaBasicExecution'] }));
    expect(err.problems).toHaveLength(1);
    expect(err.message).toMatch(
      /^stack "payments", function "charge", field functions\[0\]\.managedPolicies\[0\]: "AWSLambdaBasicExecution" is neither a Lambda managed policy.*Fix: use one of AWSLambdaBasicExecutionRole/,
    );
  });

  it('service invoker with no source ARN', () => {
    const err = definitionError(withFunctions({ name: 'charge', existing: 'charge', invokers: [{ kind: 'sns', name: 'events' }] }));
    expect(err.problems).toHaveLength(1);
    expect(err.message).toMatch(
      /^stack "payments", function "charge", field functions\[0\]\.invokers\[0\]\.sourceArn: invoker "events" \(sns\): .*needs a source ARN.*Fix: set sourceArn .*noSource/,
    );
  });

  it('duplicate function names', () => {
    const err = definitionError(
      withFunctions({ name: 'charge', existing: 'a' }, { name: 'charge', existing: 'b', role: { name: 'other-exec' } }),
    );
    expect(err.problems).toHaveLength(1);
    expect(err.message).toMatch(
      /^stack "payments", function "charge", field functions\[1\]\.name: "charge" is defined twice \(also functions\[0\]\).*Fix: rename/,
    );
  });

  it('two functions with the same role name', () => {
    const err = definitionError(
      withFunctions(
        { name: 'charge', existing: 'a', role: { name: 'shared' } },
        { name: 'refund', existing: 'b', role: { name: 'shared' } },
      ),
    );
    expect(err.problems).toHaveLength(1);
    expect(err.message).toMatch(
      /^stack "payments", function "refund", field functions\[1\]\.role\.name: role name "shared" is already used by function "charge".*Fix: set a different role\.name/,
    );
  });

  it('a suppression without a real reason', () => {
    const err = definitionError(withFunctions({ name: 'charge', existing: 'a', suppressions: [{ id: 'LR-X', reason: 'ok' }] }));
    expect(err.message).toMatch(
      /^stack "payments", function "charge", field functions\[0\]\.suppressions\[0\]\.reason: a suppression reason must explain/,
    );
  });

  it('neither code nor existing', () => {
    const err = definitionError(withFunctions({ name: 'charge' }));
    expect(err.message).toMatch(/function "charge", field functions\[0\]\.code: is missing/);
  });

  it('an unknown field names the field and suggests the fix', () => {
    const err = definitionError(withFunctions({ name: 'charge', existing: 'a', rol: {} } as unknown as FunctionDefinition));
    expect(err.message).toMatch(/function "charge", field functions\[0\]: unknown field\(s\) rol/);
  });

  it('the same customer policy name in two functions', () => {
    const policy = { name: 'shared-read', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] };
    const err = definitionError(
      withFunctions(
        { name: 'charge', existing: 'a', customerPolicies: [policy] },
        { name: 'refund', existing: 'b', customerPolicies: [policy] },
      ),
    );
    expect(err.message).toMatch(
      /^stack "payments", function "refund", field functions\[1\]\.customerPolicies\[0\]\.name: "shared-read" is already created by function "charge"/,
    );
  });

  it('a Lambda@Edge function built outside us-east-1', () => {
    const err = definitionError({
      ...withFunctions({ name: 'edge', role: { edge: true }, code: { path: __dirname, runtime: 'nodejs20.x', handler: 'index.handler' } }),
      region: 'eu-west-1',
    });
    expect(err.message).toMatch(
      /^stack "payments", function "edge", field functions\[0\]\.role\.edge: is true but the stack region is eu-west-1.*us-east-1/,
    );
  });

  it('a bad account id names the stack-level field', () => {
    const err = definitionError({ ...minimalDefinition(), account: '123' });
    expect(err.message).toMatch(/^stack "unit", field account: "123" is not an AWS account id/);
  });
});
