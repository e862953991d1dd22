/** The drift command's flag parsing: zod at the edge, one line per bad flag naming the flag, the value and the rule. */
import { parseDriftOptions, exitCodeFor as cliExitCodeFor } from '../../../cli/commands/drift';
import { exitCodeFor } from '../../../drift/report';
import { UserError } from '../../../cli/errors';

const message = (raw: Record<string, unknown>) => {
  try {
    parseDriftOptions(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
};

describe('drift command options', () => {
  const stateFile = 'terraform.tfstate';

  test('valid flags parse with defaults', () => {
    expect(parseDriftOptions({ state: [stateFile] })).toMatchObject({
      state: [stateFile],
      stack: [],
      since: 7 * 86_400_000,
      format: 'text',
      concurrency: 4,
    });
  });

  test('each bad flag names the flag, the value and the fix', () => {
    expect(message({ state: [stateFile], since: '7x' })).toBe(
      '--since "7x": expected a number and a unit m|h|d|w, e.g. 30m, 12h, 7d or 2w',
    );
    expect(message({ state: [stateFile], format: 'yaml' })).toBe('--format "yaml": expected text, json or markdown');
    expect(message({ state: [stateFile], concurrency: '0' })).toBe('--concurrency "0": expected at least 1');
    expect(message({ state: [stateFile], concurrency: 'abc' })).toBe('--concurrency "abc": expected a whole number from 1 to 32');
    expect(message({ state: [stateFile], deployIdentity: 'terraform' })).toMatch(
      /^--deploy-identity "terraform": expected an IAM or STS ARN/,
    );
    expect(message({ state: [stateFile], region: 'mars' })).toBe('--region "mars": expected an AWS region such as us-east-1');
  });

  test('one exitCodeFor: the command uses the one in drift/report', () => {
    expect(cliExitCodeFor).toBe(exitCodeFor);
  });
});
