import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExpected } from '../../../drift/run-drift';
import { UserError } from '../../../shared/errors';

function writeState(resources: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lr-expected-')), 'terraform.tfstate');
  writeFileSync(file, JSON.stringify({ version: 4, resources }));
  return file;
}

/** One owned function in us-west-2 (so the state's majority region is us-west-2) and a permission naming another by plain name. */
function majorityRegionState(): string {
  return writeState([
    {
      mode: 'managed',
      type: 'aws_lambda_function',
      name: 'f',
      instances: [
        {
          attributes: {
            function_name: 'owned',
            arn: 'arn:aws:lambda:us-west-2:123456789012:function:owned',
            role: 'arn:aws:iam::123456789012:role/r',
          },
        },
      ],
    },
    {
      mode: 'managed',
      type: 'aws_lambda_permission',
      name: 'p',
      instances: [
        { attributes: { function_name: 'elsewhere', statement_id: 'S', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com' } },
      ],
    },
  ]);
}

/** A state whose only Lambda reference is a permission naming its function by plain name. */
function permissionOnlyState(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lr-expected-')), 'terraform.tfstate');
  const permission = {
    function_name: 'orders',
    statement_id: 'AllowSns-alerts',
    action: 'lambda:InvokeFunction',
    principal: 'sns.amazonaws.com',
    source_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
  };
  writeFileSync(
    file,
    JSON.stringify({
      version: 4,
      resources: [{ mode: 'managed', type: 'aws_lambda_permission', name: 'p', instances: [{ attributes: permission }] }],
    }),
  );
  return file;
}

describe('loadExpected', () => {
  it('--region is the region of functions the state names only by plain name', async () => {
    const expected = await loadExpected({ stateFiles: [permissionOnlyState()], region: 'eu-west-1' });
    expect(expected.functions.map((f) => [f.name, f.region])).toEqual([['orders', 'eu-west-1']]);
  });

  it("an explicit --region wins over the region most of the state's functions use", async () => {
    const file = majorityRegionState();
    const regions = async (region?: string) =>
      Object.fromEntries((await loadExpected({ stateFiles: [file], region })).functions.map((f) => [f.name, f.region]));
    expect(await regions('eu-central-1')).toEqual({ owned: 'us-west-2', elsewhere: 'eu-central-1' });
    expect(await regions(undefined)).toEqual({ owned: 'us-west-2', elsewhere: 'us-west-2' });
  });

  it('a state with none of the resource types the check reads is an error, not "in sync"', async () => {
    const empty = writeState([]);
    const bucketsOnly = writeState([{ mode: 'managed', type: 'aws_s3_bucket', name: 'b', instances: [{ attributes: { bucket: 'b' } }] }]);
    await expect(loadExpected({ stateFiles: [empty] })).rejects.toThrow(UserError);
    await expect(loadExpected({ stateFiles: [empty] })).rejects.toThrow(
      `${empty}: no IAM roles, policies or Lambda permissions in this state; wrong file, workspace or backend key?`,
    );
    // One good state does not hide an empty one next to it.
    await expect(loadExpected({ stateFiles: [permissionOnlyState(), bucketsOnly] })).rejects.toThrow(
      `${bucketsOnly}: no IAM roles, policies or Lambda permissions`,
    );
  });

  it('the same state file given twice is read once: its permissions are not doubled', async () => {
    const file = permissionOnlyState();
    const expected = await loadExpected({ stateFiles: [file, file], region: 'eu-west-1' });
    expect(expected.functions).toHaveLength(1);
    expect(expected.functions[0].permissions.map((p) => p.permission.statementId)).toEqual(['AllowSns-alerts']);
  });

  it('no state at all is an error that says what to pass', async () => {
    await expect(loadExpected({})).rejects.toThrow(/^no Terraform state given: pass --stack NAME .* or --state FILE/);
  });
});
