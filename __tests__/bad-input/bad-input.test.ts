/**
 * The bad-input corpus (cases.ts, fixtures from make-fixtures.ts): state files, stack definitions in JSON and
 * YAML, ignore files, drift configs, reports to merge, and command-line misuse. Every case runs the CLI's
 * main() in-process, once plain and once with --debug, and must give:
 *   - exit 1;
 *   - one message naming the input (file, field or flag), the value and the fix;
 *   - no stack trace without --debug (and no "run with --debug" hint, which only an unexpected error gets),
 *     and a stack trace with it (check's summary and commander's usage errors print none either way);
 *   - report files (pre-existing, stale) that hold an error report afterwards when the run had started, or
 *     are untouched when the CLI refused the command line first (cases.ts says which, per case);
 *   - no temp file left beside them.
 * A few cases also run through the real binary (bin/lambda-roles.js).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAws } from '../../local-aws';
import type { DriftReport } from '../../drift/model';
import { main } from '../../cli/main';
import { PROJECT_ROOT } from '../../shared/terraform/env';
import { captureIo } from '../helpers/cli-io';
import { startEndpoint } from '../drift/fixtures/seed';
import { smallAccountState } from '../security/small-account';
import { hugeState } from './make-fixtures';
import {
  ALL_CASES,
  CONFIG_CASES,
  DEFINITION_CASES,
  FLAG_CASES,
  IGNORE_CASES,
  REPORT_CASES,
  STATE_CASES,
  type BadInput,
  type Paths,
} from './cases';

const STALE_TEXT = 'STALE: an older report that must not survive a failed run\n';
const STALE_JSON = '{"stale": true}\n';
/** A V8 stack frame: "    at fn (file:line:col)" or "    at file:line:col". */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

let aws: LocalAws;
let dir: string;
let paths: Paths;

beforeAll(async () => {
  aws = await startEndpoint();
  dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
  const validState = join(dir, 'valid.tfstate');
  writeFileSync(validState, JSON.stringify(smallAccountState('AROAQ7EXAMPLEROLEID01')));
  const hugeStatePath = join(dir, 'huge.tfstate');
  writeFileSync(hugeStatePath, hugeState());
  mkdirSync(join(dir, 'a-directory'));
  writeFileSync(join(dir, 'existing.yaml'), 'rules: []\n');
  paths = {
    validState,
    aDirectory: join(dir, 'a-directory'),
    missing: join(dir, 'missing'),
    existing: join(dir, 'existing.yaml'),
    hugeState: hugeStatePath,
  };
}, 60_000);
afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runMain(argv: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Outcome> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const io = captureIo();
  try {
    const code = await main(['node', 'lambda-roles', ...argv], io);
    return { code, stdout: io.out(), stderr: io.err() };
  } finally {
    for (const [k, v] of Object.entries(before))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

/** The report files a case's run is given (pre-existing, stale), and the flags that name them. */
function reportFiles(c: BadInput, out: string, argv: readonly string[]): { flags: string[]; files: Record<string, string> } {
  if (c.reports === 'none') return { flags: [], files: {} };
  const files = { text: join(out, 'report.txt'), json: join(out, 'report.json') };
  writeFileSync(files.text, STALE_TEXT);
  writeFileSync(files.json, STALE_JSON);
  const textFlag = argv.includes('--output') ? ['--report', `text=${files.text}`] : ['--output', files.text];
  return {
    flags:
      argv[0] === 'report'
        ? ['--report', `text=${files.text}`, '--report', `json=${files.json}`]
        : [...textFlag, '--report', `json=${files.json}`],
    files,
  };
}

/** The one error message: check's summary line holding the fragments, or what follows "error:" on stderr. */
function theMessage(c: BadInput, o: Outcome): string {
  if (c.summary) {
    const lines = o.stdout.split('\n').filter((l) => l.includes('[error]'));
    return lines.find((l) => c.message(paths).every((f) => l.includes(f))) ?? lines.join('\n');
  }
  expect(o.stderr.match(/^error: /gm) ?? []).toHaveLength(1);
  const text = o.stderr.slice(o.stderr.indexOf('error: '));
  const trace = text.search(STACK_FRAME);
  return trace < 0 ? text : text.slice(0, trace);
}

async function check(c: BadInput): Promise<void> {
  const out = mkdtempSync(join(dir, 'out-'));
  const argv = c.argv(paths);
  const { flags, files } = reportFiles(c, out, argv);
  const env = c.env ?? {};

  // The report flags go right after the command words, so a case whose last flag lacks its value keeps it that way.
  const at = argv[0] === 'report' ? 2 : 1;
  const command = [...argv.slice(0, at), ...flags, ...argv.slice(at)];
  const plain = await runMain(command, env);
  expect({ code: plain.code, stdout: plain.stdout.slice(0, 2000), stderr: plain.stderr }).toMatchObject({ code: 1 });
  const message = theMessage(c, plain);
  for (const fragment of c.message(paths)) expect(message).toContain(fragment);
  expect(plain.stderr + plain.stdout).not.toMatch(STACK_FRAME);
  expect(plain.stderr).not.toContain('run with --debug');

  if (c.reports === 'untouched') {
    expect(readFileSync(files.text, 'utf8')).toBe(STALE_TEXT);
    expect(readFileSync(files.json, 'utf8')).toBe(STALE_JSON);
  } else if (c.reports === 'error-report') {
    const report = JSON.parse(readFileSync(files.json, 'utf8')) as DriftReport;
    expect(report).toMatchObject({ verdict: 'error', exitCode: 1 });
    const errors = report.errors.map((e) => e.message).join('\n');
    // The error report says what the message said (its value part), so CI posts the reason, not a stale report.
    expect(errors).toContain(c.message(paths)[c.message(paths).length - 2]);
    const text = readFileSync(files.text, 'utf8');
    expect(text).not.toBe(STALE_TEXT);
    expect(text).toMatch(/exit code 1/);
  }
  expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

  const debug = await runMain(['--debug', ...command], env);
  expect(debug.code).toBe(1);
  if (c.summary || c.usage) expect(debug.stderr + debug.stdout).not.toMatch(STACK_FRAME);
  else expect(debug.stderr).toMatch(STACK_FRAME);
}

describe(`bad input: ${ALL_CASES.length} cases, each exit 1 with one message naming the input, its value and the fix`, () => {
  describe.each([
    ['state files', STATE_CASES],
    ['ignore files', IGNORE_CASES],
    ['drift configs', CONFIG_CASES],
    ['reports to merge', REPORT_CASES],
    ['stack definitions (JSON and YAML)', DEFINITION_CASES],
    ['command lines', FLAG_CASES],
  ] as const)('%s', (_kind, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => check(c), 60_000);
  });

  it('the corpus is at least 80 fixture files, and every fixture file is used by a case', () => {
    const fixtures = ['state', 'ignore', 'config', 'report', 'definition'].flatMap((d) =>
      readdirSync(join(__dirname, 'fixtures', d)).map((f) => join(__dirname, 'fixtures', d, f)),
    );
    expect(fixtures.length).toBeGreaterThanOrEqual(80);
    const used = new Set(ALL_CASES.flatMap((c) => c.argv(paths)));
    // valid.json is the second input of every merge case.
    expect(fixtures.filter((f) => !used.has(f))).toEqual([]);
  });

  describe('the checks can fail', () => {
    it('a message without the value or the fix, or a stale report left in place, fails the case', async () => {
      const [first] = STATE_CASES;
      await expect(check({ ...first, message: (p) => [...first.message(p), 'a fragment no message holds'] })).rejects.toThrow();
      await expect(check({ ...first, reports: 'untouched' })).rejects.toThrow();
      const flagCase = FLAG_CASES.find((c) => c.reports === 'untouched')!;
      await expect(check({ ...flagCase, reports: 'error-report' })).rejects.toThrow();
    });
  });
});

describe('through the real binary', () => {
  function runBin(argv: readonly string[]): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'lambda-roles.js'), ...argv], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  it.each([
    STATE_CASES.find((c) => c.name.includes('utf16'))!,
    IGNORE_CASES.find((c) => c.name.includes('reason-todo'))!,
    DEFINITION_CASES.find((c) => c.name.includes('yaml-alias-bomb'))!,
    FLAG_CASES.find((c) => c.name === 'drift --since 7x')!,
  ])(
    '$name: exit 1, the message, no stack trace',
    async (c) => {
      const o = await runBin(c.argv(paths));
      expect(o.code).toBe(1);
      const text = c.summary ? o.stdout : o.stderr;
      for (const fragment of c.message(paths)) expect(text).toContain(fragment);
      expect(o.stderr + o.stdout).not.toMatch(STACK_FRAME);
    },
    60_000,
  );
});
