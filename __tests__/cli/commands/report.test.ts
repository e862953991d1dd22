/** The report merge command's flag parsing: zod at the edge, one line per bad flag naming the flag, the value and the rule. */
import { mergeReportTargets, parseReportMergeOptions } from '../../../cli/commands/report';

describe('report merge options', () => {
  test("no flags: a text report on standard output and the inputs' own threshold", () => {
    const o = parseReportMergeOptions({});
    expect(o).toEqual({ report: [], format: [] });
    expect(mergeReportTargets(o)).toEqual([{ format: 'text' }]);
  });

  test('--report FORMAT=PATH (repeatable) writes files; --format adds standard output', () => {
    expect(mergeReportTargets(parseReportMergeOptions({ report: ['json=m.json', 'sarif=m.sarif'] }))).toEqual([
      { format: 'json', path: 'm.json', flag: '--report "json=m.json"' },
      { format: 'sarif', path: 'm.sarif', flag: '--report "sarif=m.sarif"' },
    ]);
    expect(mergeReportTargets(parseReportMergeOptions({ report: ['json=m.json'], format: ['markdown'] }))[0]).toEqual({
      format: 'markdown',
    });
  });

  test('a bad flag names the flag, the value and the rule', () => {
    expect(() => parseReportMergeOptions({ failOn: 'severe' })).toThrow('--fail-on "severe": expected critical, high, medium or low');
    expect(() => parseReportMergeOptions({ format: ['json', 'text'] })).toThrow(/^--format \["json","text"\]: give --format once/);
    expect(() => mergeReportTargets(parseReportMergeOptions({ report: ['pdf=x.pdf'] }))).toThrow(
      /^--report "pdf=x.pdf": unknown format "pdf"/,
    );
  });
});
