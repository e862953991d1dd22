/**
 * Why this exists: every request is attributed to a principal (CloudTrail needs who did it; service state is
 * keyed by account). Long-term keys come from configuration; STS AssumeRole adds temporary sessions that
 * must survive snapshot/restore like any other state.
 */
import { createHash } from 'node:crypto';
import type { CallerIdentity, IdentityStore } from '../types';
import { isAccountId } from '../../shared/aws/arn';

/** A long-term access key the endpoint accepts. */
export interface IdentityConfig {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** 12 digits; service state is kept per account. */
  readonly accountId: string;
  /** arn:aws:iam::ACCT:root, arn:aws:iam::ACCT:user/NAME or arn:aws:sts::ACCT:assumed-role/ROLE/SESSION. */
  readonly arn: string;
  /**
   * Calls are recorded as console-session events (`sessionCredentialFromConsole`, userAgent "AWS Internal").
   * @default false
   */
  readonly console?: boolean;
}

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const OTHER_ACCOUNT_ID = '111111111111';
export const DEFAULT_REGION = 'us-east-1';
/** LocalStack's port, so existing habits and tools carry over. */
export const DEFAULT_PORT = 4566;

/** LocalStack-style defaults: `test/test` deploys, `console/console` plays a human in the console. */
export const DEFAULT_CREDENTIALS = {
  admin: { accessKeyId: 'test', secretAccessKey: 'test' },
  console: { accessKeyId: 'console', secretAccessKey: 'console' },
  other: { accessKeyId: 'other', secretAccessKey: 'other' },
} as const;
export type DefaultCredentialName = keyof typeof DEFAULT_CREDENTIALS;

export const DEFAULT_IDENTITIES: readonly IdentityConfig[] = [
  { ...DEFAULT_CREDENTIALS.admin, accountId: DEFAULT_ACCOUNT_ID, arn: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:root` },
  {
    ...DEFAULT_CREDENTIALS.console,
    accountId: DEFAULT_ACCOUNT_ID,
    arn: `arn:aws:sts::${DEFAULT_ACCOUNT_ID}:assumed-role/Admin/console-user`,
    console: true,
  },
  { ...DEFAULT_CREDENTIALS.other, accountId: OTHER_ACCOUNT_ID, arn: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` },
];

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable AWS-looking unique id (AROA…, AIDA…, ASIA…): the prefix plus 17 base32 chars derived from a seed. */
export function awsStyleId(prefix: string, seed: string, length = 17): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[digest[i] % 32];
  return prefix + out;
}

const ARN_PATTERN = /^arn:aws:(iam|sts)::(\d{12}):(root|user\/(?:.*\/)?([^/]+)|assumed-role\/([^/]+)\/([^/]+))$/;

/** Builds the caller identity for a configured key; throws with the field and the fix when the ARN is odd. */
export function identityFromConfig(cfg: IdentityConfig): CallerIdentity {
  const m = ARN_PATTERN.exec(cfg.arn);
  if (!m || m[2] !== cfg.accountId || !isAccountId(cfg.accountId)) {
    throw new Error(
      `identities[${cfg.accessKeyId}].arn: "${cfg.arn}" is not a root, user or assumed-role ARN of account "${cfg.accountId}". ` +
        `Use arn:aws:iam::<12 digits>:root, arn:aws:iam::<acct>:user/<name> or arn:aws:sts::<acct>:assumed-role/<role>/<session>.`,
    );
  }
  const base = { accessKeyId: cfg.accessKeyId, accountId: cfg.accountId, arn: cfg.arn, console: cfg.console ?? false };
  if (m[3] === 'root') return { ...base, principalId: cfg.accountId, type: 'Root' };
  if (m[4]) return { ...base, principalId: awsStyleId('AIDA', cfg.arn), type: 'IAMUser' };
  const roleArn = `arn:aws:iam::${cfg.accountId}:role/${m[5]}`;
  return {
    ...base,
    principalId: `${awsStyleId('AROA', roleArn)}:${m[6]}`,
    type: 'AssumedRole',
    roleArn,
    sessionName: m[6],
  };
}

export interface KeyRecord {
  readonly identity: CallerIdentity;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** ISO time; only for STS sessions. */
  readonly expires?: string;
  /** ISO time the credentials were issued (CloudTrail's sessionContext.attributes.creationDate). */
  readonly createdAt: string;
}

/** The JSON form of minted sessions, part of a snapshot. */
export type SessionSnapshot = KeyRecord[];

export class Identities implements IdentityStore {
  private readonly longTerm = new Map<string, KeyRecord>();
  private sessions = new Map<string, KeyRecord>();

  constructor(
    configs: readonly IdentityConfig[],
    private readonly now: () => Date,
  ) {
    const startedAt = now();
    for (const cfg of configs) {
      if (this.longTerm.has(cfg.accessKeyId)) {
        throw new Error(`identities: access key "${cfg.accessKeyId}" is listed twice. Give each identity its own accessKeyId.`);
      }
      this.longTerm.set(cfg.accessKeyId, {
        identity: identityFromConfig(cfg),
        secretAccessKey: cfg.secretAccessKey,
        createdAt: startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
  }

  lookup(accessKeyId: string): KeyRecord | undefined {
    return this.longTerm.get(accessKeyId) ?? this.sessions.get(accessKeyId);
  }

  addSession(identity: CallerIdentity, secretAccessKey: string, sessionToken: string, expires: Date): void {
    this.sessions.set(identity.accessKeyId, {
      identity,
      secretAccessKey,
      sessionToken,
      expires: expires.toISOString(),
      createdAt: this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    });
  }

  accounts(): string[] {
    return [...new Set([...this.longTerm.values()].map((r) => r.identity.accountId))].sort();
  }

  snapshotSessions(): SessionSnapshot {
    return structuredClone([...this.sessions.values()]);
  }

  /** Checks and copies sessions without touching the live ones, so a bad snapshot changes nothing. */
  prepareSessions(sessions: SessionSnapshot): Map<string, KeyRecord> {
    if (!Array.isArray(sessions)) throw new Error('snapshot.sessions: expected an array of sessions. Pass a value produced by snapshot().');
    return new Map(
      structuredClone(sessions).map((s, i) => {
        const id = (s as { identity?: { accessKeyId?: unknown } } | null)?.identity?.accessKeyId;
        if (typeof id !== 'string' || typeof s.secretAccessKey !== 'string') {
          throw new Error(
            `snapshot.sessions[${i}]: expected { identity: { accessKeyId, … }, secretAccessKey, … }. Pass a value produced by snapshot().`,
          );
        }
        return [id, s] as const;
      }),
    );
  }

  useSessions(prepared: Map<string, KeyRecord>): void {
    this.sessions = prepared;
  }

  restoreSessions(sessions: SessionSnapshot): void {
    this.useSessions(this.prepareSessions(sessions));
  }
}
