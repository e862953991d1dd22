/** UPDATE_GOLDEN rewrites golden files only on a developer's machine: in CI it fails the run. */
import { goldenUpdateRequested } from './golden';

describe('goldenUpdateRequested', () => {
  it('is false without UPDATE_GOLDEN, true with it locally, and an error with it in CI', () => {
    expect(goldenUpdateRequested({})).toBe(false);
    expect(goldenUpdateRequested({ UPDATE_GOLDEN: '1' })).toBe(true);
    expect(goldenUpdateRequested({ UPDATE_GOLDEN: '1', CI: 'false' })).toBe(true);
    expect(() => goldenUpdateRequested({ UPDATE_GOLDEN: '1', CI: 'true' })).toThrow(/UPDATE_GOLDEN=1 is set in CI/);
    expect(goldenUpdateRequested({ CI: 'true' })).toBe(false);
  });
});
