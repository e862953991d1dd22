/**
 * `importTerraform`: existing Terraform (a root module and the local modules it calls) → a stack
 * definition reproducing its Lambda IAM, with every part it could not translate listed by file and line.
 * The function owns its input checks (path, .tf files, syntax); the CLI only parses flags.
 */
import { basename } from 'node:path';
import { partitionForRegion, REGION_PATTERN } from '../../shared/aws/partition';
import type { StackDefinition } from '../definition';
import { DefinitionError, formatProblem, validateDefinition } from '../validate-definition';
import { materialize } from './hcl/values';
import { evaluateRoot, type Finding, type ModuleInstance } from './model';
import { ImportInputError } from './load';
import { translate } from './translate';

export type { Finding } from './model';
export { ImportInputError } from './load';

export interface ImportOptions {
  /** The account of the ARNs the configuration computes (data.aws_caller_identity, role and policy ARNs). @default - the account most ARNs in the configuration name */
  readonly account?: string;
  /** @default - the root module's aws provider region */
  readonly region?: string;
  /** The stack name. @default - the directory's name */
  readonly name?: string;
  /** Local code paths (filename) as the definition should hold them. @default - as evaluated (absolute) */
  readonly relativePath?: (path: string) => string;
}

export interface ImportResult {
  readonly definition: StackDefinition;
  /** What the definition does not reproduce: the command fails on any unless --allow-partial. */
  readonly untranslated: readonly Finding[];
  /** Said differently with the same meaning (merged inline policies, generator statement ids…). */
  readonly notes: readonly Finding[];
}

const ACCOUNT_IN_ARN = /arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}):/g;

/** The account most ARNs (and aws:SourceAccount values) in the evaluated configuration name. */
function inferAccount(root: ModuleInstance): string | undefined {
  const counts = new Map<string, number>();
  for (const i of root.allInstances())
    for (const n of i.argNames) {
      const text = JSON.stringify(materialize(i.arg(n))) ?? '';
      for (const m of text.matchAll(ACCOUNT_IN_ARN)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
      for (const m of text.matchAll(/aws:SourceAccount\\?":\\?"(\d{12})/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function providerRegion(root: ModuleInstance): string | undefined {
  // The first default aws provider block that sets a region (an override.tf may add one without).
  const aws = root.files.providers.find((p) => p.name === 'aws' && p.body.alias === undefined && p.body.region !== undefined);
  const region = aws ? root.evaluateRaw(aws.body.region) : undefined;
  return typeof region === 'string' ? region : undefined;
}

export function importTerraform(path: string, options: ImportOptions = {}): ImportResult {
  if (options.account !== undefined && !/^\d{12}$/.test(options.account))
    throw new ImportInputError(
      `import: --account ${JSON.stringify(options.account)} is not an AWS account id. Fix: write the 12-digit id, e.g. 123456789012`,
    );
  if (options.region !== undefined && !REGION_PATTERN.test(options.region))
    throw new ImportInputError(`import: --region ${JSON.stringify(options.region)} is not an AWS region. Fix: write it like us-east-1`);
  const evaluate = (region: string, account: string | undefined) =>
    evaluateRoot(path, { region, partition: partitionForRegion(region), account });
  const findings: Finding[] = [];
  let root = evaluate(options.region ?? 'us-east-1', options.account);
  const region = options.region ?? providerRegion(root);
  if (!region)
    findings.push({
      file: basename(root.files.dir),
      line: 1,
      message: 'the aws provider names no region: pass --region (us-east-1 is written meanwhile)',
    });
  const account = options.account ?? inferAccount(root);
  if (!account)
    findings.push({
      file: basename(root.files.dir),
      line: 1,
      message: 'no ARN names the account: pass --account (000000000000 is written meanwhile)',
    });
  if ((region && region !== 'us-east-1') || account) root = evaluate(region ?? 'us-east-1', account);

  const ctx = {
    account: account ?? '000000000000',
    region: region ?? 'us-east-1',
    partition: partitionForRegion(region ?? 'us-east-1'),
    relativePath: options.relativePath ?? ((p: string) => p),
  };
  const result = translate(root.allInstances(), ctx);
  const untranslated = [...findings, ...root.allFindings(), ...result.untranslated];
  const name =
    (options.name ?? basename(root.files.dir))
      .replace(/[^\w-]/g, '-')
      .replace(/^[^A-Za-z]+/, '')
      .slice(0, 64) || 'imported';
  let definition: StackDefinition = { name, region: ctx.region, account: ctx.account, functions: result.functions };
  if (!result.functions.length)
    untranslated.push({ file: basename(root.files.dir), line: 1, message: 'no aws_iam_role was found: there is no Lambda IAM to import' });
  else {
    try {
      definition = validateDefinition(definition);
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      for (const p of err.problems)
        untranslated.push({
          file: basename(root.files.dir),
          line: 1,
          message: `the imported definition is not valid: ${formatProblem(p)}`,
        });
    }
  }
  const order = (a: Finding, b: Finding) => a.file.localeCompare(b.file) || a.line - b.line;
  return { definition, untranslated: untranslated.sort(order), notes: [...result.notes].sort(order) };
}
