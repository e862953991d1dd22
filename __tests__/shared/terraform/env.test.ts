/**
 * The Terraform environment leaves the user's setup alone: their TF_CLI_CONFIG_FILE is used as it is unless
 * they ask for our mirror, a missing one counts as none, and our own config goes to a cache directory,
 * never next to the package. The last test runs the real terraform with each kind of config.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  cliConfigText,
  defaultCacheDir,
  MIRROR_ENV_VAR,
  PROJECT_ROOT,
  resolveProviderMirror,
  terraformEnv,
  terraformSetup,
  userCliConfigFile,
} from '../../../shared/terraform/env';

function fakeMirror(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lr-mirror-'));
  mkdirSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
  return dir;
}
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
function userConfig(text: string, name = 'user.tfrc'): string {
  const file = join(tmp('lr-user-'), name);
  writeFileSync(file, text);
  return file;
}
/** HOME pointed at an empty folder, so ~/.terraformrc of the machine running the tests plays no part. */
const noHome = () => ({ HOME: tmp('lr-home-') });

describe('the offline provider mirror setting', () => {
  it('uses the directory named by LAMBDA_ROLES_PROVIDER_MIRROR', () => {
    const dir = fakeMirror();
    expect(resolveProviderMirror({ [MIRROR_ENV_VAR]: dir })).toBe(dir);
  });

  it('"registry" turns the mirror off', () => {
    expect(resolveProviderMirror({ [MIRROR_ENV_VAR]: 'registry' })).toBeUndefined();
  });

  it('a directory without the AWS provider is a UserError naming the variable, the value and the fix', () => {
    const empty = tmp('lr-empty-');
    const call = () => terraformSetup({ ...noHome(), [MIRROR_ENV_VAR]: empty }, { cacheDir: tmp('lr-cache-') });
    expect(call).toThrow(new RegExp(`${MIRROR_ENV_VAR}=${empty}: no registry.terraform.io/hashicorp/aws.*set it to "registry"`));
    expect(call).toThrow(expect.objectContaining({ name: 'UserError' }) as Error);
  });

  it('writes a CLI config that installs hashicorp/aws from the mirror and everything else directly', () => {
    const text = cliConfigText('/opt/mirror');
    expect(text).toMatch(/filesystem_mirror \{\s+path\s+= "\/opt\/mirror"\s+include = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(text).toMatch(/direct \{\s+exclude = \["registry.terraform.io\/hashicorp\/aws"\]/);
  });
});

describe("TF_CLI_CONFIG_FILE: the user's setup is left alone", () => {
  it('with no config of their own (unset, no ~/.terraformrc): our mirror config, in the cache dir, not in the package', () => {
    const mirror = fakeMirror();
    const cacheDir = tmp('lr-cache-');
    const setup = terraformSetup({ ...noHome(), [MIRROR_ENV_VAR]: mirror }, { cacheDir });
    expect(setup).toMatchObject({ config: 'generated', mirror });
    expect(dirname(setup.env.TF_CLI_CONFIG_FILE!)).toBe(cacheDir);
    expect(setup.env.TF_CLI_CONFIG_FILE!.startsWith(PROJECT_ROOT)).toBe(false);
    expect(readFileSync(setup.env.TF_CLI_CONFIG_FILE!, 'utf8')).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(setup.env).toMatchObject({ CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' });
  });

  it('a TF_CLI_CONFIG_FILE naming a missing file counts as none: the mirror is auto-detected and the named path is never created', () => {
    const missing = join(tmp('lr-missing-'), 'terraformrc');
    const setup = terraformSetup({ ...noHome(), TF_CLI_CONFIG_FILE: missing }, { cacheDir: tmp('lr-cache-') });
    const detected = resolveProviderMirror({});
    if (detected) expect(setup).toMatchObject({ config: 'generated', mirror: detected });
    else expect(setup.env.TF_CLI_CONFIG_FILE).toBe(missing); // no mirror on this machine: nothing to add
    expect(() => statSync(missing)).toThrow(/ENOENT/);
  });

  it('an existing user config is used as it is when no mirror was asked for (no auto-detection over it)', () => {
    const file = userConfig('credentials "app.terraform.io" {\n  token = "secret-token"\n}\n');
    const cacheDir = tmp('lr-cache-');
    const setup = terraformSetup({ ...noHome(), TF_CLI_CONFIG_FILE: file }, { cacheDir });
    expect(setup).toMatchObject({ config: 'user', mirror: undefined });
    expect(setup.env.TF_CLI_CONFIG_FILE).toBe(file);
  });

  it('~/.terraformrc counts as the user config when TF_CLI_CONFIG_FILE is unset', () => {
    const home = tmp('lr-home-');
    writeFileSync(join(home, '.terraformrc'), 'plugin_cache_dir = "/tmp/cache"\n');
    expect(userCliConfigFile({ HOME: home })).toBe(join(home, '.terraformrc'));
    const setup = terraformSetup({ HOME: home }, { cacheDir: tmp('lr-cache-') });
    expect(setup).toMatchObject({ config: 'user', mirror: undefined });
    expect(setup.env.TF_CLI_CONFIG_FILE).toBeUndefined();
  });

  it('an explicit mirror is added to a 0600 copy of the user config; their file is not touched', () => {
    const original = 'credentials "app.terraform.io" {\n  token = "secret-token"\n}\n';
    const file = userConfig(original);
    const mirror = fakeMirror();
    const setup = terraformSetup({ ...noHome(), TF_CLI_CONFIG_FILE: file, [MIRROR_ENV_VAR]: mirror }, { cacheDir: tmp('lr-cache-') });
    expect(setup).toMatchObject({ config: 'merged', mirror });
    const merged = readFileSync(setup.env.TF_CLI_CONFIG_FILE!, 'utf8');
    expect(merged).toContain(original);
    expect(merged).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(statSync(setup.env.TF_CLI_CONFIG_FILE!).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('"registry" leaves the user config as it is', () => {
    const file = userConfig('plugin_cache_dir = "/tmp/cache"\n');
    const setup = terraformSetup({ ...noHome(), TF_CLI_CONFIG_FILE: file, [MIRROR_ENV_VAR]: 'registry' }, { cacheDir: tmp('lr-cache-') });
    expect(setup).toMatchObject({ config: 'user', mirror: undefined });
    expect(setup.env.TF_CLI_CONFIG_FILE).toBe(file);
  });

  it('a mirror asked for over a user config that has its own provider_installation is a UserError with the fix', () => {
    const file = userConfig('# mine\nprovider_installation {\n  direct {}\n}\n');
    const env = { ...noHome(), TF_CLI_CONFIG_FILE: file, [MIRROR_ENV_VAR]: fakeMirror() };
    expect(() => terraformSetup(env, { cacheDir: tmp('lr-cache-') })).toThrow(
      new RegExp(`config ${file} already has a provider_installation block.*Fix: add filesystem_mirror`),
    );
    const json = userConfig('{"plugin_cache_dir": "/tmp/c"}', 'user.tfrc.json');
    expect(() => terraformSetup({ ...env, TF_CLI_CONFIG_FILE: json }, { cacheDir: tmp('lr-cache-') })).toThrow(/is JSON.*Fix:/);
  });

  it('a config of ours handed back in TF_CLI_CONFIG_FILE (a child process, a test worker) is recognised, not merged into', () => {
    const cacheDir = tmp('lr-cache-');
    const mirror = fakeMirror();
    const first = terraformSetup({ ...noHome(), [MIRROR_ENV_VAR]: mirror }, { cacheDir }).env;
    const again = terraformSetup({ ...first }, { cacheDir });
    expect(again.env.TF_CLI_CONFIG_FILE).toBe(first.TF_CLI_CONFIG_FILE);
    // Asked for no mirror, the generated file gives way to no config at all ...
    expect(terraformSetup({ ...first, [MIRROR_ENV_VAR]: 'registry' }, { cacheDir }).env.TF_CLI_CONFIG_FILE).toBeUndefined();
    // ... and a merged copy gives way to the user's own file.
    const user = userConfig('plugin_cache_dir = "/tmp/cache"\n');
    const merged = terraformSetup({ ...noHome(), TF_CLI_CONFIG_FILE: user, [MIRROR_ENV_VAR]: mirror }, { cacheDir }).env;
    expect(terraformSetup({ ...merged, [MIRROR_ENV_VAR]: 'registry' }, { cacheDir }).env.TF_CLI_CONFIG_FILE).toBe(user);
    expect(terraformSetup({ ...merged }, { cacheDir }).env.TF_CLI_CONFIG_FILE).toBe(merged.TF_CLI_CONFIG_FILE);
  });

  it('the default cache dir follows XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(join('/x/cache', 'lambda-roles'));
    expect(defaultCacheDir({})).toMatch(/\.cache[/\\]lambda-roles$/);
  });

  it('terraformEnv is the environment of terraformSetup', () => {
    const cacheDir = tmp('lr-cache-');
    const base = { ...noHome(), [MIRROR_ENV_VAR]: fakeMirror() };
    expect(terraformEnv(base, { cacheDir })).toEqual(terraformSetup(base, { cacheDir }).env);
  });
});

describe('the real terraform reads the config we hand it', () => {
  // `terraform version` loads the CLI config and prints its problems (on stderr) before anything else.
  const problems = (env: NodeJS.ProcessEnv) => {
    const run = spawnSync('terraform', ['version'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`;
  };

  it('a merged copy of a user config with credentials and our mirror is one valid CLI config', () => {
    const file = userConfig(
      'credentials "app.terraform.io" {\n  token = "secret-token"\n}\nplugin_cache_may_break_dependency_lock_file = true\n',
    );
    const setup = terraformSetup({ ...noHome(), TF_CLI_CONFIG_FILE: file, [MIRROR_ENV_VAR]: fakeMirror() }, { cacheDir: tmp('lr-cache-') });
    expect(problems(setup.env)).not.toMatch(/problems with the CLI configuration/);
    // A broken config does show there, so the check above can fail.
    expect(problems({ TF_CLI_CONFIG_FILE: userConfig('provider_installation {}\nprovider_installation {}\n') })).toMatch(
      /problems with the CLI configuration/,
    );
  });
});
