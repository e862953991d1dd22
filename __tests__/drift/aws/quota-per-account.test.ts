/**
 * AWS counts Lambda's quotas per account and region, so the pacing does too: two accounts read side by side
 * (a --config run's targets) each get the whole quota, while two readers of one account share it. Measured
 * on the real SDK clients against the local endpoint at a low rate (2/s after the burst of 10), where the
 * difference is seconds: 12 calls per account take about 1 s apart and about 7 s shared.
 */
import { GetPolicyCommand } from '@aws-sdk/client-lambda';
import type { LocalAws } from '../../../local-aws';
import { startLocalAws } from '../../../local-aws';
import { AwsClients } from '../../../drift/aws/clients';

let aws: LocalAws;
const saved = { ...process.env };
beforeAll(async () => {
  aws = await startLocalAws({ port: 0 });
  Object.assign(process.env, { AWS_ENDPOINT_URL: aws.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
});
afterAll(async () => {
  process.env = saved;
  await aws.close();
});

/** Seconds for two clients, of these accounts, to send 12 GetPolicy calls each at the same time. */
async function sideBySide(accountA: string, accountB: string): Promise<number> {
  const clients = [accountA, accountB].map((account) => {
    const c = new AwsClients({ region: 'us-east-1', lambdaRatePerSecond: 2, maxAttempts: 1 });
    c.useQuotasOf(account);
    return c;
  });
  const start = Date.now();
  await Promise.all(
    clients.flatMap((c) =>
      Array.from({ length: 12 }, () =>
        c
          .lambda()
          .send(new GetPolicyCommand({ FunctionName: 'none' }))
          .catch(() => undefined),
      ),
    ),
  );
  clients.forEach((c) => c.destroy());
  return (Date.now() - start) / 1000;
}

test('two accounts are paced apart; one account is paced as one', async () => {
  const apart = await sideBySide('111111111111', '222222222222');
  const shared = await sideBySide('333333333333', '333333333333');
  expect(apart).toBeLessThan(3);
  expect(shared).toBeGreaterThan(5);
}, 30_000);
