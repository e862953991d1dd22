/**
 * Why this exists: the region and profile of a run come from flags or from the environment, and a wrong one
 * from the environment must be as clear as a wrong flag. `AWS_REGION=us-east` would otherwise become the
 * region of every Lambda read (and an endpoint that does not exist), and a profile the config files do not
 * have would surface as the SDK's "Could not load credentials from any providers", naming nothing.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../shared/errors';
import { REGION_PATTERN } from '../../shared/aws/partition';

/** Where a setting came from, as the person set it. */
type RegionSource = '--region' | 'AWS_REGION' | 'AWS_DEFAULT_REGION';

/**
 * The default region of a run: `option` (--region), else AWS_REGION, else AWS_DEFAULT_REGION, else
 * `fallback`. Whichever is used must be a region name; a bad one is a UserError naming where it came from.
 */
export function resolveRegion(option: string | undefined, env: NodeJS.ProcessEnv = process.env, fallback = 'us-east-1'): string {
  const candidates: [RegionSource, string | undefined][] = [
    ['--region', option],
    ['AWS_REGION', env.AWS_REGION],
    ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION],
  ];
  const found = candidates.find(([, value]) => value !== undefined && value !== '');
  if (!found) return fallback;
  const [source, value] = found as [RegionSource, string];
  if (!REGION_PATTERN.test(value)) {
    const fix = source === '--region' ? 'pass a region name' : `set ${source} to a region name (or unset it) or pass --region`;
    throw new UserError(`${source} ${JSON.stringify(value)}: not an AWS region name; ${fix}, e.g. us-east-1 or eu-central-1`);
  }
  return value;
}

/** The profile names a shared config or credentials file defines (`[profile x]`, `[x]`, `[default]`). */
function profilesIn(file: string, isConfig: boolean): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const names: string[] = [];
  for (const m of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
    const section = m[1];
    if (!isConfig) names.push(section);
    else if (section === 'default') names.push('default');
    else if (section.startsWith('profile ')) names.push(section.slice('profile '.length).trim());
  }
  return names;
}

/**
 * Checks that the profile a run reads with (`profile`, the --profile flag, else AWS_PROFILE) is defined in
 * the shared config or credentials file, before any call. A missing one is a UserError naming the flag or
 * variable, the files read and the profiles they define.
 */
export function checkProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const name = profile ?? (env.AWS_PROFILE || undefined);
  if (!name) return;
  const source = profile !== undefined ? '--profile' : 'AWS_PROFILE';
  const configFile = env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials');
  const inConfig = profilesIn(configFile, true);
  const inCredentials = profilesIn(credentialsFile, false);
  const known = [...new Set([...(inConfig ?? []), ...(inCredentials ?? [])])].sort();
  if (known.includes(name)) return;
  const files = [`${configFile}${inConfig ? '' : ' (not found)'}`, `${credentialsFile}${inCredentials ? '' : ' (not found)'}`].join(
    ' and ',
  );
  throw new UserError(
    `${source} ${JSON.stringify(name)}: no such profile in ${files}; ` +
      (known.length ? `use one of ${known.join(', ')}, ` : '') +
      `or create it with \`aws configure --profile ${name}\` (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE choose other files)`,
  );
}
