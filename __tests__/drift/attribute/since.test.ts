/** The --since look-back window. */
import { parseSince } from '../../../drift/attribute/since';

describe('parseSince', () => {
  test.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
  ])('%s', (text, ms) => expect(parseSince(text)).toBe(ms));

  test.each(['7', '7x', 'd7', '0d', '91d', ''])('rejects %j', (text) => expect(() => parseSince(text)).toThrow());
});
