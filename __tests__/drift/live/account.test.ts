/**
 * The drift check reads roles and functions by name, so it must first know the credentials belong to the
 * account the state describes (one STS GetCallerIdentity), and reads functions by the ARN state records.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAws } from '../../../local-aws';
import { main, type CliIo } from '../../../cli/main';
import { runDrift } from '../../../drift/run-drift';
import { readLive } from '../../../drift/live/read-live';
import { AwsClients } from '../../../drift/aws/clients';
import { UserError } from '../../../shared/errors';
import type { ExpectedInventory } from '../../../drift/model';
import { ACCOUNT, LAMBDA_TRUST, REGION, iamAs, seedFunction, seedRole, startEndpoint } from '../fixtures/seed';

let aws: LocalAws;
const dir = mkdtempSync(join(tmpdir(), 'lr-account-'));

function stateFile(name: string, account: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      version: 4,
      resources: [
        {
          mode: 'managed',
          type: 'aws_iam_role',
          name: 'r',
          instances: [
            {
              attributes: {
                name: 'acct-role',
                arn: `arn:aws:iam::${account}:role/acct-role`,
                assume_role_policy: LAMBDA_TRUST,
                description: '',
                max_session_duration: 3600,
                tags_all: {},
              },
            },
          ],
        },
      ],
    }),
  );
  return file;
}

beforeAll(async () => {
  aws = await startEndpoint();
  await seedRole(iamAs(aws), { name: 'acct-role' });
  await seedFunction(aws, 'by-arn', 'acct-role', false);
}, 60_000);

afterAll(async () => {
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a state for another account fails with exit 1 and names both accounts', async () => {
  const prod = stateFile('prod.tfstate', '111111111111');
  await expect(runDrift({ stateFiles: [prod], skipAttribution: true })).rejects.toThrow(UserError);
  await expect(runDrift({ stateFiles: [prod], skipAttribution: true })).rejects.toThrow(
    `state ${prod} is for account 111111111111, the credentials are for ${ACCOUNT}; use the account's credentials or --profile`,
  );
  let err = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, exitCode: 0 } as unknown as CliIo;
  expect(await main(['node', 'lambda-roles', 'drift', '--state', prod], io)).toBe(1);
  expect(err).toContain('is for account 111111111111, the credentials are for 000000000000');
});

test("a state for the credentials' account runs; GetCallerIdentity is called once", async () => {
  const result = await runDrift({ stateFiles: [stateFile('dev.tfstate', ACCOUNT)], skipAttribution: true });
  expect(result.report.summary).toMatchObject({ roles: 1, errors: 0 });
  expect(result.apiCalls['sts:GetCallerIdentity']).toBe(1);
});

test('functions are read by the ARN state records, not by name', async () => {
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:by-arn`;
  const expected: ExpectedInventory = {
    roles: [],
    functions: [{ name: 'by-arn', region: REGION, arn, permissions: [], source: 'test' }],
    customerPolicies: [],
    sources: ['test'],
    partition: 'aws',
    accountsBySource: { test: [ACCOUNT] },
  };
  const clients = new AwsClients();
  const sent: string[] = [];
  clients.lambda(REGION).middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(`${context.commandName}:${(args.input as { FunctionName?: string }).FunctionName}`);
      return next(args);
    },
    { step: 'initialize' },
  );
  try {
    const live = await readLive(expected, { clients });
    expect(live.errors).toEqual([]);
    expect(live.functions.get(`${REGION}/by-arn`)).toMatchObject({ arn });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((s) => !s.endsWith(`:${arn}`))).toEqual([]);
  } finally {
    clients.destroy();
  }
});

test("a state whose account shows only in an attachment's customer policy_arn is checked: mismatch, not every role deleted", async () => {
  const file = join(dir, 'attachments-only.tfstate');
  writeFileSync(
    file,
    JSON.stringify({
      version: 4,
      resources: [
        {
          mode: 'managed',
          type: 'aws_iam_role_policy_attachment',
          name: 'a',
          instances: [{ attributes: { role: 'prod-only-role', policy_arn: 'arn:aws:iam::111111111111:policy/app' } }],
        },
      ],
    }),
  );
  await expect(runDrift({ stateFiles: [file], skipAttribution: true })).rejects.toThrow(
    `state ${file} is for account 111111111111, the credentials are for ${ACCOUNT}; use the account's credentials or --profile`,
  );
});
