/**
 * Turns an untrusted definition (TS object, parsed JSON/YAML) into a validated StackDefinition, or throws
 * ONE DefinitionError whose lines each name the stack, the function and the field, the value and the fix.
 * Schema rules come from zod; rules that span fields (duplicates, code vs existing, invoker sources) are
 * checked here after the shape is known to be right.
 */
import { UserError } from '../shared/errors';
import type { ZodIssue } from 'zod';
import { planInvokePermission } from '../modules/invokers';
import { partitionForRegion } from '../shared/aws/partition';
import { checkRoleName } from '../modules/validation';
import { defaultRoleName, stackDefinitionSchema, type StackDefinition } from './definition';
import { functionProblems } from './validate-function';

export interface DefinitionProblem {
  readonly stack?: string;
  readonly function?: string;
  /** Field path inside the definition, e.g. functions[1].role.maxSessionDuration. */
  readonly field: string;
  readonly message: string;
}

/** A UserError: the CLI prints its lines (file, stack, function, field, value, fix) without a stack trace. */
export class DefinitionError extends UserError {
  constructor(
    readonly problems: readonly DefinitionProblem[],
    /** The file the definition came from, when it came from one. */
    readonly source?: string,
  ) {
    super(problems.map((p) => formatProblem(p, source)).join('\n'));
    this.name = 'DefinitionError';
  }
}

export function formatProblem(p: DefinitionProblem, source?: string): string {
  const where = [
    source,
    p.stack !== undefined ? `stack "${p.stack}"` : undefined,
    p.function !== undefined ? `function "${p.function}"` : undefined,
    `field ${p.field}`,
  ];
  return `${where.filter(Boolean).join(', ')}: ${p.message}`;
}

/** ['functions', 1, 'role', 'name'] → 'functions[1].role.name' */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('') || '(root)';
}

function nameAt(input: unknown, ...keys: (string | number)[]): string | undefined {
  let cur: unknown = input;
  for (const k of keys) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[k] : undefined;
  return typeof cur === 'string' ? cur : undefined;
}

function fromZodIssue(input: unknown, issue: ZodIssue): DefinitionProblem {
  const stack = nameAt(input, 'name');
  const fn =
    issue.path[0] === 'functions' && typeof issue.path[1] === 'number'
      ? (nameAt(input, 'functions', issue.path[1], 'name') ?? `#${issue.path[1]}`)
      : undefined;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.join(', ')}. Fix: remove or correct the spelling`;
  else if (issue.code === 'invalid_union_discriminator')
    message = `${JSON.stringify(nameAt(input, ...issue.path))} is not a known kind. Fix: use one of ${issue.options.map(String).join(', ')}`;
  else if (issue.code !== 'custom') message = `${message} (${shownValue(input, issue.path)}). Fix: ${genericFix(issue)}`;
  return { stack, function: fn, field: fieldPath(issue.path), message };
}

/** The value a zod rule refused, as written (zod's `received` is only its type), shortened: a field may hold long text. */
function shownValue(input: unknown, path: readonly (string | number)[]): string {
  let cur: unknown = input;
  for (const k of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[k] : undefined;
  if (cur === undefined) return 'it is missing';
  // The whole file is the wrong kind of document (a key file passed by mistake, say): describe it, never quote it.
  if (path.length === 0) {
    if (typeof cur === 'string') return `got a string of ${cur.length} characters`;
    return `got ${cur === null ? 'null' : Array.isArray(cur) ? `a list of ${cur.length} item(s)` : typeof cur}`;
  }
  let text: string;
  try {
    text = JSON.stringify(cur);
  } catch {
    // Nested too deeply to print (JSON.stringify recurses): say what it is instead.
    text = Array.isArray(cur) ? '[…]' : '{…}';
  }
  return `got ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
}

const WRITE: Readonly<Record<string, string>> = { object: 'a mapping (key: value)', array: 'a list', boolean: 'true or false' };

/** zod's own messages state the rule; this says what to do about it. */
function genericFix(issue: ZodIssue): string {
  if (issue.code === 'invalid_type')
    return issue.received === 'undefined' ? 'add it' : `write ${WRITE[issue.expected] ?? `a ${issue.expected}`} here`;
  if (issue.code === 'invalid_enum_value') return `use one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`;
  return 'change the value to meet that rule (`lambda-roles schema` prints every rule)';
}

/** Validates and returns the definition typed; throws DefinitionError listing every problem. */
export function validateDefinition(input: unknown, source?: string): StackDefinition {
  const parsed = stackDefinitionSchema.safeParse(input);
  if (!parsed.success)
    throw new DefinitionError(
      parsed.error.issues.map((i) => fromZodIssue(input, i)),
      source,
    );
  const def = parsed.data;
  const problems = crossFieldProblems(def);
  if (problems.length) throw new DefinitionError(problems, source);
  return def;
}

function crossFieldProblems(def: StackDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const ctx = { account: def.account, partition: partitionForRegion(def.region) };
  const firstByName = new Map<string, number>();
  const firstByRole = new Map<string, string>();
  // IAM policy names are unique per account, so two functions of one stack cannot both create one.
  const policyOwner = new Map<string, string>();

  def.functions.forEach((fn, i) => {
    const add = (field: string, message: string) =>
      problems.push({ stack: def.name, function: fn.name, field: `functions[${i}].${field}`, message });
    const seen = firstByName.get(fn.name);
    if (seen !== undefined)
      add(
        'name',
        `${JSON.stringify(fn.name)} is defined twice (also functions[${seen}]); function names must be unique in a stack. Fix: rename one of them`,
      );
    else firstByName.set(fn.name, i);

    const roleName = fn.role?.name ?? defaultRoleName(fn.name);
    const derivedProblem = fn.role?.name === undefined ? checkRoleName(roleName) : undefined;
    if (derivedProblem)
      add(
        'role.name',
        `${JSON.stringify(roleName)} (derived from the function name) ${derivedProblem.rule}. Fix: set role.name explicitly`,
      );
    const owner = firstByRole.get(roleName);
    if (owner !== undefined)
      add(
        fn.role?.name ? 'role.name' : 'name',
        `role name ${JSON.stringify(roleName)} is already used by function "${owner}"; each function gets its own role. Fix: set a different role.name`,
      );
    else firstByRole.set(roleName, fn.name);

    if (fn.code && fn.existing)
      add(
        'existing',
        'is set together with code; a function is either built here (code) or referenced (existing). Fix: remove one of them',
      );
    if (!fn.code && !fn.existing)
      add('code', 'is missing: a function needs code (built by this stack) or existing (a name or ARN). Fix: add one');

    fn.invokers?.forEach((invoker, j) => {
      const result = planInvokePermission(invoker, ctx);
      if (!result.ok)
        add(
          `invokers[${j}].${result.field}`,
          // A missing value is named by its field ("sourceArn is missing"), never as "undefined is missing".
          `invoker "${invoker.name}" (${invoker.kind}): ${result.value === undefined ? result.field : JSON.stringify(result.value)} ${result.problem.rule}. Fix: ${result.problem.fix}`,
        );
    });
    const sids = new Set<string>();
    fn.invokers?.forEach((invoker, j) => {
      const key = `${invoker.kind}/${invoker.name}`;
      if (sids.has(key))
        add(
          `invokers[${j}].name`,
          `invoker "${invoker.name}" of kind ${invoker.kind} is defined twice; the statement id would collide. Fix: rename one`,
        );
      sids.add(key);
    });
    fn.customerPolicies?.forEach((p, j) => {
      const other = policyOwner.get(p.name);
      if (other !== undefined)
        add(
          `customerPolicies[${j}].name`,
          `${JSON.stringify(p.name)} is already created by function "${other}"; IAM policy names are unique per account. Fix: rename one`,
        );
      else policyOwner.set(p.name, fn.name);
    });
    functionProblems(def, fn, add);
    if (fn.role?.edge && fn.code && def.region !== 'us-east-1') {
      add(
        'role.edge',
        `is true but the stack region is ${def.region}; Lambda@Edge functions must be created in us-east-1. Fix: move this function to a us-east-1 stack, or reference it with existing`,
      );
    }
  });
  return problems;
}
