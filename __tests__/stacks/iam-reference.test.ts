/**
 * The stacks' synchronous synth and check entry points need the IAM reference the policy checks read. The
 * jest setup loads it for every test file; these cases use a fresh module registry where it is not loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalDefinition } from '../helpers/synth';

type Stacks = typeof import('../../stacks');
type IamData = typeof import('../../modules/checks/iam-data');

async function withFreshModules(use: (stacks: Stacks, iamData: IamData) => void | Promise<void>): Promise<void> {
  await jest.isolateModulesAsync(async () => use(await import('../../stacks'), await import('../../modules/checks/iam-data')));
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-iam-reference-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stacks entry points and the IAM reference', () => {
  it('synthDefinitions and checkDefinition(Paths) refuse to run before loadIamReference(), naming the fix', async () => {
    await withFreshModules((stacks) => {
      const fix = /not loaded.*await loadIamReference\(\)/;
      expect(() => stacks.synthDefinitions([minimalDefinition()], { outDir: dir })).toThrow(fix);
      expect(() => stacks.checkDefinition(minimalDefinition())).toThrow(fix);
      expect(() => stacks.checkDefinitionPaths([dir])).toThrow(fix);
    });
  });

  it('after loadIamReference() the same entry points check and synthesize', async () => {
    await withFreshModules(async (stacks, iamData) => {
      await iamData.loadIamReference();
      expect(stacks.checkDefinition(minimalDefinition()).checks?.errors).toEqual([]);
      expect(stacks.synthDefinitions([minimalDefinition()], { outDir: dir })).toEqual([join(dir, 'stacks', 'unit')]);
    });
  });
});
