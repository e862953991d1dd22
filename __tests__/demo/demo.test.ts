/**
 * The README's main command (`npm start` → `lambda-roles demo`) tells the whole story on the embedded
 * default. This runs it for real: local endpoint, terraform apply of the examples, console edits, drift.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, type DemoResult } from '../../demo/run-demo';
import { ExitCode } from '../../cli/exit-codes';

jest.setTimeout(600_000);

const CONSOLE_USER = 'arn:aws:sts::000000000000:assumed-role/Admin/console-user';
let result: DemoResult;
let envBefore: NodeJS.ProcessEnv;
let envAfter: NodeJS.ProcessEnv;
const lines: string[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'lr-demo-'));

beforeAll(async () => {
  const saved = { ...process.env };
  envBefore = saved;
  try {
    result = await runDemo({ port: 0, workDir, log: (l) => lines.push(l) });
    envAfter = { ...process.env };
  } finally {
    process.env = saved; // the demo points the SDK at its endpoint through the environment
  }
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the demo (npm start)', () => {
  it('leaves process.env as it found it (the endpoint and keys are set for its drift run only)', () => {
    expect(envAfter).toEqual(envBefore);
  });

  it('finds drift and explains exit code 2', () => {
    expect(result.driftExitCode).toBe(ExitCode.DRIFT);
    expect(lines.join('\n')).toMatch(/exit code 2: drift found/);
    expect(lines.join('\n')).toMatch(/In CI: exit code 2 \(drift/);
  });

  it('reports each console edit once, with its severity and the console user as actor', () => {
    const byCode = result.report.findings.map((f) => [f.code, f.severity, f.attribution?.actor, f.attribution?.viaConsole]);
    expect(byCode).toEqual(
      expect.arrayContaining([
        ['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', 'critical', CONSOLE_USER, true],
        ['INVOKE_PERMISSION_ADDED', 'critical', CONSOLE_USER, true],
        ['TRUST_POLICY_CHANGED', 'critical', CONSOLE_USER, true],
        ['TAGS_CHANGED', 'low', CONSOLE_USER, true],
      ]),
    );
    expect(result.report.findings).toHaveLength(4);
    expect(result.report.summary.errors).toBe(0);
  });

  it('prints what each example stack creates before deploying it', () => {
    const text = lines.join('\n');
    for (const stack of ['image-processor', 'orders-api', 'queue-consumer']) {
      expect(text).toContain(`stack ${stack} (account 000000000000, us-east-1)`);
      expect(text).toMatch(new RegExp(`applied ${stack} in \\d+\\.\\d s`));
    }
  });
});
