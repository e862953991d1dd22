/** The one Terraform runner, with the real terraform binary. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTerraform } from '../../../shared/terraform/run';

describe('runTerraform', () => {
  it('reports whole lines per stream and the exit code, without throwing on failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lr-tf-'));
    const lines: string[] = [];
    const result = await runTerraform(['version'], { cwd: dir, onLine: (l) => lines.push(l) });
    expect(result.code).toBe(0);
    expect(lines[0]).toMatch(/^Terraform v\d+\.\d+\.\d+$/);
    const bad = await runTerraform(['no-such-command'], { cwd: dir });
    expect(bad.code).not.toBe(0);
  });
});
