/**
 * `lambda-roles import` without Terraform: the expression evaluator on what IAM configurations use,
 * every untranslatable part listed with file and line (never dropped), exit 1 unless --allow-partial,
 * the three output formats, and the importer's own input checks (path, .tf files, syntax with the line).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { importTerraform } from '../../../stacks/import';
import { parseExpression, parseTemplateText } from '../../../stacks/import/hcl/parse';
import { evaluate, type Scope } from '../../../stacks/import/hcl/evaluate';
import { convertToType } from '../../../stacks/import/hcl/types';
import { loadDefinition } from '../../../stacks/load-definition';
import { captureIo } from '../../helpers/cli-io';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function root(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-unit-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const scope: Scope = {
  lookup: (name) => {
    if (name === 'var') return { names: ['a', 'b'], m: { x: 1, y: 2 }, flag: true, items: [{ n: 'p' }, { n: 'q' }] };
    throw new Error(`unknown ${name}`);
  },
};
const ev = (text: string) => evaluate(parseExpression(text), scope);

describe('the expression evaluator', () => {
  it.each([
    ['[for k, v in var.m : "${k}=${v}" if v > 1]', ['y=2']],
    ['{ for n in var.names : n => upper(n) }', { a: 'A', b: 'B' }],
    ['{ for i in var.items : i.n => i... }', { p: [{ n: 'p' }], q: [{ n: 'q' }] }],
    ['var.items[*].n', ['p', 'q']],
    ['var.flag ? "yes" : "no"', 'yes'],
    ['try(var.m.z, "fallback")', 'fallback'],
    ['can(var.m.z)', false],
    ['jsondecode(jsonencode({ a = [1, "x"] }))', { a: [1, 'x'] }],
    ['merge({ a = 1 }, [for c in ["x"] : { b = c }]...)', { a: 1, b: 'x' }],
    ['regex("^arn:[\\\\w-]+:iam::(\\\\d{12}|aws):policy/(.*)$", "arn:aws:iam::aws:policy/a/B")', ['aws', 'a/B']],
    ['replace("a/b/c", "/[/]/", "-")', 'a-b-c'],
    ['length(distinct(concat(var.names, ["a"])))', 2],
    ['format("%s.amazonaws.com", "events")', 'events.amazonaws.com'],
    ['title(replace("read_config", "_", " "))', 'Read Config'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });

  it('keeps an IAM policy variable ($${aws:username} in HCL) as the literal it is', () => {
    // hcl2-parser hands the escaped form over unescaped, as "${aws:username}".
    expect(evaluate(parseTemplateText('arn:aws:s3:::home/${aws:username}/*'), scope)).toBe('arn:aws:s3:::home/${aws:username}/*');
  });

  it('gives object attributes their optional() defaults, as Terraform does for module inputs', () => {
    const type = parseTemplateText(
      '${list(object({ sid = optional(string), effect = optional(string, "Allow"), actions = list(string) }))}',
    );
    expect(convertToType([{ actions: ['s3:GetObject'] }], type)).toEqual([{ sid: null, effect: 'Allow', actions: ['s3:GetObject'] }]);
  });
});

const ROLE = `
resource "aws_iam_role" "ok" {
  name               = "worker-exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } } }] })
}
resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.ok.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
resource "aws_iam_role_policy" "home" {
  role   = aws_iam_role.ok.id
  name   = "home"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::home/$\${aws:username}/*" }] })
}
`;
const PARTIAL = `module "remote" {
  source = "terraform-aws-modules/lambda/aws"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

variable "unset" {
  type = string
}

resource "aws_iam_role" "generated" {
  name_prefix        = "gen-"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "unknown" {
  role   = aws_iam_role.ok.name
  name   = var.unset
  policy = "{}"
}
`;

describe('what cannot be translated', () => {
  it('is listed with file and line: a remote module, another resource type, an argument, an unresolvable expression', () => {
    const dir = root({ 'role.tf': ROLE, 'partial.tf': PARTIAL });
    const result = importTerraform(dir, { region: 'us-east-1' });
    const lines = result.untranslated.map((f) => `${f.file.split('/').pop()}:${f.line}`);
    const text = result.untranslated.map((f) => f.message).join('\n');
    expect(lines).toEqual(expect.arrayContaining(['partial.tf:2', 'partial.tf:5', 'partial.tf:14', 'partial.tf:20']));
    expect(text).toMatch(/module\.remote: the module source "terraform-aws-modules\/lambda\/aws" is not a local path/);
    expect(text).toMatch(/aws_s3_bucket\.uploads: aws_s3_bucket is not part of a Lambda function's IAM/);
    expect(text).toMatch(/aws_iam_role\.generated\.name_prefix: the argument name_prefix has no counterpart/);
    expect(text).toMatch(/aws_iam_role_policy\.unknown\.name: cannot be evaluated: variable "unset" has no default/);
    // The translatable role is there, with the policy variable intact.
    const worker = result.definition.functions.find((f) => f.role?.name === 'worker-exec');
    expect(worker?.statements).toEqual([{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::home/${aws:username}/*'] }]);
    expect(result.definition.account).toBe('111122223333');
  });

  it('makes the command exit 1 and write nothing, unless --allow-partial (exit 0, the list on stderr and as comments)', async () => {
    const dir = root({ 'role.tf': ROLE, 'partial.tf': PARTIAL });
    const out = join(dir, 'out', 'stack.yaml');
    mkdirSync(join(dir, 'out'));
    const failed = captureIo();
    expect(await main(['node', 'lambda-roles', 'import', dir, '--out', out, '--region', 'us-east-1'], failed)).toBe(1);
    expect(failed.err()).toMatch(/not translated: .*partial\.tf:2: module\.remote/);
    expect(failed.err()).toMatch(/part\(s\) could not be translated; nothing was written/);
    expect(existsSync(out)).toBe(false);

    const partial = captureIo();
    expect(await main(['node', 'lambda-roles', 'import', dir, '--out', out, '--region', 'us-east-1', '--allow-partial'], partial)).toBe(0);
    expect(partial.err()).toMatch(/not translated: .*partial\.tf:5: aws_s3_bucket\.uploads/);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/^# NOT TRANSLATED/m);
    expect(yaml).toMatch(/^# {3}.*partial\.tf:14: aws_iam_role\.generated\.name_prefix/m);
  });
});

describe('output formats', () => {
  it.each(['stack.yaml', 'stack.json', 'stack.ts'])('%s follows the extension and holds the definition', async (file) => {
    const dir = root({ 'main.tf': ROLE });
    const out = join(dir, file);
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'import', dir, '--out', out, '--region', 'us-east-1', '--name', 'worker'], io)).toBe(0);
    const text = readFileSync(out, 'utf8');
    if (file.endsWith('.ts')) {
      expect(text).toContain("import type { StackDefinition } from 'lambda-roles/stacks';");
      expect(text).toContain('export const worker: StackDefinition = {');
    } else expect(loadDefinition(out)).toMatchObject({ name: 'worker', functions: [{ role: { name: 'worker-exec' } }] });
  });

  it('prints YAML on stdout without --out', async () => {
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'import', root({ 'main.tf': ROLE }), '--region', 'us-east-1'], io)).toBe(0);
    expect(io.out()).toMatch(/^name: import-unit-/m);
  });

  it('refuses another extension, naming the flag and the fix', async () => {
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'import', root({ 'main.tf': ROLE }), '--out', 'x.txt'], io)).toBe(1);
    expect(io.err()).toMatch(/--out x\.txt: "\.txt" is not a definition format\. Fix: end the file name in \.yaml, \.yml, \.json or \.ts/);
  });
});

describe('input checks', () => {
  it.each([
    ['a missing path', () => join(tmpdir(), 'no-such-dir-for-import'), /does not exist\. Fix: pass a directory of \.tf files/],
    ['a directory without .tf files', () => root({ 'README.md': '# none' }), /holds no \.tf files/],
    ['a file that is not .tf', () => join(root({ 'a.tf.json': '{}' }), 'a.tf.json'), /is not a \.tf file/],
    ['an unterminated string', () => root({ 'main.tf': 'locals {\n  a = 1\n  b = "open\n}\n' }), /main\.tf:3: unterminated string/],
    [
      'a block hcl2-parser rejects',
      () => root({ 'main.tf': 'locals {\n  a = 1\n}\n\nresource "aws_iam_role" "r" {\n  name = \n}\n' }),
      /main\.tf:5: the HCL cannot be parsed in resource "aws_iam_role" "r" \(lines 5–7\)/,
    ],
  ])('%s is one error naming it, with exit 1', async (_what, path, message) => {
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'import', path()], io)).toBe(1);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
