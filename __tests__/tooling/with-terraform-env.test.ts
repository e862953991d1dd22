/** The npm scripts' wrapper: cdktf commands that lock providers get --skip-provider-lock when a mirror is in use. */
import { withOfflineLockFlag } from '../../tooling/with-terraform-env';

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
