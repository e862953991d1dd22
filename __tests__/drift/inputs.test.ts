/** The library checks a run's state inputs once, before reading anything: duplicates are read once, and every bad input is one clear error. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { checkStateInputs, type StateInputs } from '../../drift/inputs';
import { UserError } from '../../shared/errors';

let dir: string;
let stateFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drift-inputs-'));
  stateFile = join(dir, 'terraform.tfstate');
  writeFileSync(stateFile, '{"version":4,"resources":[]}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const message = (inputs: StateInputs) => {
  try {
    checkStateInputs(inputs);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
};

describe('checkStateInputs', () => {
  test('the same file (also under another spelling) and the same stack are one input each', () => {
    expect(checkStateInputs({ stateFiles: [stateFile, stateFile, join(dirname(stateFile), '.', basename(stateFile))] }).stateFiles).toEqual(
      [stateFile],
    );
    const outDir = mkdtempSync(join(tmpdir(), 'lr-outdir-'));
    mkdirSync(join(outDir, 'stacks', 'a'), { recursive: true });
    expect(checkStateInputs({ stacks: ['a', 'a'], outDir }).stacks).toEqual(['a']);
    rmSync(outDir, { recursive: true, force: true });
  });

  test('no state, a missing state file, a directory as state and an unsynthesized stack are clear errors', () => {
    expect(message({})).toMatch(/^no Terraform state given: pass --stack NAME .* or --state FILE/);
    expect(message({ stateFiles: [join(dir, 'nope.tfstate')] })).toBe(
      `--state ${join(dir, 'nope.tfstate')}: file not found; pass the path of a Terraform state file (terraform.tfstate)`,
    );
    expect(message({ stateFiles: [dir] })).toBe(`--state ${dir}: not a file; pass the path of a Terraform state file (terraform.tfstate)`);
    expect(message({ stacks: ['orders'], outDir: dir })).toBe(
      `--stack orders: no synthesized stack at ${join(dir, 'stacks', 'orders')}; run \`npm run synth\` first, or pass --outdir to where it was synthesized`,
    );
    expect(message({ stacks: ['../etc'], outDir: dir })).toMatch(/^--stack "..\/etc": not a valid cdktf stack name/);
  });
});
