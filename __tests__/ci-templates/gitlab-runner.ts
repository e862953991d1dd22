/**
 * Runs one job of a .gitlab-ci.yml the way GitLab's shell runner does, for the template test: `before_script`
 * and `script` lines in one bash session that stops at the first failing line, then `after_script` in a new
 * session whatever happened, with the file's and the job's `variables` in the environment next to what the
 * runner provides (CI_* variables, the id_tokens, the image's tools).
 */
import { runBash } from './bash';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitLabJob {
  readonly image?: string;
  readonly rules?: readonly { readonly if?: string }[];
  readonly id_tokens?: Readonly<Record<string, { readonly aud?: string }>>;
  readonly variables?: Readonly<Record<string, string>>;
  readonly before_script?: readonly string[];
  readonly script: readonly string[];
  readonly after_script?: readonly string[];
  readonly artifacts?: {
    readonly when?: string;
    readonly paths?: readonly string[];
    readonly reports?: { readonly junit?: string | readonly string[] };
  };
}

export interface GitLabRun {
  readonly exitCode: number;
  readonly log: string;
  readonly afterLog: string;
}

/** Runs the job in `dir` (CI_PROJECT_DIR) with `env` (the runner's variables) on top of the file's variables. */
export async function runGitLabJob(
  file: { readonly variables?: Readonly<Record<string, string>> },
  job: GitLabJob,
  dir: string,
  env: Readonly<Record<string, string>>,
): Promise<GitLabRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'gitlab-job-'));
  const variables = { ...file.variables, ...job.variables, ...env, CI_PROJECT_DIR: dir };
  const run = (name: string, lines: readonly string[]) => {
    const script = join(scratch, `${name}.sh`);
    writeFileSync(script, ['set -eo pipefail', ...lines].join('\n') + '\n');
    return runBash(script, { cwd: dir, env: variables });
  };
  const main = await run('script', [...(job.before_script ?? []), ...job.script]);
  const after = await run('after_script', job.after_script ?? []);
  return { exitCode: main.exitCode, log: main.log, afterLog: after.log };
}
