/**
 * The shipped CI templates, run: both files are parsed with `yaml`, their shell steps (`run:` blocks, GitLab
 * `script:` lines) run with bash against the local endpoint over the deployed example stacks, through
 * consecutive scheduled runs: in sync, drift below the threshold, drift at it, a run that cannot read
 * (exit 1), in sync again. Stand-ins only for what a CI runner provides: GITHUB_OUTPUT/GITHUB_STEP_SUMMARY
 * files, a recording `gh` that keeps issues across runs, the `uses:` actions (checkout and setup are no-ops;
 * AWS credentials are a real sts:AssumeRole of the template's role-to-assume; artifacts are copied between
 * jobs; the SARIF upload records its file and category), CI_* variables and the GitLab ID token (which the
 * SDK really exchanges with the endpoint's sts:AssumeRoleWithWebIdentity, judged by DriftJobRole's GitLab trust); `npx
 * lambda-roles` runs this repository's bin and `npm ci` is a no-op (dependencies come from this checkout).
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { driftJobStatements } from '../../modules/drift-job-role';
import { gitLabTrust } from '../../modules/gitlab-oidc-trust';
import { gitlabIdToken } from '../helpers/oidc-token';
import { toPolicyDocument } from '../../modules/policy-types';
import { PROJECT_ROOT } from '../../shared/terraform/env';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import { ACCOUNT, ROLES } from '../drift/fixtures/e2e-support';
import { runJob, type JobResult, type UsesCall, type Workflow } from './github-runner';
import { runGitLabJob, type GitLabJob } from './gitlab-runner';

jest.setTimeout(900_000);

const GITHUB_TEMPLATE = join(PROJECT_ROOT, 'ci-templates', 'github', 'drift.yml');
const GITLAB_TEMPLATE = join(PROJECT_ROOT, 'ci-templates', 'gitlab', 'drift.gitlab-ci.yml');
const JOB_ROLE = 'lambda-roles-drift';
const JOB_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${JOB_ROLE}`;
const GITLAB_PROJECT = 'platform/infra';
const workflow = parse(readFileSync(GITHUB_TEMPLATE, 'utf8')) as Workflow;
const gitlabFile = parse(readFileSync(GITLAB_TEMPLATE, 'utf8')) as { variables?: Record<string, string>; 'lambda-roles-drift': GitLabJob };

const aws = withLocalAws();
let deployment: Deployment;
let scratch: string;
let repo: string;
let iam: IAMClient;
const sarifUploads: { category: string; file: string; results: number }[] = [];

const path = (...parts: string[]) => join(scratch, ...parts);

/** The job's read-only policy: exactly DriftJobRole's, or without one action (the exit-1 path). */
async function setJobPolicy(without?: string): Promise<void> {
  const statements = driftJobStatements({ account: ACCOUNT, regions: ['us-east-1'] })
    .map((s) => ({ ...s, actions: (s.actions ?? []).filter((a) => a !== without) }))
    .filter((s) => s.actions.length);
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: JOB_ROLE,
      PolicyName: 'drift-read-only',
      PolicyDocument: JSON.stringify(toPolicyDocument(statements)),
    }),
  );
}

async function assumeJobRole(sessionName: string): Promise<Record<string, string>> {
  const out = await new STSClient(aws.clientConfig('admin')).send(
    new AssumeRoleCommand({ RoleArn: JOB_ROLE_ARN, RoleSessionName: sessionName }),
  );
  const c = out.Credentials!;
  return { AWS_ACCESS_KEY_ID: c.AccessKeyId!, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!, AWS_SESSION_TOKEN: c.SessionToken! };
}

/** What every runner has: tools on PATH (with the shims first), a home, the endpoint; never the tests' own AWS keys. */
function runnerEnv(): Record<string, string> {
  const keep = Object.entries(process.env).filter(([k]) => /^(LANG|LC_|TF_|LAMBDA_ROLES_|CHECKPOINT_DISABLE|TMPDIR)/.test(k));
  return {
    ...(Object.fromEntries(keep) as Record<string, string>),
    PATH: `${path('bin')}:${process.env.PATH}`,
    HOME: path('home'),
    NODE_PATH: join(PROJECT_ROOT, 'node_modules'),
    NO_COLOR: '1',
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    CI: 'true',
    AWS_ENDPOINT_URL: aws.endpoint(),
    AWS_EC2_METADATA_DISABLED: 'true',
    GH_FAKE_STORE: path('gh-issues.json'),
    GH_FAKE_LOG: path('gh-calls.jsonl'),
  };
}

/** A fresh checkout of the user's repository (config, states, package.json) for one job. */
function checkout(): string {
  const dir = mkdtempSync(path('jobs', 'ws-'));
  cpSync(repo, dir, { recursive: true });
  return dir;
}

const ghCalls = () =>
  existsSync(path('gh-calls.jsonl'))
    ? readFileSync(path('gh-calls.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { args: string[]; body?: string })
    : [];
const issues = () =>
  (
    JSON.parse(readFileSync(path('gh-issues.json'), 'utf8')) as {
      issues: { number: number; title: string; state: string; body: string; comments: string[] }[];
    }
  ).issues;

/** The `uses:` actions, stood in for as the runner would run them. */
function actions(artifacts: string) {
  return {
    'actions/checkout': () => undefined,
    'actions/setup-node': () => undefined,
    'hashicorp/setup-terraform': (c: UsesCall) => expect(c.with.terraform_wrapper).toBe('false'),
    'aws-actions/configure-aws-credentials': async (c: UsesCall) => {
      // The OIDC exchange, stood in for by a real AssumeRole of the template's role-to-assume.
      expect(c.with['role-to-assume']).toBe(JOB_ROLE_ARN);
      Object.assign(c.env, await assumeJobRole(c.with['role-session-name']), {
        AWS_REGION: c.with['aws-region'],
        AWS_DEFAULT_REGION: c.with['aws-region'],
      });
    },
    'github/codeql-action/upload-sarif': (c: UsesCall) => {
      const sarif = JSON.parse(readFileSync(join(c.workspace, c.with.sarif_file), 'utf8')) as {
        version: string;
        runs: { results?: unknown[] }[];
      };
      expect(sarif.version).toBe('2.1.0');
      sarifUploads.push({ category: c.with.category, file: c.with.sarif_file, results: sarif.runs.flatMap((r) => r.results ?? []).length });
    },
    'actions/upload-artifact': (c: UsesCall) => {
      if (existsSync(join(c.workspace, c.with.path)))
        cpSync(join(c.workspace, c.with.path), join(artifacts, c.with.name), { recursive: true });
    },
    'actions/download-artifact': (c: UsesCall) => {
      expect(c.with['merge-multiple']).toBe('true');
      const pattern = new RegExp(`^${c.with.pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      for (const name of readdirSync(artifacts).filter((n) => pattern.test(n)))
        cpSync(join(artifacts, name), join(c.workspace, c.with.path), { recursive: true });
    },
  };
}

interface ScheduledRun {
  readonly targets: JobResult;
  readonly drift: Readonly<Record<string, JobResult>>;
  readonly merge: JobResult;
  /** gh calls made by this run: the command words, e.g. 'issue create'. */
  readonly gh: readonly string[];
}

/** One scheduled run of the workflow: the targets job, the matrix (one drift job per target), the merge job. */
async function scheduledRun(runId: number, vars: Record<string, string> = {}): Promise<ScheduledRun> {
  const artifacts = mkdtempSync(path('jobs', 'artifacts-'));
  const before = ghCalls().length;
  const contexts = {
    vars: { LAMBDA_ROLES_DRIFT_ROLE_ARN: JOB_ROLE_ARN, ...vars },
    inputs: {},
    github: { token: 'ghs_test', server_url: 'https://github.com', repository: 'acme/infra', run_id: String(runId) },
  };
  const common = { workflow, baseEnv: runnerEnv(), contexts, uses: actions(artifacts) };
  const targets = await runJob({ ...common, job: 'targets', workspace: checkout() });
  const needsTargets = { result: targets.result, outputs: targets.outputs };
  const drift: Record<string, JobResult> = {};
  for (const target of JSON.parse(targets.outputs.names) as string[]) {
    drift[target] = await runJob({ ...common, job: 'drift', workspace: checkout(), matrix: { target }, needs: { targets: needsTargets } });
  }
  const driftResult = Object.values(drift).some((j) => j.result === 'failure') ? 'failure' : 'success';
  const merge = await runJob({
    ...common,
    job: 'merge',
    workspace: checkout(),
    needs: { targets: needsTargets, drift: { result: driftResult, outputs: {} } },
  });
  const gh = ghCalls()
    .slice(before)
    .map((c) => c.args.slice(0, 2).join(' '));
  return { targets, drift, merge, gh };
}

const stepExit = (job: JobResult, name: string) => job.steps.find((s) => s.name === name)!;
const reportOf = (job: JobResult, target: string) =>
  JSON.parse(readFileSync(join(job.workspace, 'reports', `${target}.json`), 'utf8')) as {
    verdict: string;
    exitCode: number;
    summary: { findings: number };
  };

/** Runs the GitLab job in a fresh checkout with the runner's variables; returns its outcome and reports. */
async function gitlabRun(): Promise<{ exitCode: number; log: string; afterLog: string; dir: string }> {
  const dir = checkout();
  const job = gitlabFile['lambda-roles-drift'];
  const run = await runGitLabJob(gitlabFile, job, dir, {
    ...runnerEnv(),
    CI_PIPELINE_SOURCE: 'schedule',
    CI_PROJECT_ID: '4242',
    CI_PIPELINE_ID: '99',
    CI_JOB_ID: '7',
    CI_COMMIT_REF_NAME: 'main',
    AWS_ROLE_ARN: JOB_ROLE_ARN,
    // What GitLab issues for id_tokens (its signature is not checked offline); the SDK exchanges it for real.
    AWS_ID_TOKEN: gitlabIdToken({ sub: `project_path:${GITLAB_PROJECT}:ref_type:branch:ref:main`, aud: job.id_tokens!.AWS_ID_TOKEN.aud }),
  });
  return { ...run, dir };
}

beforeAll(async () => {
  deployment = await deployExamples(aws.endpoint());
  scratch = mkdtempSync(join(tmpdir(), 'ci-templates-'));
  for (const d of ['bin', 'home', 'jobs', 'repo/state']) mkdirSync(path(d), { recursive: true });
  iam = new IAMClient(aws.clientConfig('admin'));
  // Trusted by the account (the stand-in for GitHub's OIDC exchange assumes it) and, as DriftJobRole writes it, by
  // GitLab pipelines of one project and branch (the GitLab job's real web identity exchange).
  const trust = toPolicyDocument([
    { actions: ['sts:AssumeRole'], principals: { AWS: `arn:aws:iam::${ACCOUNT}:root` } },
    gitLabTrust({ kind: 'gitlab-oidc', projectPath: GITLAB_PROJECT }, ACCOUNT, 'aws'),
  ]);
  await iam.send(new CreateRoleCommand({ RoleName: JOB_ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await setJobPolicy();

  // The user's repository: two targets over the deployed states, and a package.json without a synth script.
  repo = path('repo');
  for (const stack of deployment.stacks)
    cpSync(join(deployment.outDir, `terraform.${stack}.tfstate`), path('repo', 'state', `${stack}.tfstate`));
  const target = (name: string, stacks: string[]) => [
    `  - name: ${name}`,
    `    account: "${ACCOUNT}"`,
    '    regions: [us-east-1]',
    `    states: [${stacks.map((s) => `state/${s}.tfstate`).join(', ')}]`,
  ];
  writeFileSync(
    path('repo', 'lambda-roles.drift.yaml'),
    ['targets:', ...target('prod', ['orders-api', 'image-processor']), ...target('staging', ['queue-consumer'])].join('\n') + '\n',
  );
  writeFileSync(path('repo', 'package.json'), JSON.stringify({ name: 'infra', private: true }));

  // Shims: `npx lambda-roles` is this checkout's bin; `npm ci` is done (dependencies from this checkout); gh is the fake.
  const shim = (name: string, body: string) => {
    writeFileSync(path('bin', name), `#!/bin/bash\n${body}\n`);
    chmodSync(path('bin', name), 0o755);
  };
  const realNpm =
    process.env
      .PATH!.split(':')
      .map((d) => join(d, 'npm'))
      .find((p) => existsSync(p)) ?? 'npm';
  shim(
    'npx',
    `if [ "$1" = lambda-roles ]; then shift; exec node ${JSON.stringify(join(PROJECT_ROOT, 'bin', 'lambda-roles.js'))} "$@"; fi\necho "npx shim: only lambda-roles" >&2; exit 127`,
  );
  shim(
    'npm',
    `if [ "$1" = ci ]; then echo "npm ci: stand-in (dependencies come from the lambda-roles checkout)"; exit 0; fi\nexec ${JSON.stringify(realNpm)} "$@"`,
  );
  shim('gh', `exec node ${JSON.stringify(join(__dirname, 'fixtures', 'gh.js'))} "$@"`);
});

afterAll(() => {
  deployment?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the templates as files', () => {
  it('GitHub: schedule and dispatch, OIDC for the drift job, expressions only outside scripts, one SARIF category per target', () => {
    const on = (workflow as unknown as { on: Record<string, unknown> }).on;
    expect(Object.keys(on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.jobs.drift.permissions).toMatchObject({ 'id-token': 'write', issues: 'write', 'security-events': 'write' });
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    expect(steps.filter((s) => s.run && s.run.includes('${{')).map((s) => s.name)).toEqual([]);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.with?.category).toContain('${{ matrix.target }}');
  });

  it('GitLab: scheduled, an ID token, JUnit as a report, artifacts kept on failure', () => {
    const job = gitlabFile['lambda-roles-drift'];
    expect(job.rules?.map((r) => r.if)).toContain('$CI_PIPELINE_SOURCE == "schedule"');
    expect(Object.keys(job.id_tokens ?? {})).toEqual(['AWS_ID_TOKEN']);
    expect(job.artifacts).toMatchObject({ when: 'always', reports: { junit: 'reports/drift.junit.xml' } });
    expect(gitlabFile.variables?.FAIL_ON).toBe('high');
  });
});

describe('consecutive scheduled runs', () => {
  it('in sync → drift below the threshold → at it → not verified (exit 1) → in sync: reports, summaries, one tracking issue per target', async () => {
    const console_ = new IAMClient(aws.clientConfig('console'));

    // 1. In sync: exit 0 everywhere, a summary per target, no issue.
    const r1 = await scheduledRun(1);
    expect(r1.targets.outputs.names).toBe('["prod","staging"]');
    for (const target of ['prod', 'staging']) {
      expect(stepExit(r1.drift[target], 'Drift check').outputs['exit-code']).toBe('0');
      expect(r1.drift[target].result).toBe('success');
      expect(r1.drift[target].summary).toMatch(new RegExp(`## lambda-roles drift: ${target} \\(exit 0, fail on high\\)[\\s\\S]*In sync`));
      for (const ext of ['json', 'md', 'sarif', 'junit.xml', 'html'])
        expect(existsSync(join(r1.drift[target].workspace, 'reports', `${target}.${ext}`))).toBe(true);
    }
    expect(r1.merge.result).toBe('success');
    expect(r1.merge.summary).toMatch(/every target \(exit 0, fail on high\)[\s\S]*In sync/);
    expect(r1.gh).toEqual(['issue list', 'issue list']);

    const exchanges = () => aws.instance().callCounts()['sts:AssumeRoleWithWebIdentity'] ?? 0;
    const before = exchanges();
    const g1 = await gitlabRun();
    // The job's credentials came from its ID token: the SDK made the web identity exchange itself.
    expect(exchanges()).toBeGreaterThan(before);
    expect({ code: g1.exitCode, log: g1.exitCode === 0 ? '' : g1.log }).toEqual({ code: 0, log: '' });
    expect(g1.afterLog).toContain('In sync');
    expect(existsSync(join(g1.dir, 'reports', 'drift.junit.xml'))).toBe(true);

    // 2. A console tag edit on prod: LOW, below FAIL_ON=high: reported, tracked, but the run passes.
    await console_.send(new TagRoleCommand({ RoleName: ROLES.orders, Tags: [{ Key: 'owner', Value: 'someone' }] }));
    const r2 = await scheduledRun(2);
    expect(stepExit(r2.drift.prod, 'Drift check').outputs['exit-code']).toBe('0');
    expect(r2.drift.prod.result).toBe('success');
    expect(r2.drift.prod.summary).toMatch(/Drift: 1 finding/);
    expect(r2.gh).toEqual(['issue list', 'label create', 'issue create', 'issue list']);
    expect(issues()).toEqual([
      expect.objectContaining({
        number: 1,
        title: 'lambda-roles drift: prod',
        state: 'open',
        body: expect.stringContaining('TAGS_CHANGED'),
      }),
    ]);

    // 3. An admin policy attached on prod: CRITICAL, at the threshold: exit 2, the job fails after publishing.
    await console_.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const r3 = await scheduledRun(3);
    expect(stepExit(r3.drift.prod, 'Drift check').outputs['exit-code']).toBe('2');
    expect(r3.drift.prod.result).toBe('failure');
    expect(stepExit(r3.drift.prod, 'Fail at the threshold').exitCode).toBe(2);
    expect(r3.drift.prod.steps.filter((s) => s.skipped).map((s) => s.name)).toEqual([]);
    expect(reportOf(r3.drift.prod, 'prod')).toMatchObject({ verdict: 'drift', exitCode: 2, summary: { findings: 2 } });
    expect(r3.drift.staging.result).toBe('success');
    expect(r3.merge.result).toBe('failure');
    expect(r3.merge.summary).toMatch(/every target \(exit 2, fail on high\)[\s\S]*Drift: 2 finding/);
    // Found again, not opened again: the body is the latest report, and a comment says the drift changed.
    expect(r3.gh).toEqual(['issue list', 'issue edit', 'issue comment', 'issue list']);
    expect(issues()).toHaveLength(1);
    expect(issues()[0].body).toContain('MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM');
    expect(issues()[0].comments).toEqual([
      expect.stringContaining('The drift changed: 2 finding(s) now. https://github.com/acme/infra/actions/runs/3'),
    ]);
    expect(sarifUploads.filter((u) => u.file === 'reports/prod.sarif').map((u) => u.category)).toEqual(
      Array(3).fill('lambda-roles-drift/prod'),
    );
    expect(sarifUploads.at(-2)).toMatchObject({ category: 'lambda-roles-drift/prod', results: 2 });

    // The same drift again: the body is refreshed, no new comment.
    const r3b = await scheduledRun(4);
    expect(r3b.gh).toEqual(['issue list', 'issue edit', 'issue list']);

    const g3 = await gitlabRun();
    expect(g3.exitCode).toBe(2);
    expect(g3.afterLog).toMatch(/Drift: 2 finding/);
    expect(readFileSync(join(g3.dir, 'reports', 'drift.junit.xml'), 'utf8')).toContain('<failure');

    // 4. The job's role lost lambda:GetPolicy: nothing can be verified (exit 1); the error report is posted.
    await setJobPolicy('lambda:GetPolicy');
    const r4 = await scheduledRun(5);
    for (const target of ['prod', 'staging']) {
      expect(stepExit(r4.drift[target], 'Drift check').outputs['exit-code']).toBe('1');
      expect(stepExit(r4.drift[target], 'Fail at the threshold').exitCode).toBe(1);
      expect(r4.drift[target].summary).toMatch(/exit 1[\s\S]*lambda:GetPolicy/);
      expect(reportOf(r4.drift[target], target)).toMatchObject({ verdict: 'error', exitCode: 1 });
    }
    expect(r4.merge.result).toBe('failure');
    // The open prod issue says the state could not be verified; it stays open. Staging has no issue.
    expect(r4.gh).toEqual(['issue list', 'issue comment', 'issue list']);
    expect(issues()[0]).toMatchObject({ state: 'open', comments: [expect.anything(), expect.stringContaining('lambda:GetPolicy')] });

    const g4 = await gitlabRun();
    expect(g4.exitCode).toBe(1);
    expect(g4.afterLog).toContain('lambda:GetPolicy');
    expect(existsSync(join(g4.dir, 'reports', 'drift.junit.xml'))).toBe(true);

    // 5. Permissions back, edits reverted: in sync, and the tracking issue is closed.
    await setJobPolicy();
    await console_.send(new DetachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await console_.send(new UntagRoleCommand({ RoleName: ROLES.orders, TagKeys: ['owner'] }));
    const r5 = await scheduledRun(6);
    expect(r5.drift.prod.result).toBe('success');
    expect(r5.gh).toEqual(['issue list', 'issue close', 'issue list']);
    expect(issues()).toEqual([
      expect.objectContaining({
        number: 1,
        state: 'closed',
        comments: expect.arrayContaining(['In sync again. https://github.com/acme/infra/actions/runs/6']) as unknown,
      }),
    ]);
    expect(ghCalls().filter((c) => c.args[0] === 'issue' && c.args[1] === 'create')).toHaveLength(1);
  });
});
