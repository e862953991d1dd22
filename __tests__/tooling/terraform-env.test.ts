import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliConfigText, MIRROR_ENV_VAR, resolveProviderMirror, terraformEnv } from '../../tooling/terraform-env';
import { withOfflineLockFlag } from '../../tooling/with-terraform-env';

function fakeMirror(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lr-mirror-'));
  mkdirSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
  return dir;
}

describe('the offline provider mirror setting', () => {
  it('uses the directory named by LAMBDA_ROLES_PROVIDER_MIRROR', () => {
    const dir = fakeMirror();
    expect(resolveProviderMirror({ [MIRROR_ENV_VAR]: dir })).toBe(dir);
  });

  it('"registry" turns the mirror off', () => {
    expect(resolveProviderMirror({ [MIRROR_ENV_VAR]: 'registry' })).toBeUndefined();
  });

  it('a directory without the AWS provider is an error naming the variable, the value and the fix', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lr-empty-'));
    expect(() => resolveProviderMirror({ [MIRROR_ENV_VAR]: empty })).toThrow(new RegExp(`${MIRROR_ENV_VAR}=${empty}: no registry.terraform.io/hashicorp/aws.*set it to "registry"`));
  });

  it('writes a CLI config that installs hashicorp/aws from the mirror and everything else directly', () => {
    const text = cliConfigText('/opt/mirror');
    expect(text).toMatch(/filesystem_mirror \{\s+path\s+= "\/opt\/mirror"\s+include = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(text).toMatch(/direct \{\s+exclude = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(cliConfigText(undefined)).not.toMatch(/provider_installation/);
  });

  it('terraformEnv points TF_CLI_CONFIG_FILE at the generated config and disables checkpoint calls', () => {
    const dir = fakeMirror();
    const root = mkdtempSync(join(tmpdir(), 'lr-root-'));
    const env = terraformEnv({ [MIRROR_ENV_VAR]: dir }, root);
    expect(env.TF_CLI_CONFIG_FILE).toBe(join(root, '.lambda-roles', 'terraform.tfrc'));
    expect(readFileSync(env.TF_CLI_CONFIG_FILE!, 'utf8')).toContain(JSON.stringify(dir));
    expect(env.CHECKPOINT_DISABLE).toBe('1');
  });
});

describe('cdktf commands with a mirror', () => {
  it('deploy/diff/destroy skip the registry-only provider lock when a mirror is in use', () => {
    expect(withOfflineLockFlag('cdktf', ['deploy', 'app'], '/m')).toEqual(['deploy', 'app', '--skip-provider-lock']);
    expect(withOfflineLockFlag('node_modules/.bin/cdktf', ['diff'], '/m')).toEqual(['diff', '--skip-provider-lock']);
  });

  it('leaves synth, registry installs and other programs alone', () => {
    expect(withOfflineLockFlag('cdktf', ['synth'], '/m')).toEqual(['synth']);
    expect(withOfflineLockFlag('cdktf', ['deploy'], undefined)).toEqual(['deploy']);
    expect(withOfflineLockFlag('terraform', ['plan'], '/m')).toEqual(['plan']);
  });
});

describe('runTerraform', () => {
  it('reports whole lines per stream and the exit code, without throwing on failure', async () => {
    const { runTerraform } = await import('../../tooling/terraform');
    const dir = mkdtempSync(join(tmpdir(), 'lr-tf-'));
    const lines: string[] = [];
    const result = await runTerraform(['version'], { cwd: dir, onLine: (l) => lines.push(l) });
    expect(result.code).toBe(0);
    expect(lines[0]).toMatch(/^Terraform v\d+\.\d+\.\d+$/);
    const bad = await runTerraform(['no-such-command'], { cwd: dir });
    expect(bad.code).not.toBe(0);
  });
});
