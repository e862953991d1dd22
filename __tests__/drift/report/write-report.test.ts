/** A report path is checked before the run makes a call, and the report is written atomically. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkReportPath, writeReport } from '../../../drift/report';
import { UserError } from '../../../shared/errors';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'write-report-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkReportPath', () => {
  test('a missing directory and a directory given as the file are clear errors', () => {
    expect(() => checkReportPath(join(dir, 'no', 'such', 'r.json'))).toThrow(/^--output .*: directory .* does not exist/);
    expect(() => checkReportPath(dir, '--report')).toThrow(UserError);
    expect(() => checkReportPath(dir, '--report')).toThrow(`--report ${dir}: is a directory`);
    expect(() => checkReportPath(join(dir, 'ok.json'))).not.toThrow();
  });
});

describe('writeReport', () => {
  test('replaces the file in one step, ends it with a newline and leaves no temp file', () => {
    const target = join(dir, 'report.json');
    writeReport(target, 'one');
    writeReport(target, 'two\n');
    expect(readFileSync(target, 'utf8')).toBe('two\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(() => writeReport(join(dir, 'missing-dir', 'r.json'), 'x')).toThrow(UserError);
  });
});
