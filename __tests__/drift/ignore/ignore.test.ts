/**
 * Ignore rules as data: the glob syntax, when a rule matches a finding, applying rules (ignored findings set
 * apart and not counted, expired rules stop applying, unused rules warned about), the file's validation with
 * file:line errors, and the starting file --write-ignore writes (which fails validation until a person gives
 * every reason). Findings are real ones, from the pure pipeline over the plain-HCL fixtures.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftFinding, IgnoreRuleRef } from '../../../drift/model';
import {
  applyIgnoreRules,
  checkWriteIgnorePath,
  globMatches,
  loadIgnoreFile,
  loadIgnoreRules,
  ruleMatches,
  startingIgnoreFile,
  writeStartingIgnoreFile,
} from '../../../drift/ignore';
import { buildReport, exitCodeFor } from '../../../drift/report';
import { UserError } from '../../../shared/errors';
import { fixtureReport } from '../fixtures/pipeline';

const FINDINGS: readonly DriftFinding[] = fixtureReport('live-drifted.json', []).findings;
const find = (code: string, name?: string) => FINDINGS.find((f) => f.code === code && (!name || f.resource.name.includes(name)))!;
const rule = (over: Partial<IgnoreRuleRef>): IgnoreRuleRef => ({
  code: '*',
  resource: '*',
  reason: 'acknowledged in a test, with a reason',
  at: '.lambda-roles-ignore.yaml:2',
  ...over,
});

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ignore-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const loadError = (text: string): string => {
  const file = write('rules.yaml', text);
  try {
    loadIgnoreFile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message.split(`${file}:`).join('F:');
  }
  throw new Error('expected a UserError');
};

describe('glob syntax', () => {
  it.each([
    ['image-processor-*', 'image-processor-exec/arn:aws:iam::aws:policy/AdministratorAccess', true], // * crosses / and :
    ['arn:aws:iam::111111111111:role/*', 'arn:aws:iam::111111111111:role/path/x', true],
    ['arn:aws:iam::111111111111:role/*', 'arn:aws:iam::000000000000:role/x', false],
    ['worker-?', 'worker-1', true],
    ['worker-?', 'worker-10', false],
    ['aws_iam_role.worker[1]', 'aws_iam_role.worker[1]', true], // [ ] and . are literal
    ['aws_iam_role.worker[1]', 'aws_iam_role_worker_1_', false],
    ['module.svc["orders"].*', 'module.svc["orders"].aws_iam_role.this', true],
    ['Orders', 'orders', false], // case-sensitive
    ['orders', 'orders-api', false], // whole value
  ])('%s vs %s → %s', (glob, value, expected) => {
    expect(globMatches(glob, value)).toBe(expected);
  });
});

describe('a rule matches a finding', () => {
  const admin = find('MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', 'AdministratorAccess');

  it('by code (or *) and a resource glob over the address, the name or the ARN', () => {
    expect(ruleMatches(rule({ code: admin.code, resource: 'svc-orders/*' }), admin)).toBe(true); // name
    expect(ruleMatches(rule({ code: admin.code, resource: 'module.svc["orders"].*' }), admin)).toBe(true); // address
    expect(ruleMatches(rule({ code: admin.code, resource: admin.resource.arn! }), admin)).toBe(true); // ARN
    expect(ruleMatches(rule({ code: 'TAGS_CHANGED', resource: 'svc-orders/*' }), admin)).toBe(false); // other code
    expect(ruleMatches(rule({ code: admin.code, resource: 'svc-billing/*' }), admin)).toBe(false); // other resource
  });

  it('with an account glob only in that account (the same stack in two accounts has the same names)', () => {
    expect(admin.account).toBe('000000000000');
    expect(ruleMatches(rule({ resource: 'svc-orders/*', account: '000000000000' }), admin)).toBe(true);
    expect(ruleMatches(rule({ resource: 'svc-orders/*', account: '0000*' }), admin)).toBe(true);
    expect(ruleMatches(rule({ resource: 'svc-orders/*', account: '111111111111' }), admin)).toBe(false);
    expect(ruleMatches(rule({ resource: 'svc-orders/*', account: '000000000000' }), { ...admin, account: null })).toBe(false);
  });

  it('with a property glob only when every difference path matches it', () => {
    const tags = find('TAGS_CHANGED');
    expect(ruleMatches(rule({ property: 'Tags.*' }), tags)).toBe(true);
    expect(ruleMatches(rule({ property: 'Tags.owner' }), tags)).toBe(false);
    const mixed: DriftFinding = { ...tags, differences: [...tags.differences, { ...tags.differences[0], path: 'Description' }] };
    expect(ruleMatches(rule({ property: 'Tags.*' }), mixed)).toBe(false);
  });
});

describe('applying rules', () => {
  const now = new Date('2027-01-31T23:00:00Z');

  it('sets matched findings apart; they never count toward the exit code', () => {
    const critical = FINDINGS.filter((f) => f.severity === 'critical');
    const rules = critical.map((f, i) => rule({ code: f.code, resource: f.resource.name, at: `r.yaml:${i + 2}` }));
    const result = applyIgnoreRules(critical, rules, now);
    expect(result.findings).toEqual([]);
    expect(result.ignored.map((i) => i.finding)).toEqual(critical);
    expect(result.ignored[0].rule).toBe(rules[0]);
    const report = buildReport({ findings: result.findings, ignored: result.ignored, errors: [], counts: { roles: 1, functions: 1 } });
    expect({ exit: exitCodeFor(report), verdict: report.verdict, ignored: report.summary.ignored }).toEqual({
      exit: 0,
      verdict: 'in-sync',
      ignored: critical.length,
    });
  });

  it('an expired rule stops applying after the end of its day (UTC): the finding comes back with a warning naming the rule', () => {
    const tags = find('TAGS_CHANGED');
    const r = rule({ code: 'TAGS_CHANGED', resource: tags.resource.name, expires: '2027-01-31', at: 'r.yaml:7' });
    expect(applyIgnoreRules([tags], [r], new Date('2027-01-31T23:59:59Z')).ignored).toHaveLength(1); // still that day
    const after = applyIgnoreRules([tags], [r], new Date('2027-02-01T00:00:00Z'));
    expect(after.findings).toEqual([tags]);
    expect(after.ignored).toEqual([]);
    expect(after.warnings).toEqual([
      {
        code: 'IGNORE_RULE_EXPIRED',
        rule: 'r.yaml:7',
        message: expect.stringMatching(/^ignore rule r\.yaml:7 .* expired at the end of 2027-01-31/),
      },
    ]);
  });

  it('a rule that matched nothing is a warning; the first matching rule wins, so a later duplicate is unused', () => {
    const tags = find('TAGS_CHANGED');
    const first = rule({ code: 'TAGS_CHANGED', at: 'r.yaml:2' });
    const again = rule({ code: 'TAGS_CHANGED', at: 'r.yaml:8' });
    const none = rule({ code: 'ROLE_DELETED', resource: 'no-such-role', at: 'r.yaml:14' });
    const result = applyIgnoreRules([tags], [first, again, none], now);
    expect(result.ignored.map((i) => i.rule.at)).toEqual(['r.yaml:2']);
    expect(result.warnings.map((w) => [w.code, w.rule])).toEqual([
      ['IGNORE_RULE_UNUSED', 'r.yaml:8'],
      ['IGNORE_RULE_UNUSED', 'r.yaml:14'],
    ]);
  });
});

describe('the ignore file', () => {
  it('reads the README example, keeping every scalar as written, with each rule at file:line', () => {
    const file = write(
      'rules.yaml',
      [
        'rules:',
        '  - code: MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
        '    resource: "image-processor-*"',
        '    reason: "break-glass access during the incident, removed by the on-call"',
        '    expires: 2027-01-31',
        '    owner: platform-team',
        '  - code: "*"',
        '    resource: arn:aws:iam::000000000000:role/*',
        '    property: Tags.*',
        '    reason: tags are managed by the cost tooling',
        '    owner: ""',
        '',
      ].join('\n'),
    );
    expect(loadIgnoreFile(file)).toEqual([
      {
        code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
        resource: 'image-processor-*',
        reason: 'break-glass access during the incident, removed by the on-call',
        expires: '2027-01-31',
        owner: 'platform-team',
        at: `${file}:2`,
      },
      {
        code: '*',
        resource: 'arn:aws:iam::000000000000:role/*',
        property: 'Tags.*',
        reason: 'tags are managed by the cost tooling',
        at: `${file}:7`,
      },
    ]);
  });

  it('names the file, the line, the field, the value and the fix for each bad rule', () => {
    const text = [
      'rules:',
      '  - code: MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFOR',
      '    resource: "x-*"',
      '    reason: "break-glass access during the incident"',
      '  - code: TAGS_CHANGED',
      '    resource: y',
      '    reason: ok',
      '    expires: 2027-02-30',
      '    colour: red',
      '  - code: TAGS_CHANGED',
      '    resource: w',
      '    reason: tags are set by the cost tooling',
      '    expires: 2027-13-45',
      '    account: 1234',
      '  - resource: z',
      '    reason: needed for now, see ticket',
      '    expires: 31/01/2027',
      '',
    ].join('\n');
    expect(loadError(text).split('\n')).toEqual([
      'F:2: rules[0].code: "MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFOR": not a finding code; use "*" or a code from the README, e.g. MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
      'F:7: rules[1].reason: "ok": is too short; say why this is acceptable in at least 10 characters (not "ok" or "needed")',
      'F:8: rules[1].expires: "2027-02-30": not a calendar date; expected YYYY-MM-DD, e.g. 2027-01-31',
      'F:9: rules[1].colour: unknown field; a rule has code, resource, property, account, reason, expires and owner',
      'F:13: rules[2].expires: "2027-13-45": not a calendar date; expected YYYY-MM-DD, e.g. 2027-01-31',
      'F:14: rules[2].account: "1234": expected a 12-digit account id (quoted), or a glob of digits, * and ?',
      'F:15: rules[3].code: missing; give a finding code (see the README) or "*" for any code',
      'F:17: rules[3].expires: "31/01/2027": expected a date YYYY-MM-DD, e.g. 2027-01-31 (the rule applies through that day, UTC)',
    ]);
  });

  it('a YAML syntax error and a wrong shape are named by line too', () => {
    expect(loadError('rules:\n  - code: TAGS_CHANGED\n    resource: [a\n')).toMatch(
      /^F:4:1: not valid YAML: Flow sequence .* must .* end with a \]/,
    );
    expect(loadError('- code: TAGS_CHANGED\n')).toBe(
      'F:1: (file): a list of 1 item(s): expected a mapping with `rules:`, a list of rules (see the README)',
    );
    expect(loadError('rules:\n  - code: TAGS_CHANGED\n  code: x\n')).toMatch(/^F:\d+:\d+: not valid YAML/);
  });

  it('is .lambda-roles-ignore.yaml by default when it exists; a named file must exist', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(loadIgnoreRules(undefined)).toEqual([]);
      writeFileSync('.lambda-roles-ignore.yaml', 'rules:\n  - code: "*"\n    resource: x\n    reason: a reason long enough\n');
      expect(loadIgnoreRules(undefined).map((r) => r.at)).toEqual(['.lambda-roles-ignore.yaml:2']);
      expect(() => loadIgnoreRules('other.yaml')).toThrow(
        '--ignore-file other.yaml: file not found; pass the path of an ignore file, or leave the flag out',
      );
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('the starting file (--write-ignore)', () => {
  it('has one rule per finding that names only that finding, and fails validation until every reason is given', () => {
    const file = join(dir, 'start.yaml');
    writeStartingIgnoreFile(file, FINDINGS);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Ignore rules for lambda-roles drift/);
    const problems = (() => {
      try {
        loadIgnoreFile(file);
        return [];
      } catch (err) {
        return (err as Error).message.split('\n');
      }
    })();
    expect(problems).toHaveLength(FINDINGS.length);
    expect(problems.every((l) => /: rules\[\d+\]\.reason: "TODO: .*": is a placeholder; replace it/.test(l))).toBe(true);

    // Filled in by a person: every finding is ignored, each by its own rule.
    writeFileSync(file, text.replace(/reason: .*TODO.*/g, 'reason: accepted by the platform team in review'));
    const rules = loadIgnoreFile(file);
    const applied = applyIgnoreRules(FINDINGS, rules);
    expect(applied.findings).toEqual([]);
    expect(applied.warnings).toEqual([]);
    expect(new Set(applied.ignored.map((i) => i.rule.at)).size).toBe(FINDINGS.length);
    expect(rules.every((r) => r.owner === undefined)).toBe(true);
  });

  it('never replaces an existing file, and checks the path before the run', () => {
    const file = write('existing.yaml', 'rules: []\n');
    expect(() => checkWriteIgnorePath(file)).toThrow(/the file exists; a starting file never replaces rules people wrote/);
    expect(() => writeStartingIgnoreFile(file, FINDINGS)).toThrow(/the file exists/);
    expect(readFileSync(file, 'utf8')).toBe('rules: []\n');
    expect(readdirSync(dir)).toEqual(['existing.yaml']); // no temp file left behind
    expect(() => checkWriteIgnorePath(join(dir, 'no', 'such', 'x.yaml'))).toThrow(/directory .* does not exist/);
    expect(existsSync(join(dir, 'new.yaml'))).toBe(false);
    expect(() => checkWriteIgnorePath(join(dir, 'new.yaml'))).not.toThrow();
  });

  it('with no findings is an empty, valid rules file', () => {
    const file = join(dir, 'empty.yaml');
    writeFileSync(file, startingIgnoreFile([]));
    expect(loadIgnoreFile(file)).toEqual([]);
  });
});

test('the documented example (docs/examples/.lambda-roles-ignore.yaml) is a valid ignore file', () => {
  const example = join(__dirname, '..', '..', '..', 'docs', 'examples', '.lambda-roles-ignore.yaml');
  expect(loadIgnoreFile(example).map((r) => [r.code, r.resource, r.at.replace(/^.*\//, '')])).toEqual([
    ['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', 'image-processor-*', '.lambda-roles-ignore.yaml:11'],
    ['TAGS_CHANGED', 'arn:aws:iam::222222222222:role/*', '.lambda-roles-ignore.yaml:18'],
  ]);
});
