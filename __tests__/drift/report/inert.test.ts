/**
 * inertLine and splitRemediation: a value from AWS shown in a line-based format stays one visible line, and
 * a blank line inside a value never splits a remediation's prose into a "code block".
 */
import { inertLine, splitRemediation } from '../../../drift/report/inert';
import { importBlock } from '../../../drift/compare/remediation';

describe('inertLine', () => {
  it('shows control characters as escapes and keeps everything else', () => {
    expect(inertLine('a\nb\r\tc\u001b[31m\u0007\u009b\u007f\u0000')).toBe('a\\nb\\r\\tc\\u001b[31m\\u0007\\u009b\\u007f\\u0000');
    expect(inertLine('right\u202eto left\u2066x\u2069')).toBe('right\\u202eto left\\u2066x\\u2069');
    expect(inertLine('plain <b>|`*é日本 🙂')).toBe('plain <b>|`*é日本 🙂');
  });
});

describe('splitRemediation', () => {
  it('separates the trailing import block', () => {
    const block = importBlock('aws_lambda_permission.<name>', 'fn/sid');
    expect(splitRemediation(`Do this.\n\n${block}`)).toEqual({ prose: 'Do this.', blocks: [block] });
    expect(splitRemediation('Only prose.')).toEqual({ prose: 'Only prose.', blocks: [] });
  });

  it('keeps a value with blank lines in the prose', () => {
    const id = 'x\n\n## forged\n\nmore';
    const block = importBlock('aws_lambda_permission.<name>', `fn/${id}`);
    const prose = `statement "${id}" is not managed.`;
    expect(splitRemediation(`${prose}\n\n${block}`)).toEqual({ prose, blocks: [block] });
  });
});
