/**
 * Two drift runs (real processes, started together) writing the same report paths in every format leave
 * whole files: each file is one run's complete report (valid JSON that conforms to the contract, SARIF
 * that passes the validator, JUnit that passes the XSD, complete text, markdown and HTML), never a mix or a
 * truncated file, and no temp file is left behind. The runs differ (another state, a drift, an error), so
 * each file tells which run wrote it, and every file of one round comes from runs that really ran.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAws } from '../../local-aws';
import type { DriftReport } from '../../drift/model';
import { awsEndpointEnv } from '../../shared/terraform/run';
import { PROJECT_ROOT } from '../../shared/terraform/env';
import { reportSchemaErrors } from '../helpers/report-schema';
import { validateSarif } from '../helpers/sarif-validator';
import { validateXml } from '../helpers/xmllint';
import { startEndpoint } from '../drift/fixtures/seed';
import { seedSmallAccount } from './small-account';

const FORMATS = { json: 'json', sarif: 'sarif', junit: 'xml', html: 'html', markdown: 'md', text: 'txt' } as const;
const JUNIT_XSD = join(__dirname, '..', 'drift', 'report', 'schemas', 'junit.xsd');

/** One kind of run: its state, its endpoint, and how its reports look. */
interface RunKind {
  readonly name: string;
  readonly state: () => string;
  readonly endpoint: () => string;
  readonly exitCode: number;
  /** The "checked … role(s), … function(s)" its text and markdown say. */
  readonly checked: RegExp;
}

let aws: LocalAws;
let dir: string;
let full: string;
let roleOnly: string;

const KINDS: Record<'inSync' | 'drift' | 'error', RunKind> = {
  inSync: {
    name: 'in sync',
    state: () => full,
    endpoint: () => aws.endpoint,
    exitCode: 0,
    checked: /1 role\(s\),? (and )?1 function\(s\)/,
  },
  drift: {
    name: 'drift',
    state: () => roleOnly,
    endpoint: () => aws.endpoint,
    exitCode: 2,
    checked: /1 role\(s\),? (and )?0 function\(s\)/,
  },
  error: {
    name: 'error',
    state: () => roleOnly,
    endpoint: () => 'http://127.0.0.1:9',
    exitCode: 1,
    checked: /0 role\(s\),? (and )?0 function\(s\)/,
  },
};

function runDrift(kind: RunKind, out: string): Promise<number> {
  const reports = Object.entries(FORMATS).flatMap(([format, ext]) => ['--report', `${format}=${join(out, `drift.${ext}`)}`]);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'lambda-roles.js'), 'drift', '--state', kind.state(), ...reports], {
      cwd: dir,
      env: { ...process.env, ...awsEndpointEnv(kind.endpoint()), NO_COLOR: '1' },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

/** Which run wrote this JSON report (by its sources and exit code), or a reason it is no whole report of either. */
function writerOf(report: DriftReport, kinds: readonly RunKind[]): RunKind | string {
  const errors = reportSchemaErrors(report);
  if (errors.length) return `not a valid report: ${errors.join('; ')}`;
  const kind = kinds.find((k) => report.exitCode === k.exitCode && (k.exitCode === 1 || report.scope.sources.includes(k.state())));
  return kind ?? `written by neither run (exit ${report.exitCode}, sources ${report.scope.sources.join(', ')})`;
}

beforeAll(async () => {
  aws = await startEndpoint();
  dir = mkdtempSync(join(tmpdir(), 'concurrent-'));
  full = join(dir, 'full.tfstate');
  await seedSmallAccount(aws, full);
  // The same role, declared with another description (a drift), and no function.
  const state = JSON.parse(readFileSync(full, 'utf8')) as {
    resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[];
  };
  state.resources = state.resources.filter((r) => !r.type.startsWith('aws_lambda'));
  state.resources[0].instances[0].attributes.description = 'declared otherwise';
  roleOnly = join(dir, 'role-only.tfstate');
  writeFileSync(roleOnly, JSON.stringify(state));
}, 60_000);
afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two drift runs writing the same report paths at once', () => {
  const sarifFiles: string[] = [];

  it.each([
    ['an in-sync run and a drift run', KINDS.inSync, KINDS.drift],
    ['a drift run and a run that fails (error reports)', KINDS.drift, KINDS.error],
    ['two in-sync runs', KINDS.inSync, KINDS.inSync],
  ])(
    '%s leave whole files, each one run’s report',
    async (_name, a, b) => {
      const out = mkdtempSync(join(dir, 'round-'));
      const codes = await Promise.all([runDrift(a, out), runDrift(b, out)]);
      expect(codes.sort()).toEqual([a.exitCode, b.exitCode].sort());

      const json = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as DriftReport;
      const writer = writerOf(json, [a, b]);
      expect(typeof writer === 'string' ? writer : 'whole').toBe('whole');

      // Every other format is whole and from one of the two runs (each file may come from either: the writes race).
      const sarif = JSON.parse(readFileSync(join(out, 'drift.sarif'), 'utf8')) as { runs: { invocations: { exitCode?: number }[] }[] };
      expect(sarif.runs).toHaveLength(1);
      sarifFiles.push(join(out, 'drift.sarif'));
      expect(validateXml(JUNIT_XSD, [join(out, 'drift.xml')]).ok).toBe(true);
      const html = readFileSync(join(out, 'drift.html'), 'utf8');
      expect(html.trimStart().toLowerCase()).toMatch(/^<!doctype html>/);
      expect(html.trimEnd()).toMatch(/<\/html>$/);
      const text = readFileSync(join(out, 'drift.txt'), 'utf8');
      expect(text).toMatch(/\nexit code [012]: [^\n]*\n$/);
      expect([a, b].some((k) => k.checked.test(text))).toBe(true);
      const md = readFileSync(join(out, 'drift.md'), 'utf8');
      expect(md).toMatch(/^## lambda-roles drift check\n[\s\S]*exit code [012]: [\s\S]*\n$/);
      expect(md.split('<details>').length).toBe(md.split('</details>').length);
      expect([a, b].some((k) => k.checked.test(md))).toBe(true);
      // No temp file of either writer is left.
      expect(readdirSync(out).sort()).toEqual(
        Object.values(FORMATS)
          .map((e) => `drift.${e}`)
          .sort(),
      );
    },
    180_000,
  );

  it('every SARIF file written in the races passes the validator', () => {
    const result = validateSarif(sarifFiles);
    expect(result.scanned).toBe(sarifFiles.length);
    expect(result.issues).toEqual([]);
  });

  /** Two processes replace one file 1,500 times each with `write`, while this one reads it; what the reads saw. */
  async function contend(write: string): Promise<{ codes: number[]; reads: number; torn: number; missing: number; last: string }> {
    const path = join(dir, `contended-${Math.random().toString(36).slice(2)}.txt`);
    const body = (tag: string) => `${tag}\n`.repeat(20_000);
    writeFileSync(path, body('0'));
    const writer = (tag: string) =>
      new Promise<number>((resolve, reject) => {
        const script =
          `require('tsx/cjs'); const write = ${write};` +
          "const [path, tag] = process.argv.slice(1); const body = (tag + '\\n').repeat(20000);" +
          'for (let i = 0; i < 1500; i++) write(path, body);';
        const child = spawn(process.execPath, ['-e', script, path, tag], { cwd: PROJECT_ROOT, stdio: 'inherit' });
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? -1));
      });
    const whole = new Set([body('0'), body('A'), body('B')]);
    let running = true;
    const done = Promise.all([writer('A'), writer('B')]).finally(() => (running = false));
    const seen = { reads: 0, torn: 0, missing: 0 };
    while (running) {
      try {
        seen.reads++;
        if (!whole.has(readFileSync(path, 'utf8'))) seen.torn++;
      } catch {
        seen.missing++;
      }
      await new Promise((r) => setImmediate(r));
    }
    const codes = await done;
    const last = readFileSync(path, 'utf8');
    return { codes, ...seen, last: whole.has(last) ? 'whole' : 'torn' };
  }

  it('the atomic write under contention: every read sees one whole file, never a torn or missing one', async () => {
    const seen = await contend("require('./shared/atomic-write.ts').writeFileAtomic");
    expect(seen).toMatchObject({ codes: [0, 0], torn: 0, missing: 0, last: 'whole' });
    expect(seen.reads).toBeGreaterThan(10);
    expect(readdirSync(dir).filter((f) => f.includes('contended') && f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('the contention check can fail: plain writeFileSync is seen torn', async () => {
    const seen = await contend("require('node:fs').writeFileSync");
    expect(seen.codes).toEqual([0, 0]);
    expect(seen.torn + seen.missing).toBeGreaterThan(0);
  }, 60_000);

  it('the check can fail: a report cut short, or one from neither run, is not whole', () => {
    const json = JSON.stringify({ schemaVersion: 1 });
    expect(() => JSON.parse(json.slice(0, -3)) as unknown).toThrow();
    const other = {
      ...(JSON.parse(readFileSync(join(PROJECT_ROOT, '__tests__', 'drift', 'report', '__golden__', 'drift.json'), 'utf8')) as DriftReport),
    };
    expect(typeof writerOf(other, [KINDS.inSync, KINDS.drift])).toBe('string');
  });
});
