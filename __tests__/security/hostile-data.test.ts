/**
 * Hostile data from AWS, end to end: the local endpoint serves a role description, tag keys and values, an
 * inline policy name, policy documents (Sid, Resource, condition values), a Lambda statement id and
 * condition, CloudTrail actors, user agents and source IPs, and service error messages that hold terminal
 * escapes, HTML, markdown pipes and backticks, blank lines and newlines (hostile.ts). The real CLI writes
 * every format from one run, and each stays inert:
 *   text      no control character a terminal acts on (coloured: only our own SGR codes), no forged line;
 *   markdown  tables intact, no forged heading or line, no live markup outside code;
 *   json      valid, and holds each value exactly as AWS sent it (the data is not lost, only rendered safely);
 *   sarif     passes Microsoft's validator; junit passes the XSD; html runs nothing in chromium.
 * Each format is compared with a "benign twin": the same report with the hostile values replaced by one
 * word, rendered by the same writer, so a forged line shows up as a difference in line count.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutRolePolicyCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleDescriptionCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { chromium } from 'playwright-core';
import type { LocalAws } from '../../local-aws';
import { defaultServiceModules } from '../../local-aws/core/registry';
import { AwsError, type ServiceModule } from '../../local-aws/types';
import type { DriftReport } from '../../drift/model';
import { REPORT_WRITERS } from '../../drift/report';
import { main } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';
import { reportSchemaErrors } from '../helpers/report-schema';
import { validateSarif } from '../helpers/sarif-validator';
import { validateXml } from '../helpers/xmllint';
import { ACCOUNT, LAMBDA_TRUST, REGION, iamAs, lambdaAs, startEndpoint } from '../drift/fixtures/seed';
import { FUNCTION, FUNCTION_ARN, INLINE, ROLE, seedSmallAccount } from './small-account';
import { ESC, HOSTILE, HOSTILE_XML, TERMINAL_CONTROL, benignReport, markdownProblems } from './hostile';

const BROKEN = 'svc-broken';
const JUNIT_XSD = join(__dirname, '..', 'drift', 'report', 'schemas', 'junit.xsd');

/** Lambda calls naming BROKEN, and CloudTrail lookups of FUNCTION, fail with a hostile message (as a misbehaving service would). */
function hostileErrors(): ServiceModule[] {
  return defaultServiceModules().map((m) => {
    if (m.signingName !== 'lambda' && m.signingName !== 'cloudtrail') return m;
    return {
      ...m,
      handle: (...args: Parameters<ServiceModule['handle']>) => {
        const [op, req] = args;
        if (m.signingName === 'lambda' && decodeURIComponent(req.rawPath).includes(BROKEN))
          throw new AwsError('InvalidParameterValueException', HOSTILE, 400);
        if (m.signingName === 'cloudtrail' && op === 'LookupEvents' && req.body.toString('utf8').includes(`"${FUNCTION}"`))
          throw new AwsError('InvalidLookupAttributesException', HOSTILE, 400);
        return m.handle(...args);
      },
    };
  });
}

/** The parts of the endpoint's snapshot (its own JSON) this test edits. */
interface Snapshot {
  services: {
    iam: { accounts: Record<string, { roles: Record<string, SnapRole> }> };
    lambda: {
      accounts: Record<string, Record<string, { functions: Record<string, { policies: Record<string, Record<string, unknown>[]> }> }>>;
    };
    cloudtrail: { events: Record<string, { record: SnapRecord }[]> };
  };
}
interface SnapRole {
  description?: string;
  tags: { Key: string; Value: string }[];
  inlinePolicies: Record<string, string>;
  assumeRolePolicyDocument: string;
}
interface SnapRecord {
  userIdentity?: { arn?: string };
  userAgent?: string;
  sourceIPAddress?: string;
  requestParameters?: { statementId?: string; tags?: { key: string }[] } | null;
}

/** Puts hostile values where AWS keeps them, and makes the console's CloudTrail records name them. */
function poison(snapshot: Snapshot): void {
  const role = snapshot.services.iam.accounts[ACCOUNT].roles[ROLE];
  role.description = HOSTILE_XML;
  role.tags.push({ Key: HOSTILE_XML, Value: HOSTILE_XML });
  role.inlinePolicies[INLINE] = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: HOSTILE,
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: HOSTILE,
        Condition: { StringEquals: { 'aws:SourceAccount': HOSTILE } },
      },
    ],
  });
  role.assumeRolePolicyDocument = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': HOSTILE } },
      },
    ],
  });
  const fn = snapshot.services.lambda.accounts[ACCOUNT][REGION].functions[FUNCTION];
  const tmp = fn.policies[''].find((s) => s.Sid === 'tmpsid')!;
  Object.assign(tmp, { Sid: HOSTILE, Condition: { ArnLike: { 'AWS:SourceArn': HOSTILE } } });
  for (const events of Object.values(snapshot.services.cloudtrail.events)) {
    for (const { record: r } of events) {
      if (r.userIdentity?.arn !== `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/console-user`) continue;
      Object.assign(r, { userAgent: HOSTILE, sourceIPAddress: HOSTILE });
      r.userIdentity.arn = HOSTILE;
      if (r.requestParameters?.statementId === 'tmpsid') r.requestParameters.statementId = HOSTILE;
      for (const t of r.requestParameters?.tags ?? []) t.key = HOSTILE_XML;
    }
  }
}

let aws: LocalAws;
let dir: string;
let report: DriftReport;
let twin: DriftReport;
let code: number;
let stderr: string;
const file = (ext: string) => join(dir, `drift.${ext}`);

beforeAll(async () => {
  aws = await startEndpoint({ modules: hostileErrors() });
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  const state = join(dir, 'terraform.tfstate');
  await seedSmallAccount(aws, state);
  const tf = JSON.parse(readFileSync(state, 'utf8')) as { resources: unknown[] };
  tf.resources.push({
    mode: 'managed',
    type: 'aws_lambda_function',
    name: 'broken',
    instances: [{ attributes: { function_name: BROKEN, arn: FUNCTION_ARN.replace(FUNCTION, BROKEN) } }],
  });
  writeFileSync(state, JSON.stringify(tf));
  // Console edits, so CloudTrail holds the records attribution reads (poison() rewrites them).
  const iam = iamAs(aws, 'console');
  await iam.send(new UpdateRoleDescriptionCommand({ RoleName: ROLE, Description: 'edited' }));
  await iam.send(new TagRoleCommand({ RoleName: ROLE, Tags: [{ Key: 'tmpkey', Value: 'v' }] }));
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
  await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: INLINE, PolicyDocument: doc }));
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: LAMBDA_TRUST }));
  await lambdaAs(aws, 'console').send(
    new AddPermissionCommand({ FunctionName: FUNCTION, StatementId: 'tmpsid', Action: 'lambda:InvokeFunction', Principal: '*' }),
  );
  const snapshot = aws.snapshot();
  poison(snapshot as unknown as Snapshot);
  aws.restore(snapshot);

  const io = captureIo();
  const reports = ['text', 'json', 'markdown', 'sarif', 'junit', 'html'].flatMap((f) => ['--report', `${f}=${file(f)}`]);
  code = await main(['node', 'lambda-roles', 'drift', '--state', state, ...reports], io);
  stderr = io.err();
  report = JSON.parse(readFileSync(file('json'), 'utf8')) as DriftReport;
  twin = benignReport(report);
}, 120_000);
afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile values from AWS stay inert in every format', () => {
  it('the run reads every hostile value (findings, attribution, a read error and a warning carry them) and exits 1 for the read error', () => {
    expect(code).toBe(1);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.findings.map((f) => f.code).sort()).toEqual([
      'DESCRIPTION_CHANGED',
      'INLINE_POLICY_CHANGED',
      'INVOKE_PERMISSION_ADDED',
      'TAGS_CHANGED',
      'TRUST_POLICY_CHANGED',
    ]);
    // The JSON keeps each value exactly as AWS sent it.
    const byCode = (c: string) => report.findings.find((f) => f.code === c)!;
    expect(byCode('DESCRIPTION_CHANGED').differences[0].actual).toBe(HOSTILE_XML);
    expect(byCode('DESCRIPTION_CHANGED').attribution).toMatchObject({ actor: HOSTILE, userAgent: HOSTILE, sourceIp: HOSTILE });
    expect(byCode('TAGS_CHANGED').differences.map((d) => d.path)).toContain(`Tags.${HOSTILE_XML}`);
    expect(byCode('INLINE_POLICY_CHANGED').attribution?.actor).toBe(HOSTILE);
    expect(JSON.stringify(byCode('INLINE_POLICY_CHANGED').differences)).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    expect(byCode('INVOKE_PERMISSION_ADDED').resource.name).toBe(`${FUNCTION}/${HOSTILE}`);
    expect(byCode('INVOKE_PERMISSION_ADDED').attributionStatus).toBe('lookup-failed');
    expect(report.errors.map((e) => e.message).join('\n')).toContain(HOSTILE);
    expect(report.warnings.map((w) => w.message).join('\n')).toContain(HOSTILE);
  });

  it('text: no terminal control character, no forged line (the file, stdout rendering and stderr)', () => {
    const text = readFileSync(file('text'), 'utf8');
    expect(text).not.toMatch(TERMINAL_CONTROL);
    expect(text.split('\n').length).toBe(REPORT_WRITERS.text.render(twin, { color: false }).split('\n').length);
    expect(text.split('\n').filter((l) => /^(In sync|## forged|\| forged)/.test(l))).toEqual([]);
    expect(stderr).not.toMatch(TERMINAL_CONTROL);
    expect(stderr.split('\n').filter((l) => /^(In sync|## forged|\| forged)/.test(l))).toEqual([]);
  });

  it('text in colour: the only escape sequences are our own colours', () => {
    const escapes = (s: string) => s.split(ESC).length - 1;
    const coloured = REPORT_WRITERS.text.render(report, { color: true });
    expect(escapes(coloured)).toBe(escapes(REPORT_WRITERS.text.render(twin, { color: true })));
    expect(coloured.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '')).not.toMatch(TERMINAL_CONTROL);
  });

  it('markdown: tables intact, no forged heading or line, no live markup outside code', () => {
    const md = readFileSync(file('markdown'), 'utf8');
    expect(markdownProblems(md, REPORT_WRITERS.markdown.render(twin, { color: false }))).toEqual([]);
  });

  it('json and sarif are valid JSON; sarif passes the validator; junit passes the XSD', () => {
    expect(() => JSON.parse(readFileSync(file('sarif'), 'utf8')) as unknown).not.toThrow();
    const sarif = validateSarif([file('sarif')]);
    expect(sarif.issues).toEqual([]);
    expect(validateXml(JUNIT_XSD, [file('junit')]).ok).toBe(true);
  });

  it('html: opened in chromium it runs nothing, loads nothing and shows the values as text', async () => {
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      await context.route(/^(?!file:)/, (route) => route.abort());
      const page = await context.newPage();
      const seen = { requests: [] as string[], dialogs: [] as string[], errors: [] as string[] };
      const url = pathToFileURL(file('html')).href;
      page.on('request', (r) => void (r.url() !== url && seen.requests.push(r.url())));
      page.on('dialog', (d) => void (seen.dialogs.push(d.message()), d.dismiss()));
      page.on('pageerror', (e) => seen.errors.push(e.message));
      await page.goto(url, { waitUntil: 'load' });
      expect(seen).toEqual({ requests: [], dialogs: [], errors: [] });
      await expect(page.evaluate('typeof window.pwned')).resolves.toBe('undefined');
      await expect(page.locator('img').count()).resolves.toBe(0);
      await expect(page.locator('script').count()).resolves.toBe(1);
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).toContain('<script>window.pwned=1</script>');
      expect(body).toContain('onerror=alert(1)');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the checks can fail: an unescaped value forges lines, headings, rows and markup', () => {
    const forged = `## lambda-roles drift check\n\n| a | b |\n| --- | --- |\n| x | ${HOSTILE_XML} |\n`;
    const twinMd = `## lambda-roles drift check\n\n| a | b |\n| --- | --- |\n| x | y |\n`;
    expect(markdownProblems(forged, twinMd)).toEqual([
      expect.stringMatching(/lines, the benign twin has 6/),
      expect.stringMatching(/^headings differ/),
      expect.stringMatching(/line 5: \d+ cells' pipes/),
      expect.stringMatching(/line 5: live markup "<script>/),
    ]);
    expect(`a${HOSTILE}`).toMatch(TERMINAL_CONTROL);
  });
});
