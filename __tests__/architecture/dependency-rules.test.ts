/**
 * The architecture rules (.dependency-cruiser.js) are enforced by `npm run lint:deps` in `npm test`. These
 * tests prove the rules can fail: a small tree that breaks each rule on purpose must be reported, rule by
 * rule, while the same tree without the offending imports passes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

function cruise(files: Record<string, string>): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'lr-arch-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    copyFileSync(join(ROOT, '.dependency-cruiser.js'), join(dir, '.dependency-cruiser.js'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true } }),
    );
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const folders = [...new Set(Object.keys(files).map((f) => f.split('/')[0]))];
    let out: string;
    try {
      out = execFileSync(
        join(ROOT, 'node_modules', '.bin', 'depcruise'),
        ['--config', '.dependency-cruiser.js', '--output-type', 'json', ...folders],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
    } catch (err) {
      out = (err as { stdout: string }).stdout; // depcruise exits non-zero when it finds violations
    }
    return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CLEAN: Record<string, string> = {
  'drift/model/index.ts': 'export type X = 1;\n',
  'drift/normalize/n.ts': "import type { X } from '../model';\nexport const n: X = 1;\n",
  'drift/live/read.ts': "import { n } from '../normalize/n';\nexport const read = n;\n",
  'drift/compare/compare.ts': "import { n } from '../normalize/n';\nexport const compare = n;\n",
  'drift/run-drift.ts':
    "import { read } from './live/read';\nimport { compare } from './compare/compare';\nexport const run = read + compare;\n",
  'cli/main.ts': "import { run } from '../drift/run-drift';\nexport const main = run;\n",
  'shared/errors.ts': 'export class UserError extends Error {}\n',
  'modules/role.ts':
    "import { UserError } from '../shared/errors';\nimport { Token } from './cdk/core';\nexport const role = [UserError, Token];\n",
  'modules/cdk/core.ts': "export { Token } from 'cdktf';\n",
  'modules/cdk/aws.ts': "export { IamRole } from '@cdktf/provider-aws/lib/iam-role';\n",
  'stacks/build.ts': "import { IamRole } from '../modules/cdk/aws';\nexport const build = IamRole;\n",
};

describe('the dependency rules', () => {
  it('pass a tree that follows them', () => {
    expect(cruise(CLEAN)).toEqual([]);
  });

  it.each([
    [
      'a stage importing another stage',
      'drift/compare/compare.ts',
      "import { read } from '../live/read';\nexport const compare = read;\n",
      'drift-stage-compare-alone',
    ],
    [
      'a library below the stages importing a stage',
      'drift/normalize/n.ts',
      "import { read } from '../live/read';\nexport const n = read;\n",
      'drift-libraries-below-stages',
    ],
    [
      'drift importing the CLI',
      'drift/live/read.ts',
      "import { main } from '../../cli/main';\nexport const read = main;\n",
      'drift-not-upwards',
    ],
    [
      'the generator importing drift',
      'modules/role.ts',
      "import { run } from '../drift/run-drift';\nexport const role = run;\n",
      'generator-not-drift',
    ],
    [
      'shared importing a layer above it',
      'shared/errors.ts',
      "import { role } from '../modules/role';\nexport const UserError = role;\n",
      'shared-at-the-bottom',
    ],
    [
      'the ignore rules importing another drift folder',
      'drift/ignore/apply.ts',
      "import { n } from '../normalize/n';\nexport const apply = n;\n",
      'drift-ignore-is-data',
    ],
    [
      'the drift check loading cdktf',
      'drift/live/read.ts',
      "import { Token } from 'cdktf';\nexport const read = Token;\n",
      'cdktf-inside-the-generator',
    ],
    [
      'the importer comparing with drift/normalize',
      'stacks/import/translate.ts',
      "import { n } from '../../drift/normalize/n';\nexport const translate = n;\n",
      'importer-reads-no-drift-nor-cdktf',
    ],
    [
      'the importer loading cdktf',
      'stacks/import/translate.ts',
      "import { Token } from 'cdktf';\nexport const translate = Token;\n",
      'importer-reads-no-drift-nor-cdktf',
    ],
    [
      'a construct importing cdktf outside the boundary',
      'modules/role.ts',
      "import { Token } from 'cdktf';\nexport const role = Token;\n",
      'cdk-boundary',
    ],
    [
      'stacks/ importing a provider resource outside the boundary',
      'stacks/build.ts',
      "import { IamRole } from '@cdktf/provider-aws/lib/iam-role';\nexport const build = IamRole;\n",
      'cdk-boundary',
    ],
    [
      'the CLI loading cdktf through the boundary',
      'cli/main.ts',
      "import { Token } from '../modules/cdk/core';\nexport const main = Token;\n",
      'cdktf-inside-the-generator',
    ],
  ])('report %s', (_what, file, text, rule) => {
    expect(cruise({ ...CLEAN, [file]: text }).map((v) => v.rule.name)).toContain(rule);
  });

  it('report an import cycle', () => {
    const cycle = {
      ...CLEAN,
      'cli/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'cli/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    };
    expect(cruise(cycle).map((v) => v.rule.name)).toContain('no-circular');
  });
});
