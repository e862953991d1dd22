/**
 * `lambda-roles check --format sarif`: SARIF 2.1.0 for GitHub code scanning. One result per finding (its rule
 * the check id, its level the check's), one per input error (rule LR-INPUT-ERROR), and a suppressed finding
 * as a result with an accepted suppression (the reason as justification), so an alert closes instead of
 * vanishing. Each result points at the file and line the finding is about, relative to the source root
 * (%SRCROOT%): a definition's function, the resource in a *.tf.json, the .tf block that declares a plan's
 * resource address (else its entry in the plan JSON), or the suppressions file entry. Reading files is best
 * effort: a line that cannot be found is line 1 of the input file.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_CHECKS } from '../modules/checks/all-checks';
import { CHECK_FAILED_ID, SUPPRESSION_REASON_ID, SUPPRESSION_UNUSED_ID, type SuppressedFinding } from '../modules/checks/runner';
import type { Finding } from '../modules/checks/types';
import { SARIF_SCHEMA_URI, SARIF_VERSION, sarifSentence, TOOL_INFORMATION_URI } from '../shared/sarif';
import { TerraformIndex } from '../shared/terraform/locate';
import { toolInfo } from '../shared/version';
import { UserError } from '../shared/errors';
import type { InputCheckResult, InputsCheckSummary } from './check-inputs';

export const INPUT_ERROR_ID = 'LR-INPUT-ERROR';
/** The key of our fingerprint in `partialFingerprints` (versioned: a new scheme gets a new key). */
export const CHECK_FINGERPRINT_KEY = 'lambdaRolesCheck/v1';

const RUNNER_RULES: Readonly<Record<string, { readonly level: 'error' | 'warning'; readonly description: string }>> = {
  [SUPPRESSION_REASON_ID]: { level: 'error', description: 'A suppression must give a reason of at least 10 characters.' },
  [SUPPRESSION_UNUSED_ID]: { level: 'warning', description: 'A suppression that matches no finding should be removed.' },
  [CHECK_FAILED_ID]: { level: 'error', description: 'A check failed on a subject (a bug in the check); the subject was not judged.' },
  [INPUT_ERROR_ID]: { level: 'error', description: 'An input could not be read, or a definition breaks a rule of the schema.' },
};

function ruleOf(id: string): { level: 'error' | 'warning'; description: string } {
  const check = ALL_CHECKS.find((c) => c.id === id);
  return check ? { level: check.level, description: check.description } : (RUNNER_RULES[id] ?? { level: 'error', description: id });
}

/** 'LR-IAM-WILDCARD-ACTION' → 'IamWildcardAction' (SARIF rule names are identifiers). */
const ruleName = (id: string) =>
  id
    .replace(/^LR-/, '')
    .toLowerCase()
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

export interface CheckSarifOptions {
  /** The repository root; locations are relative to it. @default - the current directory */
  readonly sourceRoot?: string;
}

interface Location {
  readonly file: string;
  readonly line: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds where findings point; caches file contents and the .tf index. */
class Locator {
  private readonly files = new Map<string, string[]>();
  private index?: TerraformIndex;
  constructor(private readonly root: string) {}

  private lines(file: string): string[] {
    let lines = this.files.get(file);
    if (!lines) {
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = [];
      }
      this.files.set(file, lines);
    }
    return lines;
  }

  /** The first line (1-based) matching `re` at or after line `from`, else undefined. */
  private find(file: string, re: RegExp, from = 0): number | undefined {
    const at = this.lines(file).findIndex((l, i) => i >= from && re.test(l));
    return at < 0 ? undefined : at + 1;
  }

  locate(result: InputCheckResult, path: string): Location {
    const file = result.file ?? '.';
    const line = (() => {
      switch (result.kind) {
        case 'definition': {
          // A construct path is <stack>/<function>/…: the function's `name` line.
          const fn = path.split('/')[1];
          const functions = this.find(file, /\bfunctions["']?\s*:/) ?? 1;
          return fn ? this.find(file, new RegExp(`\\bname["']?\\s*:\\s*["']?${escapeRegExp(fn)}(["'\\s,}]|$)`), functions - 1) : undefined;
        }
        case 'terraform': {
          const address = result.resources?.find((r) => r.path === path)?.address;
          if (!address) return undefined;
          const [type, name] = address.split('.');
          const typeLine = this.find(file, new RegExp(`^\\s*"${escapeRegExp(type)}"\\s*:`));
          return typeLine && this.find(file, new RegExp(`^\\s*"${escapeRegExp(name)}"\\s*:`), typeLine);
        }
        case 'plan':
        case 'state': {
          this.index ??= new TerraformIndex(this.root);
          const declared = this.index.find(path, file);
          if (declared) return { file: declared.file, line: declared.line };
          return this.find(file, new RegExp(`"address"\\s*:\\s*${escapeRegExp(JSON.stringify(path))}`));
        }
        case 'suppressions':
          return this.find(file, new RegExp(`\\bresource["']?\\s*:\\s*["']?${escapeRegExp(path)}(["'\\s,}]|$)`));
      }
    })();
    return typeof line === 'object' ? line : { file, line: line ?? 1 };
  }

  uri(file: string): { uri: string; uriBaseId?: string } {
    const rel = relative(this.root, resolve(file));
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(resolve(file)).href };
    return { uri: rel.split(sep).join('/'), uriBaseId: '%SRCROOT%' };
  }
}

const fingerprint = (f: Finding, result: InputCheckResult) =>
  createHash('sha256')
    .update([result.kind, result.stack, f.checkId, f.path, f.appliesTo ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);

export function renderCheckSarif(summary: InputsCheckSummary, options: CheckSarifOptions = {}): string {
  const root = resolve(options.sourceRoot ?? '.');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory())
    throw new UserError(
      `--source-root ${options.sourceRoot}: not a directory; pass the repository root (the folder SARIF paths are relative to)`,
    );
  const locator = new Locator(root);
  const ruleIds: string[] = [];
  const ruleIndex = (id: string) => (ruleIds.includes(id) ? ruleIds.indexOf(id) : ruleIds.push(id) - 1);
  const results: object[] = [];

  const locationOf = (result: InputCheckResult, path: string, what: string) => {
    const at = locator.locate(result, path);
    return [
      {
        physicalLocation: { artifactLocation: locator.uri(at.file), region: { startLine: Math.max(1, at.line) } },
        message: { text: sarifSentence(what) },
      },
    ];
  };
  const findingResult = (r: InputCheckResult, f: Finding, suppressed?: SuppressedFinding) => ({
    ruleId: f.checkId,
    ruleIndex: ruleIndex(f.checkId),
    level: f.level,
    message: { text: sarifSentence(`${f.checkId} at ${f.path}${f.appliesTo ? ` (${f.appliesTo})` : ''}: ${f.message}`) },
    locations: locationOf(r, f.path, `${r.kind === 'plan' || r.kind === 'state' ? 'Resource' : 'Declared at'} ${f.path}`),
    partialFingerprints: { [CHECK_FINGERPRINT_KEY]: fingerprint(f, r) },
    ...(suppressed
      ? {
          suppressions: [
            {
              kind: r.kind === 'plan' || r.kind === 'state' ? 'external' : 'inSource',
              status: 'accepted',
              justification: suppressed.reason,
            },
          ],
        }
      : {}),
    properties: { input: r.file, kind: r.kind, stack: r.stack, ...(f.appliesTo ? { appliesTo: f.appliesTo } : {}) },
  });

  for (const r of summary.results) {
    for (const e of r.definitionErrors) {
      results.push({
        ruleId: INPUT_ERROR_ID,
        ruleIndex: ruleIndex(INPUT_ERROR_ID),
        level: 'error',
        message: { text: sarifSentence(e) },
        locations: locationOf(r, '', `The input ${r.file ?? r.stack}`),
        partialFingerprints: {
          [CHECK_FINGERPRINT_KEY]: createHash('sha256').update(`${r.file}\u0000${e}`).digest('hex').slice(0, 32),
        },
      });
    }
    for (const f of r.checks?.findings ?? []) results.push(findingResult(r, f));
    for (const s of r.checks?.suppressed ?? []) results.push(findingResult(r, s.finding, s));
  }

  const tool = toolInfo();
  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: TOOL_INFORMATION_URI,
            rules: ruleIds.map((id) => {
              const rule = ruleOf(id);
              const help = `${sarifSentence(rule.description)} See docs/checks.md for why, and how to suppress a finding with a reason.`;
              return {
                id,
                name: ruleName(id),
                shortDescription: { text: sarifSentence(rule.description) },
                fullDescription: { text: sarifSentence(rule.description) },
                help: { text: help, markdown: help },
                defaultConfiguration: { level: rule.level },
                properties: { tags: ['security', 'iam', 'lambda'], precision: 'very-high' },
              };
            }),
          },
        },
        automationDetails: { id: 'lambda-roles/check/' },
        invocations: [{ executionSuccessful: true, exitCode: summary.errors > 0 ? 1 : 0 }],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
