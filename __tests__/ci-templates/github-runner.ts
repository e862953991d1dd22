/**
 * Runs one job of a GitHub Actions workflow the way a runner does, for the template test: `run:` steps with
 * `bash --noprofile --norc -eo pipefail` in the job's workspace, each with fresh GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files; `if:`, `env:` and `with:` evaluated (expressions.ts); a failed step skips the
 * rest unless their `if:` says otherwise. `uses:` steps are GitHub's actions: each is handed to a stand-in the
 * test supplies by action name, and an action without one fails the run, so nothing is skipped silently.
 */
import { runBash } from './bash';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asText, condition, interpolate, type ExpressionContext } from './expressions';

export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, unknown>>;
}

export interface WorkflowJob {
  readonly name?: string;
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly strategy?: { readonly matrix?: Readonly<Record<string, unknown>> };
  readonly env?: Readonly<Record<string, unknown>>;
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly steps: readonly WorkflowStep[];
}

export interface Workflow {
  readonly env?: Readonly<Record<string, unknown>>;
  readonly jobs: Readonly<Record<string, WorkflowJob>>;
}

/** What a `uses:` stand-in gets: the evaluated `with:`, the job's environment (it may add to it, as actions do). */
export interface UsesCall {
  readonly with: Readonly<Record<string, string>>;
  readonly env: Record<string, string>;
  readonly workspace: string;
}

export interface StepResult {
  readonly name: string;
  readonly uses?: string;
  readonly skipped: boolean;
  readonly exitCode: number;
  readonly outputs: Record<string, string>;
  readonly log: string;
  readonly ms: number;
}

export interface JobResult {
  readonly job: string;
  readonly result: 'success' | 'failure' | 'skipped';
  readonly steps: readonly StepResult[];
  readonly summary: string;
  readonly outputs: Record<string, string>;
  readonly workspace: string;
}

export interface RunJobOptions {
  readonly workflow: Workflow;
  readonly job: string;
  /** The checked-out repository for this job (a fresh copy per job, as a fresh runner has). */
  readonly workspace: string;
  /** PATH, HOME and the rest of the runner's environment. */
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly contexts: { vars: Record<string, string>; inputs: Record<string, string>; github: Record<string, string> };
  readonly matrix?: Readonly<Record<string, unknown>>;
  readonly needs?: Readonly<Record<string, { result: string; outputs: Record<string, string> }>>;
  readonly uses: Readonly<Record<string, (call: UsesCall) => void | Promise<void>>>;
}

/** GITHUB_OUTPUT lines: `name=value` and `name<<DELIMITER` … `DELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

const textValues = (values: Readonly<Record<string, unknown>> | undefined, ctx: ExpressionContext) =>
  Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, asText(interpolate(v, ctx))]));

export async function runJob(o: RunJobOptions): Promise<JobResult> {
  const job = o.workflow.jobs[o.job];
  const scratch = mkdtempSync(join(tmpdir(), 'gha-step-'));
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const results: StepResult[] = [];
  let failed = false;
  let summary = '';
  const ctx = (env: Record<string, string>): ExpressionContext => ({
    contexts: { ...o.contexts, env, matrix: o.matrix ?? {}, steps, needs: o.needs ?? {} },
    failed,
    workspace: o.workspace,
  });
  const workflowEnv = textValues(o.workflow.env, ctx({}));
  const jobIf = job.if === undefined || condition(job.if, ctx(workflowEnv));
  if (!jobIf) return { job: o.job, result: 'skipped', steps: [], summary: '', outputs: {}, workspace: o.workspace };
  const jobEnv: Record<string, string> = { ...workflowEnv, ...textValues(job.env, ctx(workflowEnv)) };

  for (const [i, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${i + 1}`;
    if (!condition(step.if, ctx(jobEnv))) {
      results.push({ name, ...(step.uses ? { uses: step.uses } : {}), skipped: true, exitCode: 0, outputs: {}, log: '', ms: 0 });
      continue;
    }
    const env = { ...jobEnv, ...textValues(step.env, ctx(jobEnv)) };
    let exitCode = 0;
    let outputs: Record<string, string> = {};
    let log = '';
    const started = Date.now();
    if (step.uses) {
      const action = step.uses.replace(/@.*$/, '');
      const standIn = o.uses[action];
      if (!standIn) throw new Error(`no stand-in for ${step.uses} (step "${name}")`);
      try {
        await standIn({ with: textValues(step.with, ctx(env)), env: jobEnv, workspace: o.workspace });
      } catch (err) {
        exitCode = 1;
        log = String(err);
      }
    } else {
      const script = join(scratch, `step-${i}.sh`);
      const outputFile = join(scratch, `output-${i}`);
      const summaryFile = join(scratch, `summary-${i}`);
      writeFileSync(script, step.run ?? '');
      writeFileSync(outputFile, '');
      writeFileSync(summaryFile, '');
      // Asynchronous: the endpoint answering the script's calls runs in this process.
      const ran = await runBash(script, {
        cwd: o.workspace,
        env: { ...o.baseEnv, ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: o.workspace },
        args: ['-eo', 'pipefail'],
      });
      exitCode = ran.exitCode;
      log = ran.log;
      outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
      summary += readFileSync(summaryFile, 'utf8');
    }
    if (step.id) steps[step.id] = { outputs, outcome: exitCode === 0 ? 'success' : 'failure' };
    if (exitCode !== 0) failed = true;
    results.push({ name, ...(step.uses ? { uses: step.uses } : {}), skipped: false, exitCode, outputs, log, ms: Date.now() - started });
  }
  return {
    job: o.job,
    result: failed ? 'failure' : 'success',
    steps: results,
    summary,
    outputs: textValues(job.outputs, ctx(jobEnv)),
    workspace: o.workspace,
  };
}
