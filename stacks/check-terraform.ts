/**
 * `lambda-roles check` over any Terraform: a Terraform JSON configuration (cdk.tf.json as cdktf writes it,
 * or any hand-written *.tf.json) or the JSON of a plan or state (`terraform show -json plan.out`). The same
 * checks, suppression rules and report as synth, so a plain-HCL repo (the public Lambda module's users
 * included) gets them in CI. Suppressions for HCL live in a suppressions file (`--suppressions`), scoped by
 * Terraform address; cdk.tf.json carries the stack's own in its `//` comment.
 */
import { basename, dirname, extname } from 'node:path';
import { z } from 'zod';
import { runChecks } from '../modules/checks/runner';
import type { TreeChecksReport } from '../modules/checks/aspect';
import { ALL_CHECKS } from '../modules/checks/all-checks';
import type { DeclaredSuppression, PolicyCheck } from '../modules/checks/types';
import { isTerraformShowJson, readPlanJson } from '../modules/checks/terraform/plan-json';
import { readTerraformJson } from '../modules/checks/terraform/terraform-json';
import { isWithin } from '../modules/checks/terraform/check-input';
import type { TerraformResourceInput } from '../modules/checks/terraform/resource-subjects';
import { jsonSyntaxProblem } from '../shared/json-text';
import { NotUtf8Error, readUtf8File } from '../shared/text-file';
import { readYamlFile } from '../shared/yaml-file';

/** What a file given to `check` holds. */
export type CheckFileKind = 'definition' | 'terraform' | 'plan' | 'state';

/** One checked Terraform file: its report, what was judged, and where each resource is. */
export interface TerraformCheckResult {
  readonly file: string;
  readonly kind: 'terraform' | 'plan' | 'state';
  /** The stack name a cdk.tf.json records, else '(terraform)', '(plan)' or '(state)'. */
  readonly stack: string;
  /** The file could not be read or parsed (each names the file and the fix); no checks ran then. */
  readonly inputErrors: readonly string[];
  readonly checks?: TreeChecksReport;
  /** Every checked resource: its address and the path its findings name. */
  readonly resources: readonly Pick<TerraformResourceInput, 'address' | 'path' | 'type'>[];
}

const isTfJson = (file: string) => basename(file).toLowerCase().endsWith('.tf.json');

/**
 * The kind of a file, from its name and, for other .json files, its content: `terraform show -json` output
 * has `format_version` with `planned_values` (a plan) or `values` (a state). Anything else is a definition,
 * which the definition loader reads (and reports on) as before.
 */
export function checkFileKind(file: string): CheckFileKind {
  if (isTfJson(file)) return 'terraform';
  if (extname(file).toLowerCase() !== '.json') return 'definition';
  let doc: unknown;
  try {
    doc = JSON.parse(readUtf8File(file));
  } catch {
    return 'definition'; // unreadable or not JSON: the definition loader names the problem
  }
  if (!isTerraformShowJson(doc)) return 'definition';
  return typeof doc === 'object' && doc !== null && 'planned_values' in doc ? 'plan' : 'state';
}

function readJson(file: string): { doc?: unknown; error?: string } {
  let text: string;
  try {
    text = readUtf8File(file);
  } catch (err) {
    if (err instanceof NotUtf8Error) return { error: err.message };
    return { error: `${file}: cannot be read (${(err as Error).message}). Fix: check the path` };
  }
  try {
    return { doc: JSON.parse(text) };
  } catch (err) {
    return { error: `${file}: is not valid JSON: ${jsonSyntaxProblem(err, text)}. Fix: pass the file terraform or cdktf wrote` };
  }
}

/** The stack name cdktf records in cdk.tf.json (`//.metadata.stackName`). */
function stackNameOf(doc: unknown): string | undefined {
  const comment = (doc as { '//'?: { metadata?: { stackName?: unknown } } } | null)?.['//'];
  const name = comment?.metadata?.stackName;
  return typeof name === 'string' ? name : undefined;
}

export interface CheckTerraformOptions {
  /** From a suppressions file; each applies to the resources at or below its `resource`. @default - none */
  readonly suppressions?: readonly DeclaredSuppression[];
  /** @default ALL_CHECKS */
  readonly checks?: readonly PolicyCheck[];
}

/** Checks one Terraform JSON, plan JSON or state JSON file; never throws for a bad file (the problem is in the result). */
export function checkTerraformFile(
  file: string,
  kind: TerraformCheckResult['kind'],
  options: CheckTerraformOptions = {},
): TerraformCheckResult {
  const fallbackStack = `(${kind})`;
  const { doc, error } = readJson(file);
  if (error !== undefined) return { file, kind, stack: fallbackStack, inputErrors: [error], resources: [] };
  if (kind !== 'terraform' && !isTerraformShowJson(doc)) {
    return {
      file,
      kind,
      stack: fallbackStack,
      inputErrors: [
        `${file}: is not the JSON of a plan or state. Fix: write it with \`terraform show -json plan.out > ${basename(file)}\``,
      ],
      resources: [],
    };
  }
  const all = kind === 'terraform' ? readTerraformJson(doc) : readPlanJson(doc);
  // A suppressions file may cover several inputs: each gets the entries that reach one of its resources.
  const suppressions = (options.suppressions ?? []).filter((d) =>
    all.resources.some((r) => isWithin(r.path, d.at) || isWithin(r.address, d.at)),
  );
  const input = kind === 'terraform' ? readTerraformJson(doc, suppressions) : readPlanJson(doc, suppressions);
  const report = runChecks(input.entries, options.checks ?? ALL_CHECKS, { declared: input.declared });
  return {
    file,
    kind,
    stack:
      (kind === 'terraform' ? stackNameOf(doc) : undefined) ??
      (kind === 'terraform' && basename(file) === 'cdk.tf.json' ? basename(dirname(file)) : fallbackStack),
    inputErrors: [],
    checks: { ...report, notChecked: input.notChecked },
    resources: input.resources.map(({ address, path, type }) => ({ address, path, type })),
  };
}

const suppressionsFileSchema = z
  .object({
    suppressions: z.array(
      z
        .object({
          resource: z.string().min(1, 'name the Terraform address (or module, or construct path) the suppression covers'),
          id: z.string().min(1, "name the check, e.g. 'LR-IAM-WILDCARD-RESOURCE'"),
          appliesTo: z.array(z.string().min(1)).optional(),
          reason: z.string(),
        })
        .strict(),
    ),
  })
  .strict();

/**
 * A suppressions file for Terraform inputs (YAML or JSON):
 *
 *   suppressions:
 *     - resource: module.orders.aws_iam_role_policy.inline   # an address, a module, or a resource without its index
 *       id: LR-IAM-WILDCARD-RESOURCE
 *       appliesTo: ['Resource::*']
 *       reason: cloudwatch:PutMetricData has no resource scoping
 *
 * A reason shorter than 10 characters is reported by the checks (LR-SUPPRESSION-REASON), like everywhere else.
 */
export function loadSuppressionsFile(file: string): DeclaredSuppression[] {
  const { data } = readYamlFile(file, suppressionsFileSchema, { what: 'suppressions file', flag: `--suppressions ${file}` });
  return data.suppressions.map(({ resource, ...suppression }) => ({ at: resource, suppression }));
}

/**
 * Suppressions of a file that reach no resource of any checked Terraform input: reported once, where they
 * were written (`<file>: <resource>`), since no input's run saw them.
 */
export function unreachedSuppressions(
  suppressions: readonly DeclaredSuppression[],
  results: readonly TerraformCheckResult[],
): DeclaredSuppression[] {
  const resources = results.flatMap((r) => r.resources);
  return suppressions.filter((d) => !resources.some((r) => isWithin(r.path, d.at) || isWithin(r.address, d.at)));
}
