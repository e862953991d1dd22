/**
 * Properties of the real comparer (drift/compare) and normalizer (drift/normalize) over generated policies:
 * a rewrite that keeps a policy's meaning never produces a finding, and a change of meaning always does,
 * whichever side (state or AWS) holds it and however each side is spelt. Documents go where the drift check
 * meets them: an inline policy and a customer managed policy (identity policies), a role's trust policy;
 * the AWS side URL-encoded as IAM returns it. Cases per property and the seed: run-property.ts.
 */
import fc from 'fast-check';
import { compareInventories } from '../../drift/compare/compare';
import { normalizePolicyDocument, policiesEqual } from '../../drift/normalize/policy-document';
import type { FindingCode, PendingFinding } from '../../drift/model';
import { POLICY_ARN, expectedInventory, expectedRole, liveInventory, liveRole } from '../drift/fixtures/builders';
import { encodeLive, identityPolicyArb, render, trustPolicyArb, type Gen, type PolicyModel } from './policy-model';
import { addAccount, addAction, addPrincipal, dropCondition, flipEffect, widenResource, type Change } from './policy-changes';
import { propertyRuns, runProperty } from './run-property';

type Place = 'inline' | 'customer' | 'trust';

/** The comparer's findings for one document declared in state (`declared`) and read from AWS (`live`, as IAM encodes it). */
function findingsFor(place: Place, declared: unknown, live: string): PendingFinding[] {
  const none = { functions: [], customerPolicies: [] };
  if (place === 'customer') {
    const policy = { arn: POLICY_ARN, name: 'api-tables', address: 'aws_iam_policy.tables', document: declared, source: 'prop' };
    return compareInventories(
      expectedInventory({ roles: [], functions: [], customerPolicies: [policy], sources: ['prop'] }),
      liveInventory({
        roles: new Map(),
        functions: new Map(),
        customerPolicies: new Map([[POLICY_ARN, { arn: POLICY_ARN, defaultVersionId: 'v3', document: live }]]),
      }),
    );
  }
  const role =
    place === 'inline'
      ? expectedRole({ inlinePolicies: { app: { address: 'aws_iam_role_policy.app', document: declared } } })
      : expectedRole({ trustPolicy: declared, inlinePolicies: {} });
  const live_ =
    place === 'inline' ? liveRole({ inlinePolicies: { app: live } }) : liveRole({ assumeRolePolicyDocument: live, inlinePolicies: {} });
  return compareInventories(
    expectedInventory({ roles: [role], ...none }),
    liveInventory({ roles: new Map([['api-role', live_]]), functions: new Map(), customerPolicies: new Map() }),
  );
}

const CODE: Record<Place, FindingCode> = {
  inline: 'INLINE_POLICY_CHANGED',
  customer: 'CUSTOMER_POLICY_CHANGED',
  trust: 'TRUST_POLICY_CHANGED',
};

/** State holds the parsed JSON (or the JSON text), AWS the URL-encoded text. */
function declaredForm(g: Gen, doc: Record<string, unknown>): unknown {
  return g(fc.boolean) ? doc : JSON.stringify(doc);
}

const identityPlace = fc.constantFrom<Place>('inline', 'customer');

describe(`policy meaning (${propertyRuns()} cases per property; LR_PROPERTY_RUNS / LR_PROPERTY_SEED)`, () => {
  it('the builders are in sync as given: no finding without a change (the baseline the properties vary)', () => {
    expect(compareInventories(expectedInventory(), liveInventory())).toEqual([]);
  });

  describe('rewrites that keep the meaning never produce a finding', () => {
    it('identity policies (inline, customer managed): order, string vs array, statement object vs array, default Version, action and key case, URL encoding, scalars, duplicates', () => {
      const ran = runProperty(
        fc.property(identityPolicyArb, identityPlace, fc.gen(), (model, place, g) => {
          const a = render(g, model);
          const b = render(g, model);
          expect(policiesEqual(normalizePolicyDocument(a, 'a'), normalizePolicyDocument(encodeLive(g, b), 'b'))).toBe(true);
          expect(findingsFor(place, declaredForm(g, a), encodeLive(g, b))).toEqual([]);
        }),
      );
      expect(ran).toBe(propertyRuns());
    });

    it('trust policies: principal account id vs root ARN, "*" vs {"AWS": "*"}, and every identity-policy rewrite', () => {
      const ran = runProperty(
        fc.property(trustPolicyArb, fc.gen(), (model, g) => {
          expect(findingsFor('trust', declaredForm(g, render(g, model)), encodeLive(g, render(g, model)))).toEqual([]);
        }),
      );
      expect(ran).toBe(propertyRuns());
    });
  });

  describe('changes of meaning always produce a finding, on either side', () => {
    /** One finding of the place's code, with differences; the change is in AWS or (as if reverted) in state. */
    const changeProperty = (arb: fc.Arbitrary<PolicyModel>, places: fc.Arbitrary<Place>, change: Change) =>
      fc.property(arb, places, fc.gen(), (model, place, g) => {
        const changed = change(g, model);
        fc.pre(changed !== undefined);
        const [declared, live] = g(fc.boolean) ? [model, changed] : [changed, model];
        const findings = findingsFor(place, declaredForm(g, render(g, declared)), encodeLive(g, render(g, live)));
        expect(findings.map((f) => f.code)).toEqual([CODE[place]]);
        expect(findings[0].differences.length).toBeGreaterThan(0);
      });

    it.each<[string, fc.Arbitrary<PolicyModel>, fc.Arbitrary<Place>, Change]>([
      ['add an action', identityPolicyArb, identityPlace, addAction],
      ['widen a resource', identityPolicyArb, identityPlace, widenResource],
      ['drop a condition', identityPolicyArb, identityPlace, dropCondition],
      ['flip an effect', identityPolicyArb, identityPlace, flipEffect],
      ['flip an effect (trust)', trustPolicyArb, fc.constant<Place>('trust'), flipEffect],
      ['drop a condition (trust)', trustPolicyArb, fc.constant<Place>('trust'), dropCondition],
      ['add a principal (trust)', trustPolicyArb, fc.constant<Place>('trust'), addPrincipal],
      ['add an account to a trust policy', trustPolicyArb, fc.constant<Place>('trust'), addAccount],
    ])('%s', (_name, arb, places, change) => {
      expect(runProperty(changeProperty(arb, places, change))).toBe(propertyRuns());
    });
  });

  describe('the properties can fail', () => {
    it('a comparer that ignores Effect would let "flip an effect" fail, and the failure names the seed', () => {
      const blind = (doc: Record<string, unknown>) =>
        normalizePolicyDocument(JSON.parse(JSON.stringify(doc).replace(/"Deny"/g, '"Allow"')), 'blind');
      const prop = fc.property(identityPolicyArb, fc.gen(), (model, g) => {
        const changed = flipEffect(g, model)!;
        expect(policiesEqual(blind(render(g, model)), blind(render(g, changed)))).toBe(false);
      });
      expect(() => runProperty(prop)).toThrow(/seed: -?\d+[\s\S]*replay: LR_PROPERTY_SEED=/);
    });

    it('a rewrite that changes meaning (a dropped action) fails the "no finding" property', () => {
      const prop = fc.property(identityPolicyArb, fc.gen(), (model, g) => {
        const [first, ...rest] = model.statements;
        const damaged =
          first.actions.length > 1 ? { ...model, statements: [{ ...first, actions: first.actions.slice(1) }, ...rest] } : model;
        fc.pre(damaged !== model);
        expect(findingsFor('inline', render(g, model), encodeLive(g, render(g, damaged)))).toEqual([]);
      });
      expect(() => runProperty(prop)).toThrow(/Property failed/);
    });
  });
});
