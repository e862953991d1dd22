/** The small pure parts of the live/attribution layers and the drift command's option parsing. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createLimiter, mapLimited } from '../../../drift/live/limiter';
import { TokenBucket } from '../../../drift/attribute/token-bucket';
import { parseSince } from '../../../drift/attribute/since';
import { isConsoleEvent, isDeployIdentity, newestMatch } from '../../../drift/attribute/attribute';
import { parseTrailRecord, type TrailEvent } from '../../../drift/attribute/cloudtrail-events';
import { exitCodeFor, parseDriftOptions, writeFileAtomic } from '../../../cli/commands/drift';
import { UserError } from '../../../cli/errors';
import type { DriftReport } from '../../../drift/model';

describe('createLimiter', () => {
  test('never runs more than the limit at once, and runs everything', async () => {
    const limiter = createLimiter(3);
    let active = 0;
    let peak = 0;
    const done = await mapLimited(Array.from({ length: 40 }, (_, i) => i), limiter, async (i) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, i % 4));
      active--;
      return i * 2;
    });
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
  });

  test('a failing task frees its slot', async () => {
    const limiter = createLimiter(1);
    await expect(limiter(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter(async () => 'next')).resolves.toBe('next');
  });

  test('rejects a limit below 1 with the value', () => {
    expect(() => createLimiter(0)).toThrow('concurrency must be a whole number ≥ 1, got 0');
  });
});

describe('TokenBucket', () => {
  test('spaces takes at 1/rate with no burst beyond capacity', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 20 });
    const times: number[] = [];
    const start = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => bucket.take().then(() => times.push(Date.now() - start))));
    // First immediately, then one every 50 ms.
    expect(times[4]).toBeGreaterThanOrEqual(195);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(45);
  });
});

describe('parseSince', () => {
  test.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
  ])('%s', (text, ms) => expect(parseSince(text)).toBe(ms));

  test.each(['7', '7x', 'd7', '0d', '91d', ''])('rejects %j', (text) => expect(() => parseSince(text)).toThrow());
});

describe('attribution rules', () => {
  const event = (over: Partial<TrailEvent>): TrailEvent => ({
    eventName: 'PutRolePolicy', eventSource: 'iam.amazonaws.com', eventTime: '2026-01-01T00:00:00Z',
    actor: 'arn:aws:iam::123456789012:user/bob', sourceIp: '1.2.3.4', userAgent: 'aws-cli/2', consoleSession: false, ...over,
  });

  test('console: the session flag first, else a console user agent', () => {
    expect(isConsoleEvent(event({ consoleSession: true, userAgent: 'aws-cli/2' }))).toBe(true);
    expect(isConsoleEvent(event({ userAgent: 'AWS Internal' }))).toBe(true);
    expect(isConsoleEvent(event({ userAgent: 'signin.amazonaws.com' }))).toBe(true);
    expect(isConsoleEvent(event({ userAgent: 'aws-sdk-js/3.800.0' }))).toBe(false);
  });

  test('a deploy role ARN matches its assumed-role sessions, not other roles', () => {
    const role = 'arn:aws:iam::123456789012:role/ci/terraform-deploy';
    expect(isDeployIdentity(event({ actor: 'arn:aws:sts::123456789012:assumed-role/terraform-deploy/gh-123' }), role)).toBe(true);
    expect(isDeployIdentity(event({ actor: 'arn:aws:sts::123456789012:assumed-role/terraform-deployer/x' }), role)).toBe(false);
    expect(isDeployIdentity(event({ actor: 'arn:aws:sts::999999999999:assumed-role/terraform-deploy/x' }), role)).toBe(false);
    expect(isDeployIdentity(event({ actor: 'x', sessionIssuerArn: role }), role)).toBe(true);
    expect(isDeployIdentity(event({}), undefined)).toBe(false);
  });

  test('newest matching event wins; Lambda names match by prefix; other services never match', () => {
    const q = { eventSource: 'lambda.amazonaws.com' as const, eventNames: ['AddPermission'], resourceName: 'f', region: 'eu-west-1' };
    const events = [
      event({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', eventTime: '2026-01-01T00:00:01Z', actor: 'old' }),
      event({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', eventTime: '2026-01-01T00:00:03Z', actor: 'new' }),
      event({ eventSource: 'iam.amazonaws.com', eventName: 'AddPermission', eventTime: '2026-01-01T00:00:09Z', actor: 'wrong-service' }),
      event({ eventSource: 'lambda.amazonaws.com', eventName: 'RemovePermission20150331v2', eventTime: '2026-01-01T00:00:05Z', actor: 'wrong-name' }),
    ];
    expect(newestMatch(q, events)?.actor).toBe('new');
  });

  test('parseTrailRecord reads the record fields and tolerates junk', () => {
    const rec = JSON.stringify({
      eventName: 'AttachRolePolicy', eventSource: 'iam.amazonaws.com', eventTime: '2026-01-01T00:00:00Z',
      userIdentity: { arn: 'arn:aws:sts::1:assumed-role/Admin/alice', sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::1:role/Admin' } } },
      sourceIPAddress: '10.0.0.1', userAgent: 'AWS Internal', sessionCredentialFromConsole: 'true',
    });
    expect(parseTrailRecord(rec, {})).toEqual({
      eventName: 'AttachRolePolicy', eventSource: 'iam.amazonaws.com', eventTime: '2026-01-01T00:00:00Z',
      actor: 'arn:aws:sts::1:assumed-role/Admin/alice', sessionIssuerArn: 'arn:aws:iam::1:role/Admin',
      sourceIp: '10.0.0.1', userAgent: 'AWS Internal', consoleSession: true,
    });
    expect(parseTrailRecord('not json', {})).toBeUndefined();
  });
});

describe('drift command options', () => {
  let dir: string;
  let stateFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drift-opts-'));
    stateFile = join(dir, 'terraform.tfstate');
    writeFileSync(stateFile, '{"version":4,"resources":[]}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const message = (raw: Record<string, unknown>) => {
    try {
      parseDriftOptions(raw);
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      return (err as Error).message;
    }
    throw new Error('expected a UserError');
  };

  test('valid flags parse with defaults', () => {
    expect(parseDriftOptions({ state: [stateFile] })).toMatchObject({ state: [stateFile], stack: [], since: 7 * 86_400_000, format: 'text', concurrency: 4 });
    // The same file twice (also as another spelling of the path) is one input.
    expect(parseDriftOptions({ state: [stateFile, stateFile, join(dirname(stateFile), '.', basename(stateFile))] }).state).toEqual([stateFile]);
    const outdir = mkdtempSync(join(tmpdir(), 'lr-outdir-'));
    mkdirSync(join(outdir, 'stacks', 'a'), { recursive: true });
    expect(parseDriftOptions({ stack: ['a', 'a'], outdir }).stack).toEqual(['a']);
    rmSync(outdir, { recursive: true, force: true });
  });

  test('each bad flag names the flag, the value and the fix', () => {
    expect(message({ state: [stateFile], since: '7x' })).toBe('--since "7x": expected a number and a unit m|h|d|w, e.g. 30m, 12h, 7d or 2w');
    expect(message({ state: [stateFile], format: 'yaml' })).toBe('--format "yaml": expected text, json or markdown');
    expect(message({ state: [stateFile], concurrency: '0' })).toBe('--concurrency "0": expected at least 1');
    expect(message({ state: [stateFile], concurrency: 'abc' })).toBe('--concurrency "abc": expected a whole number from 1 to 32');
    expect(message({ state: [stateFile], deployIdentity: 'terraform' })).toMatch(/^--deploy-identity "terraform": expected an IAM or STS ARN/);
    expect(message({ state: [stateFile], region: 'mars' })).toBe('--region "mars": expected an AWS region such as us-east-1');
  });

  test('no state, a missing state file, an unsynthesized stack and a missing output dir are clear errors', () => {
    expect(message({})).toMatch(/^no Terraform state given: pass --stack NAME .* or --state FILE/);
    expect(message({ state: [join(dir, 'nope.tfstate')] })).toBe(`--state ${join(dir, 'nope.tfstate')}: file not found; pass the path of a Terraform state file (terraform.tfstate)`);
    expect(message({ stack: ['orders'], outdir: dir })).toBe(`--stack orders: no synthesized stack at ${join(dir, 'stacks', 'orders')}; run \`npm run synth\` first, or pass --outdir to where it was synthesized`);
    expect(message({ state: [stateFile], output: join(dir, 'no', 'such', 'r.json') })).toMatch(/^--output .*: directory .* does not exist/);
  });

  test('writeFileAtomic replaces the file in one step and leaves no temp file', () => {
    const target = join(dir, 'report.json');
    writeFileAtomic(target, 'one');
    writeFileAtomic(target, 'two');
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(() => writeFileAtomic(join(dir, 'missing-dir', 'r.json'), 'x')).toThrow(UserError);
  });

  test('exit codes: errors win over findings; none of either is 0', () => {
    const report = (findings: number, errors: number) =>
      ({ findings: Array(findings).fill({}), errors: Array(errors).fill({ resource: 'r', message: 'm' }) }) as unknown as DriftReport;
    expect(exitCodeFor(report(0, 0))).toBe(0);
    expect(exitCodeFor(report(2, 0))).toBe(2);
    expect(exitCodeFor(report(2, 1))).toBe(1);
    expect(exitCodeFor(report(0, 1))).toBe(1);
  });
});
