/**
 * Evaluates a root module and the local modules it calls into resource instances with known arguments:
 * variables (caller's value, else default, converted to the type), locals, count/for_each over values
 * known at plan time, dynamic blocks, and references between resources resolved to the values Terraform
 * would compute (ARNs and names from the resource's own arguments, the partition from the region).
 * What cannot be known is an Unknown with the reason; what cannot be expanded is a finding with its line.
 */
import { resolve } from 'node:path';
import { ExprSyntaxError } from './hcl/ast';
import { childScope, entriesOf, EvalError, evaluate, type Scope } from './hcl/evaluate';
import { parseTemplateText } from './hcl/parse';
import { convertToType } from './hcl/types';
import { isObject, Lazy, Unknown } from './hcl/values';
import { loadModule, type Declaration, type ModuleFiles, type NamedDeclaration } from './load';
import { computedAttribute, dataAttribute, type AwsContext } from './computed';

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ResourceInstance {
  readonly type: string;
  readonly address: string;
  readonly decl: NamedDeclaration;
  /** One evaluated argument (blocks as lists of objects, dynamic blocks expanded); undefined when not set. */
  arg(name: string): unknown;
  readonly argNames: readonly string[];
}

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'dynamic']);
const templates = new Map<string, ReturnType<typeof parseTemplateText> | ExprSyntaxError>();

/** A value as hcl2-parser gives it (strings are templates) evaluated in a scope; errors become Unknowns. */
export function evalRaw(raw: unknown, scope: Scope): unknown {
  if (typeof raw === 'string') {
    if (!raw.includes('${') && !raw.includes('%{')) return raw;
    let parsed = templates.get(raw);
    if (!parsed) {
      try {
        parsed = parseTemplateText(raw);
      } catch (err) {
        if (!(err instanceof ExprSyntaxError)) throw err;
        parsed = err;
      }
      templates.set(raw, parsed);
    }
    if (parsed instanceof ExprSyntaxError) return new Unknown(`the expression cannot be parsed (${parsed.message}): ${raw.slice(0, 80)}`);
    try {
      return evaluate(parsed, scope);
    } catch (err) {
      if (err instanceof EvalError) return new Unknown(`${err.message}: ${raw.slice(0, 80)}`);
      throw err;
    }
  }
  if (Array.isArray(raw)) return raw.map((v) => evalRaw(v, scope));
  if (isObject(raw)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const key = k.includes('${') ? evalRaw(k, scope) : k;
      if (key instanceof Unknown) return key;
      out[String(key)] = evalRaw(v, scope);
    }
    return out;
  }
  return raw;
}

/** The blocks `dynamic "<name>" { for_each, iterator, content }` makes, in order; undefined when there is none. */
function dynamicBlocks(body: Record<string, unknown>, name: string, scope: Scope): unknown[] | Unknown | undefined {
  const specs = (body.dynamic as Record<string, Record<string, unknown>[]> | undefined)?.[name];
  if (!specs) return undefined;
  const out: unknown[] = [];
  for (const spec of specs) {
    const iterator = typeof spec.iterator === 'string' ? spec.iterator : name;
    const entries = entriesOf(evalRaw(spec.for_each, scope));
    if (entries instanceof Unknown) return entries;
    const content = (Array.isArray(spec.content) ? spec.content[0] : spec.content) as Record<string, unknown>;
    for (const [key, value] of entries) out.push(evalBody(content, childScope(scope, { [iterator]: { key, value } })));
  }
  return out;
}

/** One argument or block list of a body: static blocks first, then the dynamic ones. */
export function evalArg(body: Record<string, unknown>, name: string, scope: Scope): unknown {
  const value = name in body && !META.has(name) ? evalRaw(body[name], scope) : undefined;
  const dynamic = dynamicBlocks(body, name, scope);
  if (dynamic === undefined) return value;
  if (dynamic instanceof Unknown) return dynamic;
  return [...(Array.isArray(value) ? (value as unknown[]) : []), ...dynamic];
}

/** Every argument and block of a body (meta-arguments left out). */
export function evalBody(body: Record<string, unknown>, scope: Scope): Record<string, unknown> {
  const names = new Set([...Object.keys(body).filter((k) => !META.has(k)), ...Object.keys((body.dynamic as object | undefined) ?? {})]);
  return Object.fromEntries([...names].map((n) => [n, evalArg(body, n, scope)]));
}

export class ModuleInstance {
  readonly instances: ResourceInstance[] = [];
  readonly findings: Finding[] = [];
  readonly children: ModuleInstance[] = [];
  private readonly localValues = new Map<string, unknown>();
  private readonly computing = new Set<string>();
  private readonly resourceValues = new Map<string, unknown>();
  private readonly scope: Scope;

  constructor(
    readonly files: ModuleFiles,
    readonly prefix: string,
    private readonly inputs: Readonly<Record<string, unknown>>,
    readonly aws: AwsContext,
    private readonly rootDir: string,
  ) {
    this.scope = { lookup: (name) => this.lookup(name) };
    for (const name of files.modules.keys()) this.module(name);
    for (const [key, decl] of files.resources) this.expand(decl, key);
  }

  finding(decl: Declaration, attr: string | undefined, message: string): void {
    this.findings.push({ file: decl.file, line: attr ? decl.lineOf(attr) : decl.line, message });
  }

  private variable(name: string): unknown {
    const decl = this.files.variables.get(name);
    if (!decl) throw new EvalError(`there is no variable "${name}"`);
    const type = typeof decl.body.type === 'string' ? parseTemplateText(decl.body.type) : undefined;
    if (name in this.inputs) return convertToType(this.inputs[name], type);
    if ('default' in decl.body) return convertToType(evalRaw(decl.body.default, this.scope), type);
    return new Unknown(`variable "${name}" has no default and no value`, `var.${name}`);
  }

  private local(name: string): unknown {
    if (this.localValues.has(name)) return this.localValues.get(name);
    const entry = this.files.locals.get(name);
    if (!entry) throw new EvalError(`there is no local value "${name}"`);
    if (this.computing.has(name)) throw new EvalError(`local.${name} refers to itself`);
    this.computing.add(name);
    const value = evalRaw(entry.value, this.scope);
    this.computing.delete(name);
    this.localValues.set(name, value);
    return value;
  }

  private lookup(name: string): unknown {
    const lazy = (what: string, get: (n: string) => unknown, keys: () => readonly string[]) => new Lazy(what, get, keys);
    switch (name) {
      case 'var':
        return lazy(
          'var',
          (n) => this.variable(n),
          () => [...this.files.variables.keys()],
        );
      case 'local':
        return lazy(
          'local',
          (n) => this.local(n),
          () => [...this.files.locals.keys()],
        );
      case 'path':
        return { module: this.files.dir, root: this.rootDir, cwd: process.cwd() };
      case 'terraform':
        return { workspace: 'default' };
      case 'module':
        return lazy(
          'module',
          (n) => this.moduleOutputs(n),
          () => [...this.files.modules.keys()],
        );
      case 'data':
        return lazy(
          'data',
          (type) =>
            lazy(
              `data.${type}`,
              (n) => this.resourceValue(`data.${type}.${n}`),
              () => [],
            ),
          () => [],
        );
      case 'count':
      case 'each':
      case 'self':
        throw new EvalError(`${name} is used outside a resource that sets it`);
    }
    if ([...this.files.resources.keys()].some((k) => k.startsWith(`${name}.`)))
      return lazy(
        name,
        (n) => this.resourceValue(`${name}.${n}`),
        () => [],
      );
    throw new EvalError(`"${name}" is not a known reference here`);
  }

  /** The value a reference to a resource sees: one instance, a list (count) or a map (for_each). */
  private resourceValue(key: string): unknown {
    if (this.resourceValues.has(key)) return this.resourceValues.get(key);
    const isData = key.startsWith('data.');
    const decl = (isData ? this.files.data : this.files.resources).get(isData ? key.slice(5) : key);
    if (!decl) throw new EvalError(`${key} is not declared in this module`);
    const value = this.repeat(decl, (scope) => this.instanceValue(decl, scope, isData));
    this.resourceValues.set(key, value);
    return value;
  }

  /** Runs `make` once per instance (count/for_each); a single value without either. */
  private repeat<T>(decl: Declaration, make: (scope: Scope, key?: string | number) => T): T | T[] | Record<string, T> | Unknown {
    if ('count' in decl.body) {
      const count = evalRaw(decl.body.count, this.scope);
      if (typeof count !== 'number') return count instanceof Unknown ? count : new Unknown(`count is not a number`);
      return Array.from({ length: count }, (_, i) => make(childScope(this.scope, { count: { index: i } }), i));
    }
    if ('for_each' in decl.body) {
      const each = evalRaw(decl.body.for_each, this.scope);
      const entries = entriesOf(each);
      if (entries instanceof Unknown) return entries;
      const isSet = Array.isArray(each);
      return Object.fromEntries(
        entries.map(([k, v]) => {
          const key = isSet ? String(v) : String(k);
          return [key, make(childScope(this.scope, { each: { key, value: v } }), key)];
        }),
      );
    }
    return make(this.scope);
  }

  private instanceValue(decl: NamedDeclaration, scope: Scope, isData: boolean): Lazy {
    const cache = new Map<string, unknown>();
    const arg = (n: string) => {
      if (!cache.has(n)) cache.set(n, evalArg(decl.body, n, scope));
      return cache.get(n);
    };
    const attrs = (n: string) =>
      isData ? dataAttribute(decl.type, n, arg, this.aws) : computedAttribute(decl.type, n, arg, this.aws, `${decl.type}.${decl.name}`);
    return new Lazy(`${decl.type}.${decl.name}`, attrs, () => Object.keys(decl.body).filter((k) => !META.has(k)));
  }

  private expand(decl: NamedDeclaration, key: string): void {
    const made = this.repeat(decl, (scope, k) => {
      const address = `${this.prefix}${key}${k === undefined ? '' : `[${JSON.stringify(k)}]`}`;
      let args: Record<string, unknown> | undefined;
      const all = () => (args ??= evalBody(decl.body, scope));
      const instance: ResourceInstance = {
        type: decl.type,
        address,
        decl,
        arg: (n) => all()[n],
        get argNames() {
          return Object.keys(all());
        },
      };
      this.instances.push(instance);
      return instance;
    });
    if (made instanceof Unknown)
      this.finding(
        decl,
        'count' in decl.body ? 'count' : 'for_each',
        `${this.prefix}${key}: ${'count' in decl.body ? 'count' : 'for_each'} is not known before apply (${made.reason}); its instances are not imported`,
      );
  }

  private readonly childByName = new Map<string, ModuleInstance | ModuleInstance[] | Record<string, ModuleInstance> | Unknown>();

  /** The module call's instances, made on first use (a module's inputs may read another module's outputs). */
  private module(name: string): ModuleInstance | ModuleInstance[] | Record<string, ModuleInstance> | Unknown {
    if (!this.childByName.has(name)) {
      const decl = this.files.modules.get(name);
      if (!decl) throw new EvalError(`there is no module "${name}"`);
      if (this.computing.has(`module.${name}`)) throw new EvalError(`module.${name} depends on itself`);
      this.computing.add(`module.${name}`);
      this.callModule(name, decl);
      this.computing.delete(`module.${name}`);
    }
    return this.childByName.get(name)!;
  }

  private callModule(name: string, decl: Declaration): void {
    const source = decl.body.source;
    if (typeof source !== 'string' || !/^(\.\.?[\\/]|\/)/.test(source)) {
      this.finding(
        decl,
        'source',
        `module.${name}: the module source ${JSON.stringify(source)} is not a local path; a remote module is not imported (vendor it into a local directory to import it)`,
      );
      this.childByName.set(name, new Unknown(`module.${name} comes from a remote source`));
      return;
    }
    const dir = resolve(this.files.dir, source);
    const files = loadModule(dir);
    const made = this.repeat(decl, (scope, k) => {
      const inputs: Record<string, unknown> = {};
      for (const [arg, raw] of Object.entries(decl.body))
        if (!['source', 'version', 'providers', ...META].includes(arg)) inputs[arg] = evalRaw(raw, scope);
      const child = new ModuleInstance(
        files,
        `${this.prefix}module.${name}${k === undefined ? '' : `[${JSON.stringify(k)}]`}.`,
        inputs,
        this.aws,
        this.rootDir,
      );
      this.children.push(child);
      return child;
    });
    if (made instanceof Unknown)
      this.finding(
        decl,
        'count' in decl.body ? 'count' : 'for_each',
        `module.${name}: its count/for_each is not known before apply (${made.reason})`,
      );
    this.childByName.set(name, made);
  }

  private moduleOutputs(name: string): unknown {
    const made = this.module(name);
    const outputs = (m: ModuleInstance) =>
      new Lazy(
        `module.${name}`,
        (o) => m.output(o),
        () => [...m.files.outputs.keys()],
      );
    if (made instanceof Unknown) return made;
    if (made instanceof ModuleInstance) return outputs(made);
    if (Array.isArray(made)) return made.map(outputs);
    return Object.fromEntries(Object.entries(made).map(([k, m]) => [k, outputs(m)]));
  }

  output(name: string): unknown {
    const decl = this.files.outputs.get(name);
    if (!decl) throw new EvalError(`the module has no output "${name}"`);
    return evalRaw(decl.body.value, this.scope);
  }

  /** A value of this module (a provider argument) evaluated in its scope. */
  evaluateRaw(raw: unknown): unknown {
    return evalRaw(raw, this.scope);
  }

  /** Every resource instance of this module and the modules it calls. */
  allInstances(): ResourceInstance[] {
    return [...this.instances, ...this.children.flatMap((c) => c.allInstances())];
  }
  allFindings(): Finding[] {
    return [...this.findings, ...this.children.flatMap((c) => c.allFindings())];
  }
}

export function evaluateRoot(path: string, aws: AwsContext): ModuleInstance {
  const files = loadModule(path);
  return new ModuleInstance(files, '', {}, aws, files.dir);
}

export { isObject };
