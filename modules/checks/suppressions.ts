/**
 * Suppressions attached to constructs, as cdk-nag keeps them: construct metadata, so they travel with the
 * construct whoever created it (our constructs, a third-party one, raw provider resources) and whichever copy
 * of this library reads them. A suppression covers the construct it is attached to and everything below it.
 */
import type { IConstruct } from 'constructs';
import type { DeclaredSuppression, Suppression } from './types';
import { ValidationError } from '../validation';

/** The metadata type the suppressions are stored under. */
export const SUPPRESSIONS_METADATA = 'lambda-roles/suppressions';

interface SuppressionsMetadata {
  readonly suppressions: readonly Suppression[];
  readonly origin?: DeclaredSuppression['origin'];
}

/** Shape checks only: a reason that is too short is reported by the runner (LR-SUPPRESSION-REASON), not thrown. */
function checkShape(construct: IConstruct, s: unknown, index: number): Suppression {
  const where = `${construct.node.path} suppressions[${index}]`;
  const fail = (field: string, value: unknown, rule: string, fix: string): never => {
    throw new ValidationError(`${where}.${field}`, value, { rule, fix });
  };
  if (typeof s !== 'object' || s === null) return fail('(suppression)', s, 'is not an object', "write { id: 'LR-…', reason: '…why…' }");
  const { id, appliesTo, reason } = s as Record<string, unknown>;
  if (typeof id !== 'string' || !id.trim()) fail('id', id, 'is not a check id', "name the check, e.g. 'LR-IAM-WILDCARD-RESOURCE'");
  if (typeof reason !== 'string') fail('reason', reason, 'is not a string', 'say why the finding is acceptable, in at least 10 characters');
  if (appliesTo !== undefined && (!Array.isArray(appliesTo) || appliesTo.some((a) => typeof a !== 'string' || !a)))
    fail(
      'appliesTo',
      appliesTo,
      'is not a list of finding keys',
      "list what the finding's appliesTo says, e.g. ['Resource::*'], or leave it out",
    );
  return s as Suppression;
}

/**
 * Attaches suppressions to a construct. Each one is copied, so attaching the same object to two constructs
 * gives two suppressions, each reported as unused on its own when it silences nothing.
 */
export function addSuppressions(construct: IConstruct, suppressions: readonly Suppression[], origin?: DeclaredSuppression['origin']): void {
  if (!suppressions.length) return;
  const checked = suppressions.map((s, i) => checkShape(construct, s, i));
  const data: SuppressionsMetadata = {
    suppressions: checked.map((s) => ({ id: s.id, ...(s.appliesTo ? { appliesTo: [...s.appliesTo] } : {}), reason: s.reason })),
    ...(origin ? { origin } : {}),
  };
  construct.node.addMetadata(SUPPRESSIONS_METADATA, data);
}

/** The suppressions attached to the construct itself (not its parents). */
export function suppressionsOn(construct: IConstruct): DeclaredSuppression[] {
  return construct.node.metadata
    .filter((m) => m.type === SUPPRESSIONS_METADATA)
    .flatMap((m) => {
      const data = m.data as SuppressionsMetadata;
      return data.suppressions.map((suppression) => ({
        at: construct.node.path,
        suppression,
        ...(data.origin ? { origin: data.origin } : {}),
      }));
    });
}

/** Every suppression attached in the tree under (and including) `scope`, in tree order. */
export function suppressionsUnder(scope: IConstruct): DeclaredSuppression[] {
  return scope.node.findAll().flatMap(suppressionsOn);
}
