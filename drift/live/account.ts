/**
 * Why this exists: IAM roles and Lambda functions are read by name. Credentials for the wrong account (dev
 * keys against a prod state) would read that account's resources of the same names and report their
 * differences as drift, or as "in sync". One STS GetCallerIdentity (it needs no permission) tells us whose
 * credentials these are; the state reader recorded which accounts its ARNs name. A mismatch is an error.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { ExpectedInventory, ReportWarning } from '../model';
import { UserError } from '../../shared/errors';
import { describeSdkError, failureKind } from '../aws/sdk-errors';
import { isDeadlineExceeded } from '../aws/deadline';

/**
 * Throws a UserError (exit 1) when a state names an account the credentials are not for. States whose ARNs
 * name no account (only plain names) cannot be checked and pass. Returns the caller's account.
 */
export async function checkAccount(expected: ExpectedInventory, sts: STSClient): Promise<string> {
  let account: string | undefined;
  try {
    account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (err) {
    // The run's deadline: the caller reports what was not checked.
    if (isDeadlineExceeded(err)) throw err;
    throw new UserError(`cannot tell which AWS account the credentials are for: ${whyNot(err)}`);
  }
  if (!account) throw new UserError('sts:GetCallerIdentity returned no account; check the credentials and --profile');
  for (const [source, accounts] of Object.entries(expected.accountsBySource)) {
    if (accounts.includes(account)) continue;
    throw new UserError(
      `state ${source} is for account ${accounts.join(', ')}, the credentials are for ${account}; use the account's credentials or --profile`,
    );
  }
  return account;
}

/** The cause and the fix, by kind: only a credentials failure says to check the credentials. */
function whyNot(err: unknown): string {
  const what = describeSdkError('sts:GetCallerIdentity', err);
  switch (failureKind(err)) {
    case 'credentials':
      return `STS refused the credentials (${what}); nothing was read: check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, --profile or AWS_PROFILE) and the machine clock`;
    case 'throttled':
      return `STS throttled the call until the retries gave up (${what}); nothing was read: run again later (the credentials are not in question)`;
    case 'server':
      return `STS answered with a server error (${what}); nothing was read: this is on the AWS side, run again later`;
    case 'network':
      return `STS could not be reached or did not answer (${what}); nothing was read: check the network or proxy, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS and --region`;
    default:
      return `${what}; nothing was read`;
  }
}

/** One warning per state whose ARNs name no account: the credentials' account could not be checked against it. */
export function accountWarnings(expected: ExpectedInventory): ReportWarning[] {
  return expected.sources
    .filter((source) => !expected.accountsBySource[source]?.length)
    .map((source) => ({
      code: 'ACCOUNT_NOT_CHECKED',
      source,
      message: `${source} names no account in its ARNs, so the check could not confirm the credentials are for its account; resources were read by name in the credentials' account`,
    }));
}
