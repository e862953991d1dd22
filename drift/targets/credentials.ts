/**
 * A target's credentials: its role assumed with STS AssumeRole from the base credentials (the job's own:
 * the default chain or --profile), or the base credentials themselves when the target names no role. Either
 * way the account must be the target's: a session in the wrong account would read that account's
 * resources of the same names. A failure here is the reason the target is reported as not checked.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, type Credentials } from '@aws-sdk/client-sts';
import { AwsClients, type AwsCredentials } from '../aws/clients';
import { describeSdkError } from '../aws/sdk-errors';
import { parseArn } from '../../shared/aws/arn';
import { UserError } from '../../shared/errors';
import type { DriftTarget } from './config';

/** Renew a session this long before it expires (the SDK also refreshes a provider 5 minutes early). */
const RENEW_BEFORE_MS = 10 * 60_000;

export interface TargetSession {
  /** What the target's clients sign with. @default - the base credentials */
  readonly credentials?: AwsCredentials;
  /** Who the target is read as (the assumed-role session ARN, or the base identity). */
  readonly identity: string;
  /** STS calls made for the session, by operation. */
  apiCalls(): Record<string, number>;
  /** Closes the STS client (a provider can no longer renew after this). */
  close(): void;
}

export interface SessionOptions {
  /** @default - AWS_PROFILE, else the default credential chain */
  readonly profile?: string;
  /** @default 6 */
  readonly maxAttempts?: number;
}

function wrongAccount(target: DriftTarget, account: string | undefined, who: string): UserError {
  return new UserError(
    `${who} is in account ${account ?? '(unknown)'}, but target ${target.name} is account ${target.account} (${target.at}); ` +
      `fix the target's account, or give it a role in that account`,
  );
}

/** Opens the target's session; throws a UserError saying why it cannot (the target is then not checked). */
export async function openTargetSession(target: DriftTarget, options: SessionOptions = {}): Promise<TargetSession> {
  const base = new AwsClients({ region: target.regions[0], profile: options.profile, maxAttempts: options.maxAttempts });
  const common = { apiCalls: () => base.counter.snapshot(), close: () => base.destroy() };
  try {
    if (!target.role) {
      let caller;
      try {
        caller = await base.sts().send(new GetCallerIdentityCommand({}));
      } catch (err) {
        throw new UserError(`cannot tell which account the base credentials are for (${describeSdkError('sts:GetCallerIdentity', err)})`);
      }
      if (caller.Account !== target.account) throw wrongAccount(target, caller.Account, `the base credentials (${caller.Arn})`);
      return { identity: caller.Arn ?? '', ...common };
    }
    const role = target.role;
    const assume = async (): Promise<{ credentials: Credentials; arn: string }> => {
      let out;
      try {
        out = await base.sts().send(
          new AssumeRoleCommand({
            RoleArn: role.arn,
            RoleSessionName: role.sessionName,
            ...(role.externalId ? { ExternalId: role.externalId } : {}),
          }),
        );
      } catch (err) {
        throw new UserError(
          `could not assume ${role.arn} (${describeSdkError('sts:AssumeRole', err)}); check that the role exists, that its trust policy allows the job's identity` +
            `${role.externalId ? ' with this external id' : ''}, and that the job may call sts:AssumeRole on it`,
        );
      }
      if (!out.Credentials?.AccessKeyId || !out.Credentials.SecretAccessKey)
        throw new UserError(`sts:AssumeRole ${role.arn} returned no credentials`);
      return { credentials: out.Credentials, arn: out.AssumedRoleUser?.Arn ?? '' };
    };
    const first = await assume();
    const account = parseArn(first.arn)?.accountId;
    if (account !== target.account) throw wrongAccount(target, account, `the assumed role ${first.arn}`);
    let current = first.credentials;
    const toIdentity = (c: Credentials) => ({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    });
    // A provider, not static keys: a run longer than the session (1 hour by default) renews it instead of failing.
    const credentials: AwsCredentials = async () => {
      if (current.Expiration && current.Expiration.getTime() - Date.now() < RENEW_BEFORE_MS) current = (await assume()).credentials;
      return toIdentity(current);
    };
    return { credentials, identity: first.arn, ...common };
  } catch (err) {
    base.destroy();
    throw err;
  }
}
