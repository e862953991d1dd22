/**
 * The README demo (`npm start`): the whole story on the embedded default, with no AWS account.
 *   1. start the local AWS endpoint (IAM, STS, Lambda, CloudTrail) on 127.0.0.1;
 *   2. synthesize the example stacks and deploy them with the real terraform + AWS provider;
 *   3. make a few "manual console edits" as the console identity;
 *   4. run the drift check, print its report and explain the exit code.
 * Everything it writes lives in a fresh folder under the OS temp dir (lambda-roles-demo-*), removed when
 * the demo ends: never in the project, which for an installed package is node_modules.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { IAMClient, AttachRolePolicyCommand, UpdateAssumeRolePolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { LambdaClient, AddPermissionCommand } from '@aws-sdk/client-lambda';
import { startLocalAws, DEFAULT_CREDENTIALS, DEFAULT_ACCOUNT_ID, OTHER_ACCOUNT_ID, type LocalAws } from '../local-aws';
import { EXAMPLES, describeStack, summarizeStack } from '../stacks';
import { synthDefinitions } from '../stacks/synth';
import { loadIamReference } from '../modules/checks/iam-data';
import { runDrift, REPORT_WRITERS, type DriftReport } from '../drift';
import { exitCodeFor } from '../drift/report';
import { applyDirs, awsEndpointEnv } from '../shared/terraform/run';
import { ExitCode } from '../shared/exit-codes';

export interface DemoOptions {
  /** Port for the endpoint; 0 picks a free one. @default 4566, or a free port when 4566 is taken */
  readonly port?: number;
  /**
   * Working directory for synth output and state; emptied first, and left in place afterwards.
   * @default - a new lambda-roles-demo-* folder under the OS temp dir, removed when the demo ends
   */
  readonly workDir?: string;
  /** Keep the endpoint running after the report, until interrupted. @default false */
  readonly keepRunning?: boolean;
  readonly color?: boolean;
  readonly log: (line: string) => void;
}

export interface DemoResult {
  readonly report: DriftReport;
  readonly driftExitCode: number;
  readonly endpoint: string;
  readonly apiCalls: Record<string, number>;
  readonly seconds: { readonly deploy: number; readonly drift: number };
}

async function startEndpoint(port: number | undefined): Promise<LocalAws> {
  if (port !== undefined) return startLocalAws({ port });
  try {
    return await startLocalAws({ port: 4566 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startLocalAws({ port: 0 });
  }
}

/** The console edits the demo makes: each one is a kind of drift `terraform plan` alone would miss or understate. */
async function makeConsoleEdits(endpoint: string, log: (l: string) => void): Promise<void> {
  const config = { endpoint, region: 'us-east-1', credentials: DEFAULT_CREDENTIALS.console, maxAttempts: 2 };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const [images, orders, queue] = EXAMPLES.map((d) => summarizeStack(d).functions[0]);
  try {
    log(`  console-user attaches AdministratorAccess to role ${images.roleName}`);
    await iam.send(new AttachRolePolicyCommand({ RoleName: images.roleName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    log(`  console-user lets account ${OTHER_ACCOUNT_ID} invoke ${orders.name}, with no condition`);
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: orders.name,
        StatementId: 'partner-debug',
        Action: 'lambda:InvokeFunction',
        Principal: OTHER_ACCOUNT_ID,
      }),
    );
    log(`  console-user widens the trust of ${queue.roleName} to account ${OTHER_ACCOUNT_ID}`);
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': DEFAULT_ACCOUNT_ID } },
        },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' },
      ],
    };
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: queue.roleName, PolicyDocument: JSON.stringify(trust) }));
    log(`  console-user retags ${orders.roleName} (owner=someone-else)`);
    await iam.send(new TagRoleCommand({ RoleName: orders.roleName, Tags: [{ Key: 'owner', Value: 'someone-else' }] }));
  } finally {
    iam.destroy();
    lambda.destroy();
  }
}

/** What a scheduled job does with the exit code the report just explained. */
function explainExitCode(code: number): string {
  if (code === ExitCode.OK) return 'exit code 0 (in sync): a scheduled CI job passes quietly.';
  if (code === ExitCode.DRIFT)
    return 'exit code 2 (drift, as in `terraform plan -detailed-exitcode`): a scheduled CI job fails or opens an issue with the markdown report (see docs/drift-ci.md).';
  return 'exit code 1 (could not read everything): the job fails; the check never calls a partly read account in sync.';
}

/** Runs `fn` with `vars` set in process.env, then puts every one of them back as it was (unset if it was). */
export async function withEnv<T>(vars: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const before = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of before) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const log = opts.log;
  // The endpoint keeps its state in memory, so the Terraform state is worth nothing once the demo ends.
  const ownWorkDir = opts.workDir === undefined;
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'lambda-roles-demo-'));
  if (!ownWorkDir) {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
  }
  const outDir = join(workDir, 'cdktf.out');
  log(`(working folder: ${workDir}${ownWorkDir ? ', removed at the end' : ''})`);

  log('1. starting the local AWS endpoint (IAM, STS, Lambda, CloudTrail)');
  const aws = await startEndpoint(opts.port).catch((err: unknown) => {
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
    throw err;
  });
  const env = awsEndpointEnv(aws.endpoint, DEFAULT_CREDENTIALS.admin.accessKeyId, DEFAULT_CREDENTIALS.admin.secretAccessKey);
  log(`   ${aws.endpoint}  (account ${DEFAULT_ACCOUNT_ID}, region us-east-1, deploy keys test/test, console keys console/console)`);
  try {
    log('2. synthesizing and deploying the example stacks with terraform');
    for (const def of EXAMPLES) log(describeStack(def).replace(/^/gm, '   '));
    await loadIamReference();
    const dirs = synthDefinitions(EXAMPLES, { outDir, stateDir: workDir, baseDir: workDir });
    const deployStart = Date.now();
    await applyDirs(dirs, env, (dir, seconds) => log(`   applied ${basename(dir)} in ${seconds.toFixed(1)} s`));
    const deploySeconds = (Date.now() - deployStart) / 1000;

    log('3. making manual console edits as arn:aws:sts::000000000000:assumed-role/Admin/console-user');
    await makeConsoleEdits(aws.endpoint, log);

    log('4. running: lambda-roles drift ' + EXAMPLES.map((d) => `--stack ${d.name}`).join(' '));
    const driftStart = Date.now();
    // runDrift's SDK clients and `terraform state pull` read the endpoint and keys from the environment;
    // set them for this run only, so a caller in the same process (a test, a long-lived tool) keeps its own.
    const { report, apiCalls } = await withEnv(env, () =>
      runDrift({
        stacks: EXAMPLES.map((d) => d.name),
        outDir,
        deployIdentity: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:root`,
        since: '1h',
      }),
    );
    const driftSeconds = (Date.now() - driftStart) / 1000;
    log('');
    log(REPORT_WRITERS.text.render(report, { color: opts.color ?? false }).trimEnd());
    const driftExitCode = exitCodeFor(report);
    log('');
    log(`In CI: ${explainExitCode(driftExitCode)}`);
    const calls = Object.values(apiCalls).reduce((a, b) => a + b, 0);
    log(`(deploy ${deploySeconds.toFixed(1)} s; drift ${driftSeconds.toFixed(1)} s, ${calls} AWS API calls)`);
    if (opts.keepRunning) {
      log(
        `\nThe endpoint stays up at ${aws.endpoint}. Try:\n  export AWS_ENDPOINT_URL=${aws.endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1\n  npx lambda-roles drift --outdir ${outDir} --stack ${EXAMPLES[0].name}\n(Ctrl-C to stop)`,
      );
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
    }
    return { report, driftExitCode, endpoint: aws.endpoint, apiCalls, seconds: { deploy: deploySeconds, drift: driftSeconds } };
  } finally {
    await aws.close();
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}
