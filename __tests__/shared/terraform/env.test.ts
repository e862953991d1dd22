import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliConfigText, MIRROR_ENV_VAR, resolveProviderMirror, terraformEnv } from '../../../shared/terraform/env';

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
    expect(() => resolveProviderMirror({ [MIRROR_ENV_VAR]: empty })).toThrow(
      new RegExp(`${MIRROR_ENV_VAR}=${empty}: no registry.terraform.io/hashicorp/aws.*set it to "registry"`),
    );
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
