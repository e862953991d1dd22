/** The shape every IAM operation handler shares. */
import type { XmlObject } from '../../protocols/query';
import type { AuditEntry, CallContext } from '../../types';
import type { Params } from './params';
import type { AccountIam } from './state';

export interface OpEnv {
  readonly acct: AccountIam;
  readonly accountId: string;
  readonly ctx: CallContext;
}

export interface OpOutput {
  /** The `<OpResult>` children; undefined for operations AWS answers with an empty `<OpResponse>`. */
  readonly result?: XmlObject;
  /** Present for mutating calls only. */
  readonly audit?: AuditEntry;
}

export type Operation = (params: Params, env: OpEnv) => OpOutput;

/** IAM is global: CloudTrail records its events in us-east-1 whatever region the client signed for. */
export function iamAudit(
  eventName: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null,
  resources: { ResourceType: string; ResourceName: string }[],
): AuditEntry {
  const defined = Object.fromEntries(Object.entries(requestParameters).filter(([, v]) => v !== undefined));
  return { eventName, requestParameters: defined, responseElements, resources, recordRegion: 'us-east-1' };
}
