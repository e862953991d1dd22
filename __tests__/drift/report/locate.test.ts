/**
 * The locate step: where each finding's resource is declared. Plain-HCL states point at the .tf line (local
 * modules followed, remote ones at their call), stacks at their definition file or their real synthesized
 * cdk.tf.json, and anything unreadable at a fallback that is still a valid location, never a crash.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftFinding, SourceLocation } from '../../../drift/model';
import { buildReport, checkLocateOptions, locateFindings, parseDefinitionSpec, type LocateOptions } from '../../../drift/report';
import { UserError } from '../../../shared/errors';
import { loadDefinition } from '../../../stacks/load-definition';
import { synthDefinitions } from '../../../stacks/synth';
import { FIXED_REPORT, STATE_FILE, fixtureReport } from '../fixtures/pipeline';

const template = fixtureReport('live-drifted.json').findings[0];
const finding = (source: string, type: string, address: string | null, name = 'x'): DriftFinding => ({
  ...template,
  source,
  resource: { type, name, arn: null, address },
});
const locate = (f: DriftFinding, options: LocateOptions): SourceLocation => {
  const report = buildReport({ findings: [f], errors: [], counts: { roles: 1, functions: 0 }, ...FIXED_REPORT });
  return locateFindings(report, options).findings[0].location!;
};
/** The text of the line a location names. */
const lineAt = (root: string, at: SourceLocation) => readFileSync(join(root, at.path), 'utf8').split('\n')[at.line - 1];

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'locate-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('a state from a plain-HCL repo', () => {
  const fixtures = join(__dirname, '..');
  const state = 'fixtures/plain-hcl.tfstate.json';

  it('points at the resource block, following a local module to its file', () => {
    const inModule = locate(finding(state, 'aws_iam_role', 'module.svc["orders"].aws_iam_role.this'), { sourceRoot: fixtures });
    expect(inModule).toMatchObject({ path: 'fixtures/plain-hcl/modules/fn-role/main.tf', kind: 'terraform' });
    expect(lineAt(fixtures, inModule)).toMatch(/^resource "aws_iam_role" "this"/);
    const counted = locate(finding(state, 'aws_iam_role', 'aws_iam_role.worker[1]'), { sourceRoot: fixtures });
    expect(counted).toMatchObject({ path: 'fixtures/plain-hcl/main.tf', kind: 'terraform' });
    expect(lineAt(fixtures, counted)).toMatch(/^resource "aws_iam_role" "worker"/);
  });

  it('prefers a root module over a module folder declaring the same name; stops at a remote module call', () => {
    mkdirSync(join(root, 'modules', 'fn'), { recursive: true });
    writeFileSync(join(root, 'modules', 'fn', 'main.tf'), 'variable "n" {}\n\nresource "aws_iam_role" "this" {\n  name = var.n\n}\n');
    writeFileSync(
      join(root, 'main.tf'),
      [
        'module "fn" {',
        '  source = "./modules/fn"',
        '  n      = "a"',
        '}',
        'module "remote" {',
        '  tags   = { source = "not-this" }',
        '  source = "terraform-aws-modules/lambda/aws"',
        '}',
        'resource "aws_iam_role" "this" {',
        '  name = "root"',
        '}',
      ].join('\n'),
    );
    expect(locate(finding('t.tfstate', 'aws_iam_role', 'aws_iam_role.this'), { sourceRoot: root })).toEqual({
      path: 'main.tf',
      line: 9,
      kind: 'terraform',
    });
    expect(locate(finding('t.tfstate', 'aws_iam_role', 'module.fn.aws_iam_role.this'), { sourceRoot: root })).toEqual({
      path: 'modules/fn/main.tf',
      line: 3,
      kind: 'terraform',
    });
    expect(locate(finding('t.tfstate', 'aws_iam_role', 'module.remote.aws_iam_role.lambda[0]'), { sourceRoot: root })).toEqual({
      path: 'main.tf',
      line: 5,
      kind: 'terraform',
    });
  });

  it('falls back to the state file line when no .tf declares it, then to line 1 of the state path', () => {
    copyFileSync(STATE_FILE, join(root, 'prod.tfstate'));
    // A state path is as given on the command line: here absolute, inside the source root.
    const inState = locate(finding(join(root, 'prod.tfstate'), 'aws_iam_role', 'aws_iam_role.worker[0]'), { sourceRoot: root });
    expect(inState).toMatchObject({ path: 'prod.tfstate', kind: 'state' });
    expect(lineAt(root, inState)).toContain('"type": "aws_iam_role"');
    expect(readFileSync(join(root, 'prod.tfstate'), 'utf8').split('\n')[inState.line]).toContain('"name": "worker"');
    expect(locate(finding('gone/terraform.tfstate', 'aws_iam_role', 'aws_iam_role.x'), { sourceRoot: root })).toEqual({
      path: 'gone/terraform.tfstate',
      line: 1,
      kind: 'state',
    });
    // Outside the repository: not linkable, so the file's name (GitHub then shows the alert without a snippet).
    expect(locate(finding('/elsewhere/prod/terraform.tfstate', 'aws_iam_role', null), { sourceRoot: root })).toEqual({
      path: 'terraform.tfstate',
      line: 1,
      kind: 'state',
    });
  });
});

describe('a stack', () => {
  const DEFINITION = [
    '# The shop stack: one function behind API Gateway, one worker.',
    'name: shop',
    'region: us-east-1',
    'account: "000000000000"',
    'functions:',
    '  - name: shop-api',
    '    existing: shop-api',
    '    role:',
    '      description: Serves the shop',
    '    statements:',
    '      - sid: Read',
    '        actions: [dynamodb:GetItem]',
    '        resources: ["arn:aws:dynamodb:us-east-1:000000000000:table/Shop"]',
    '    invokers:',
    '      - kind: api-gateway',
    '        name: get-items',
    '        sourceArn: arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/items',
    '  - name: shop-worker',
    '    existing: shop-worker',
    '',
  ].join('\n');
  let outDir: string;
  let definition: string;
  let resources: Record<string, string[]>;

  beforeEach(() => {
    definition = join(root, 'stacks', 'shop.yaml');
    mkdirSync(join(root, 'stacks'));
    writeFileSync(definition, DEFINITION);
    outDir = join(root, 'cdktf.out');
    synthDefinitions([loadDefinition(definition)], { outDir });
    const json = JSON.parse(readFileSync(join(outDir, 'stacks', 'shop', 'cdk.tf.json'), 'utf8')) as { resource: Record<string, object> };
    resources = Object.fromEntries(Object.entries(json.resource).map(([type, byName]) => [type, Object.keys(byName)]));
  }, 60_000);

  const address = (type: string, prefix: string) => `${type}.${resources[type].find((n) => n.startsWith(prefix))!}`;

  it('points at the resource in the synthesized cdk.tf.json when no definition is known', () => {
    const role = address('aws_iam_role', 'shop-api_role');
    const at = locate(finding('stack shop', 'aws_iam_role', role), { sourceRoot: root, outDir });
    expect(at).toMatchObject({ path: 'cdktf.out/stacks/shop/cdk.tf.json', kind: 'synthesized' });
    expect(lineAt(root, at).trim()).toBe(`"${role.split('.')[1]}": {`);
  });

  it('points into the definition file: the role key, the invoker, the function', () => {
    const options = { sourceRoot: root, outDir, definitions: { shop: definition } };
    const at = (type: string, prefix: string) => locate(finding('stack shop', type, address(type, prefix)), options);
    expect(at('aws_iam_role', 'shop-api_role')).toEqual({ path: 'stacks/shop.yaml', line: 8, kind: 'definition' });
    expect(at('aws_iam_role_policy', 'shop-api_role_inline')).toMatchObject({ line: 8 });
    expect(at('aws_lambda_permission', 'shop-api_invoke')).toMatchObject({ line: 16 });
    // shop-worker declares no role key: its function's line.
    expect(at('aws_iam_role', 'shop-worker_role')).toMatchObject({ line: 18 });
  });

  it('falls back to the stack cdk.tf.json path, line 1, when nothing was synthesized', () => {
    expect(locate(finding('stack other', 'aws_iam_role', 'aws_iam_role.x'), { sourceRoot: root, outDir })).toEqual({
      path: 'cdktf.out/stacks/other/cdk.tf.json',
      line: 1,
      kind: 'synthesized',
    });
  });
});

describe('the options a person types', () => {
  it('parses --definition STACK=FILE and rejects anything else', () => {
    expect(parseDefinitionSpec('shop=stacks/shop.yaml')).toEqual(['shop', 'stacks/shop.yaml']);
    expect(() => parseDefinitionSpec('shop.yaml')).toThrow(
      new UserError('--definition "shop.yaml": expected STACK=FILE, e.g. --definition orders-api=stacks/orders-api.yaml'),
    );
  });

  it('names the flag, the value and the fix', () => {
    const file = join(root, 'shop.yaml');
    writeFileSync(file, 'name: shop\n');
    expect(() => checkLocateOptions({ sourceRoot: file })).toThrow(
      /^--source-root .*shop\.yaml: not a directory; pass the repository root/,
    );
    expect(() => checkLocateOptions({ definitions: { shop: file } }, [])).toThrow(
      /^--definition shop=.*: no --stack shop is checked; pass --stack shop too, or drop this --definition$/,
    );
    expect(() => checkLocateOptions({ definitions: { shop: join(root, 'nope.yaml') } }, ['shop'])).toThrow(
      /^--definition shop=.*nope\.yaml: file not found; pass the file that defines stack shop$/,
    );
    expect(() => checkLocateOptions({ sourceRoot: root, definitions: { shop: file } }, ['shop'])).not.toThrow();
  });
});
