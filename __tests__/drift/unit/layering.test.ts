/**
 * The library does not depend on the CLI: the exit-code rule lives once in drift/report (the CLI and the
 * demo use it), ExitCode and UserError live in shared/ and the CLI re-exports them. And the demo leaves
 * process.env as it found it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as cliDrift from '../../../cli/commands/drift';
import * as cliErrors from '../../../cli/errors';
import * as cliExitCodes from '../../../cli/exit-codes';
import { exitCodeFor } from '../../../drift/report';
import { UserError } from '../../../shared/errors';
import { ExitCode } from '../../../shared/exit-codes';
import { withEnv } from '../../../demo/run-demo';

const ROOT = join(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('layering', () => {
  it('no file under drift/ imports from cli/', () => {
    const offenders = tsFiles(join(ROOT, 'drift')).filter((f) => /from '(\.\.\/)+cli\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('one exitCodeFor: the CLI and the demo use the one in drift/report', () => {
    expect(cliDrift.exitCodeFor).toBe(exitCodeFor);
    const demo = readFileSync(join(ROOT, 'demo', 'run-demo.ts'), 'utf8');
    expect(demo).toMatch(/const driftExitCode = exitCodeFor\(report\);/);
    expect(demo).not.toMatch(/ExitCode\.ERROR :/);
  });

  it('the CLI re-exports ExitCode and UserError from shared/', () => {
    expect(cliExitCodes.ExitCode).toBe(ExitCode);
    expect(cliErrors.UserError).toBe(UserError);
  });
});

describe('withEnv (the demo sets the endpoint for its drift run only)', () => {
  it('restores changed variables and removes ones it added, also when the run throws', async () => {
    process.env.LR_TEST_KEEP = 'mine';
    delete process.env.LR_TEST_NEW;
    await expect(
      withEnv({ LR_TEST_KEEP: 'demo', LR_TEST_NEW: 'x' }, async () => {
        expect(process.env.LR_TEST_KEEP).toBe('demo');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(process.env.LR_TEST_KEEP).toBe('mine');
    expect('LR_TEST_NEW' in process.env).toBe(false);
    delete process.env.LR_TEST_KEEP;
  });
});
