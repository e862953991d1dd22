import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExpected } from '../../../drift/run-drift';

/** A state whose only Lambda reference is a permission naming its function by plain name. */
function permissionOnlyState(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lr-expected-')), 'terraform.tfstate');
  const permission = { function_name: 'orders', statement_id: 'AllowSns-alerts', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com', source_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' };
  writeFileSync(file, JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'aws_lambda_permission', name: 'p', instances: [{ attributes: permission }] }] }));
  return file;
}

describe('loadExpected', () => {
  it('--region is the region of functions the state names only by plain name', () => {
    const expected = loadExpected({ stateFiles: [permissionOnlyState()], region: 'eu-west-1' });
    expect(expected.functions.map((f) => [f.name, f.region])).toEqual([['orders', 'eu-west-1']]);
  });

  it('no state at all is an error that says what to pass', () => {
    expect(() => loadExpected({})).toThrow(/pass at least one stack name or state file/);
  });
});
