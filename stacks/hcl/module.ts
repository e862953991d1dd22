/**
 * `writeHclModule`: a stack definition → a plain Terraform module (versions.tf, variables.tf, main.tf,
 * outputs.tf, and code/<function>.zip), for repositories that do not use cdktf. The generator's own
 * synthesized JSON is the source of truth, so the module creates exactly what `buildStack` creates; only
 * the names change: construct ids (job-events_role_62CD091A) become readable addresses (job_events_role),
 * and local code archives are copied next to the module and named through path.module, so the module
 * holds no absolute path and no cdktf name. The backend is left to the repository that uses the module.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../../shared/errors';
import { writeFileAtomic } from '../../shared/atomic-write';
import { loadIamReference } from '../../modules/checks/iam-data';
import type { StackDefinition } from '../definition';
import { synthDefinitions } from '../synth';
import { DefinitionError } from '../validate-definition';
import { block, quote } from './render';

type Json = Record<string, unknown>;

export interface HclModuleOptions {
  /** Where relative code paths of the definition resolve. @default process.cwd() */
  readonly baseDir?: string;
}

export interface HclModule {
  /** File name (relative to the module directory) → content; code archives are copied, not listed. */
  readonly files: Readonly<Record<string, string>>;
  /** code/<name>.zip → the archive's bytes (as synthesized). */
  readonly archives: Readonly<Record<string, Buffer>>;
}

/** job-events_role_62CD091A → job_events_role; unique within its type. */
function readableIds(resources: Record<string, Record<string, Json>>): Map<string, string> {
  const renames = new Map<string, string>();
  for (const [type, byId] of Object.entries(resources)) {
    const taken = new Set<string>();
    for (const id of Object.keys(byId).sort()) {
      const base =
        id
          .replace(/_[0-9A-F]{8}$/, '')
          .replace(/[^A-Za-z0-9_]+/g, '_')
          .replace(/^(\d)/, '_$1') || 'this';
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
      taken.add(name);
      renames.set(`${type}.${id}`, `${type}.${name}`);
    }
  }
  return renames;
}

function rewrite(v: unknown, renames: Map<string, string>): unknown {
  if (typeof v === 'string') {
    return v.replace(/\b(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g, (whole, type: string, id: string) => renames.get(`${type}.${id}`) ?? whole);
  }
  if (Array.isArray(v)) return v.map((x) => rewrite(x, renames));
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== '//')
        .map(([k, x]) => [k, rewrite(x, renames)]),
    );
  return v;
}

/** Renders the module from the generator's synthesized stack (in memory; nothing is written). */
export async function renderHclModule(def: StackDefinition, options: HclModuleOptions = {}): Promise<HclModule> {
  await loadIamReference();
  const work = mkdtempSync(join(tmpdir(), 'lambda-roles-hcl-'));
  try {
    let stackDir: string;
    try {
      [stackDir] = synthDefinitions([def], { outDir: work, baseDir: options.baseDir, stateDir: work });
    } catch (err) {
      // A definition the generator refuses is the user's to fix: one message, no stack trace.
      if (err instanceof DefinitionError) throw new UserError(err.message);
      throw err;
    }
    const synth = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Json;
    const resources = (synth.resource ?? {}) as Record<string, Record<string, Json>>;
    const renames = readableIds(resources);
    const archives: Record<string, Buffer> = {};
    const blocks: string[] = [];
    for (const [type, byId] of Object.entries(resources).sort(([a], [b]) => a.localeCompare(b)))
      for (const [id, raw] of Object.entries(byId)) {
        const values = rewrite(raw, renames) as Json;
        delete values.provider;
        if (type === 'aws_lambda_function' && typeof values.filename === 'string') {
          const zip = `code/${String(values.function_name)}.zip`;
          archives[zip] = readFileSync(resolve(stackDir, values.filename));
          values.filename = `\${path.module}/${zip}`;
        }
        blocks.push(block('resource', [type, renames.get(`${type}.${id}`)!.split('.')[1]], values));
      }
    const functions = resources.aws_lambda_function ?? {};
    const outputs = Object.entries(resources.aws_iam_role ?? {}).map(([id, r]) =>
      block('output', [`${String(r.name).replace(/[^\w]/g, '_')}_arn`], {
        description: `ARN of the role ${String(r.name)}.`,
        value: `\${${renames.get(`aws_iam_role.${id}`)!}.arn}`,
      }),
    );
    for (const [id, f] of Object.entries(functions))
      outputs.push(
        block('output', [`${String(f.function_name).replace(/[^\w]/g, '_')}_function_arn`], {
          description: `ARN of the function ${String(f.function_name)}.`,
          value: `\${${renames.get(`aws_lambda_function.${id}`)!}.arn}`,
        }),
      );
    const header = `# Generated by lambda-roles hcl from the stack definition ${quote(def.name)}: change the definition and regenerate.\n`;
    return {
      archives,
      files: {
        'versions.tf':
          header +
          'terraform {\n  required_version = ">= 1.5.0"\n\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.72"\n    }\n  }\n}\n',
        'variables.tf':
          header +
          block('variable', ['region'], {
            description: `The region of the stack. Its ARNs name ${def.region} and account ${def.account}: change the definition, not this value.`,
            type: '${string}',
            default: def.region,
          }),
        'main.tf': header + block('provider', ['aws'], { region: '${var.region}' }) + '\n' + blocks.join('\n'),
        'outputs.tf': header + outputs.join('\n'),
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Writes the module into `outDir` (each file atomically); a code/ archive of an earlier run that is no longer produced is removed. */
export async function writeHclModule(def: StackDefinition, outDir: string, options: HclModuleOptions = {}): Promise<HclModule> {
  if (existsSync(outDir) && !statSync(outDir).isDirectory())
    throw new UserError(`--out ${outDir} is a file. Fix: name a directory (it is created when missing)`);
  const module = await renderHclModule(def, options);
  mkdirSync(join(outDir, 'code'), { recursive: true });
  for (const [zip, bytes] of Object.entries(module.archives)) writeFileAtomic(join(outDir, zip), bytes);
  for (const old of readdirSync(join(outDir, 'code'))) if (!module.archives[`code/${old}`]) rmSync(join(outDir, 'code', old));
  if (!Object.keys(module.archives).length) rmSync(join(outDir, 'code'), { recursive: true, force: true });
  for (const [name, text] of Object.entries(module.files)) writeFileAtomic(join(outDir, name), text);
  return module;
}
