/** The demo's small parts: it uses the one exit-code rule, and sets the endpoint for its drift run only. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withEnv } from '../../demo/run-demo';

describe('the demo', () => {
  it('uses exitCodeFor from drift/report, not a rule of its own', () => {
    const demo = readFileSync(join(__dirname, '..', '..', 'demo', 'run-demo.ts'), 'utf8');
    expect(demo).toMatch(/const driftExitCode = exitCodeFor\(report\);/);
    expect(demo).not.toMatch(/ExitCode\.ERROR :/);
  });
});

describe('withEnv (the demo sets the endpoint for its drift run only)', () => {
  it('restores changed variables and removes ones it added, also when the run throws', async () => {
    process.env.LR_TEST_KEEP = 'mine';
    delete process.env.LR_TEST_NEW;
    await expect(
      withEnv({ LR_TEST_KEEP: 'demo', LR_TEST_NEW: 'x' }, () => {
        expect(process.env.LR_TEST_KEEP).toBe('demo');
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    expect(process.env.LR_TEST_KEEP).toBe('mine');
    expect('LR_TEST_NEW' in process.env).toBe(false);
    delete process.env.LR_TEST_KEEP;
  });
});
