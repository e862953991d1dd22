/** The drift command's flag parsing: zod at the edge, one line per bad flag naming the flag, the value and the rule. */
import { parseDriftOptions, reportTargets, exitCodeFor as cliExitCodeFor } from '../../../cli/commands/drift';
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

  test('valid flags parse with defaults: one text report on standard output, any finding fails', () => {
    const o = parseDriftOptions({ state: [stateFile] });
    expect(o).toMatchObject({ state: [stateFile], stack: [], since: 7 * 86_400_000, failOn: 'low', concurrency: 4 });
    expect(reportTargets(o)).toEqual([{ format: 'text' }]);
  });

  test('--format/--output make one report; --report FORMAT=PATH adds more', () => {
    const o = parseDriftOptions({ state: [stateFile], format: ['json'], output: ['d.json'], report: ['markdown=d.md', 'text=d.txt'] });
    expect(reportTargets(o)).toEqual([
      { format: 'json', path: 'd.json', flag: '--output d.json' },
      { format: 'markdown', path: 'd.md', flag: '--report "markdown=d.md"' },
      { format: 'text', path: 'd.txt', flag: '--report "text=d.txt"' },
    ]);
    // Only --report: no report on standard output.
    expect(reportTargets(parseDriftOptions({ state: [stateFile], report: ['json=d.json'] }))).toEqual([
      { format: 'json', path: 'd.json', flag: '--report "json=d.json"' },
    ]);
  });

  test('a flag given twice is an error, never "last one wins"; a bad --report says the form', () => {
    expect(message({ state: [stateFile], format: ['json', 'text'] })).toMatch(/^--format \["json","text"\]: give --format once/);
    expect(message({ state: [stateFile], output: ['a', 'b'] })).toMatch(/^--output \["a","b"\]: give --output once/);
    expect(() => reportTargets(parseDriftOptions({ state: [stateFile], report: ['pdf=x.pdf'] }))).toThrow(
      /^--report "pdf=x.pdf": unknown format "pdf"; expected FORMAT=PATH with FORMAT one of text, json, markdown, sarif, junit, html/,
    );
    expect(() => reportTargets(parseDriftOptions({ state: [stateFile], report: ['json'] }))).toThrow(
      /^--report "json": no path; expected FORMAT=PATH/,
    );
    expect(message({ state: [stateFile], failOn: 'severe' })).toBe('--fail-on "severe": expected critical, high, medium or low');
  });

  test('each bad flag names the flag, the value and the fix', () => {
    expect(message({ state: [stateFile], since: '7x' })).toBe(
      '--since "7x": expected a number and a unit m|h|d|w, e.g. 30m, 12h, 7d or 2w',
    );
    expect(message({ state: [stateFile], format: ['yaml'] })).toBe('--format "yaml": expected text, json, markdown, sarif, junit or html');
    expect(message({ state: [stateFile], concurrency: '0' })).toBe('--concurrency "0": expected at least 1');
    expect(message({ state: [stateFile], concurrency: 'abc' })).toBe('--concurrency "abc": expected a whole number from 1 to 32');
    expect(message({ state: [stateFile], deployIdentity: 'terraform' })).toMatch(
      /^--deploy-identity "terraform": expected an IAM or STS ARN/,
    );
    expect(message({ state: [stateFile], region: 'mars' })).toBe('--region "mars": expected an AWS region such as us-east-1');
  });

  test('--incremental takes --checkpoint, and --overlap/--max-age as windows; each needs the other', () => {
    expect(parseDriftOptions({ state: [stateFile], incremental: true, checkpoint: 'cp.json', overlap: '30m', maxAge: '2d' })).toMatchObject(
      {
        incremental: true,
        checkpoint: 'cp.json',
        overlap: 30 * 60_000,
        maxAge: 2 * 86_400_000,
      },
    );
    expect(parseDriftOptions({ state: [stateFile] })).toMatchObject({ incremental: false });
    expect(message({ state: [stateFile], incremental: true })).toBe(
      '--incremental true: needs --checkpoint FILE, where the run keeps what it read for the next run',
    );
    expect(message({ state: [stateFile], checkpoint: 'cp.json', overlap: '5m' })).toBe(
      [
        '--checkpoint "cp.json": only with --incremental; add --incremental --checkpoint FILE, or drop it',
        '--overlap "5m": only with --incremental; add --incremental --checkpoint FILE, or drop it',
      ].join('\n'),
    );
    expect(message({ state: [stateFile], incremental: true, checkpoint: 'cp.json', overlap: '15' })).toBe(
      '--overlap "15": expected a number and a unit m|h|d|w, e.g. 30m, 12h, 7d or 2w',
    );
  });

  test('one exitCodeFor: the command uses the one in drift/report', () => {
    expect(cliExitCodeFor).toBe(exitCodeFor);
  });
});
