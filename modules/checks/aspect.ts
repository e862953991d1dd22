/**
 * LambdaRolesChecks: the policy checks as a cdktf Aspect, cdk-nag style. Added to a stack (buildStack does),
 * it judges every IAM role, policy, role policy, attachment and Lambda permission in the tree below it:
 * raw @cdktf/provider-aws resources, third-party constructs and ours alike.
 *
 * One path, no double checks: only the L1 resources are judged, from their synthesized attributes, through
 * the same reader `lambda-roles check` uses for cdk.tf.json (terraform/terraform-json.ts). Our constructs
 * add nothing but suppressions (construct metadata, suppressions.ts) to the tree.
 *
 * When: the Aspect records the resources it visits; a validation on their stack, which cdktf runs after
 * every Aspect, judges them. Errors are returned from it, so synth fails listing them. Warnings become
 * annotations on the resource (`cdktf synth` prints them). The suppressions applied, the policies that could
 * not be judged and the summary are informational lines on stdout (under `cdktf synth`, stderr shows as red
 * [ERROR]). The stack's suppressions are also written into cdk.tf.json as a `//` comment (when the Aspect
 * first visits the stack), so `lambda-roles check cdk.tf.json` reports what synth reported.
 */
import type { IConstruct } from 'constructs';
import {
  Annotations,
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformResource,
  TerraformStack,
  Tokenization,
  type IAspect,
} from '../cdk/core';
import { ALL_CHECKS } from './all-checks';
import { formatFinding, formatSuppressed, runChecks, type ChecksReport } from './runner';
import type { CheckEntry, PolicyCheck, Suppression } from './types';
import { addSuppressions, suppressionsUnder } from './suppressions';
import { isCheckedResourceType, type NotChecked } from './terraform/resource-subjects';
import { readTerraformJson, type TerraformJsonInput } from './terraform/terraform-json';
import { isWithin, SYNTH_COMMENT_KEY, toRecords } from './terraform/check-input';

export interface LambdaRolesChecksProps {
  /** @default ALL_CHECKS */
  readonly checks?: readonly PolicyCheck[];
  /**
   * Where the informational lines go: each suppression applied (with its reason), each policy that could not
   * be judged, and the summary. Warnings are annotations, errors fail synth.
   * @default - one line each to stdout
   */
  readonly log?: (line: string) => void;
  /** Receives the full report each time the stack is validated (e.g. to write checks.json). @default - none */
  readonly onReport?: (report: TreeChecksReport) => void;
}

/** The report of one stack: the runner's, plus what could not be judged. */
export interface TreeChecksReport extends ChecksReport {
  readonly notChecked: readonly NotChecked[];
}

/** Per stack: the first Aspect instance to visit it runs the checks; every instance adds what it visited. */
interface StackRun {
  /** Paths of every construct visited: the scope of the run. */
  readonly visited: Set<string>;
}
const runs = new WeakMap<TerraformStack, StackRun>();
/** Warnings already annotated, so a stack validated twice (Testing.synth, then synth) does not repeat them. */
const annotated = new WeakMap<IConstruct, Set<string>>();

const RESOLVER = new DefaultTokenResolver(new StringConcat());

const isChecked = (node: IConstruct): node is TerraformResource =>
  TerraformResource.isTerraformResource(node) && isCheckedResourceType(node.terraformResourceType);
const isPolicyDocument = (node: IConstruct): node is TerraformDataSource =>
  TerraformDataSource.isTerraformDataSource(node) && node.terraformResourceType === 'aws_iam_policy_document';

/** Deep-merges one element's Terraform JSON fragment into the document. */
function merge(into: Record<string, unknown>, fragment: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fragment)) {
    if (value === undefined) continue;
    const existing = into[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof existing === 'object' && existing !== null) {
      merge(existing as Record<string, unknown>, value as Record<string, unknown>);
    } else into[key] = value;
  }
}

/**
 * The check input of the tree under `scope`: the checked resources and policy documents of its stack,
 * resolved as synth resolves them (a reference becomes `${type.name.attr}`), read as cdk.tf.json is read.
 */
function treeInput(scope: IConstruct, include: (path: string) => boolean): TerraformJsonInput {
  // Resources in scope are judged; suppressions count when declared in scope or above a resource in scope.
  const stack = TerraformStack.of(scope);
  const doc: Record<string, unknown> = {};
  for (const node of stack.node.findAll()) {
    if (!isChecked(node) && !isPolicyDocument(node)) continue;
    const fragment = Tokenization.resolve(node.toTerraform(), { scope: stack, preparing: false, resolver: RESOLVER }) as Record<
      string,
      unknown
    >;
    merge(doc, fragment);
  }
  const input = readTerraformJson(doc, suppressionsUnder(stack));
  const keep = new Set(input.resources.filter((r) => include(r.path)).map((r) => r.path));
  return {
    ...input,
    declared: input.declared.filter((d) => include(d.at) || [...keep].some((path) => isWithin(path, d.at))),
    entries: input.entries.filter((e) => keep.has(e.subject.path)),
    notChecked: input.notChecked.filter((n) => keep.has(n.path)),
    resources: input.resources.filter((r) => keep.has(r.path)),
  };
}

const within = (scope: IConstruct) => (path: string) => path === scope.node.path || path.startsWith(`${scope.node.path}/`);

function reportOf(input: TerraformJsonInput, checks: readonly PolicyCheck[]): TreeChecksReport {
  return { ...runChecks(input.entries, checks, { declared: input.declared }), notChecked: input.notChecked };
}

export class LambdaRolesChecks implements IAspect {
  /**
   * Suppresses findings of one check on `construct` and everything below it, each with a reason (at least
   * 10 characters): `appliesTo` narrows it to the named findings (e.g. ['Action::s3:*']). A suppression that
   * silences nothing is reported (LR-SUPPRESSION-UNUSED), so is one without a real reason.
   */
  static suppress(construct: IConstruct, suppressions: readonly Suppression[]): void {
    addSuppressions(construct, suppressions);
  }

  /** The checks over the tree under `scope`, without synthesizing (what `lambda-roles check` runs for a definition). */
  static reportFor(scope: IConstruct, checks: readonly PolicyCheck[] = ALL_CHECKS): TreeChecksReport {
    return reportOf(treeInput(scope, within(scope)), checks);
  }

  /** The subjects under `scope`, each with the suppressions in its scope (for tests and tools). */
  static entriesFor(scope: IConstruct): readonly CheckEntry[] {
    return treeInput(scope, within(scope)).entries;
  }

  private readonly checks: readonly PolicyCheck[];
  private readonly log: (line: string) => void;

  constructor(private readonly props: LambdaRolesChecksProps = {}) {
    this.checks = props.checks ?? ALL_CHECKS;
    this.log = props.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  }

  visit(node: IConstruct): void {
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(node);
    } catch {
      return; // the App itself: cdktf runs Aspects per stack, so there is nothing to judge here
    }
    let run = runs.get(stack);
    if (!run) {
      const created: StackRun = { visited: new Set() };
      runs.set(stack, (run = created));
      stack.node.addValidation({ validate: () => this.validateStack(stack, created) });
      // Aspects run on every synth (validations not when skipped), and the tree is complete by then.
      const declared = suppressionsUnder(stack);
      if (declared.length) stack.addOverride(`//.${SYNTH_COMMENT_KEY}`, { suppressions: toRecords(declared) });
    }
    run.visited.add(node.node.path);
  }

  private validateStack(stack: TerraformStack, run: StackRun): string[] {
    const input = treeInput(stack, (path) => run.visited.has(path));
    const report = reportOf(input, this.checks);
    this.props.onReport?.(report);

    const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
    for (const w of report.warnings) {
      const construct = byPath.get(w.path) ?? stack;
      const seen = annotated.get(construct) ?? new Set<string>();
      annotated.set(construct, seen);
      const text = formatFinding(w);
      if (!seen.has(text)) Annotations.of(construct).addWarning(text);
      seen.add(text);
    }
    for (const s of report.suppressed) this.log(formatSuppressed(s));
    for (const n of report.notChecked) this.log(`[not checked] ${n.path}: ${n.what}`);
    if (report.findings.length || report.suppressed.length || report.notChecked.length) {
      this.log(
        `policy checks (${stack.node.path}): ${report.errors.length} error(s), ${report.warnings.length} warning(s), ` +
          `${report.suppressed.length} suppressed${report.notChecked.length ? `, ${report.notChecked.length} not checked` : ''}`,
      );
    }
    return report.errors.map(formatFinding);
  }
}
