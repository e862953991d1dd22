/**
 * Faults the endpoint's own controls (throttling, 5xx, resets, latency) cannot produce, made by wrapping its
 * service modules (the pattern of __tests__/drift/fixtures/seed.ts iamFailingFor): the real endpoint still
 * renders every answer, so the SDK sees a genuine HTTP error or a genuine NoSuchEntity.
 *  - cloudTrailDown / stsDown: every call to that service answers 500 (the SDK retries it, then gives up);
 *  - deleteRole / deleteFunction: the resource is deleted from the endpoint's state right before the first
 *    call of a given operation that names it (`before: '*'`: the first call of any operation), so a delete
 *    lands at a chosen point of the scan; `afterConfiguration` holds that call until the function's
 *    configuration and versions have been answered (the scan's reads of one function run concurrently).
 */
import { defaultServiceModules } from '../../local-aws/core/registry';
import { AwsError, type ServiceModule, type WireRequest } from '../../local-aws/types';

export interface DeleteAt {
  readonly name: string;
  /** The operation the delete comes right before, or '*' for the first call naming the resource. */
  readonly before: string;
  /** Functions: hold that call until ListVersionsByFunction for the function has been answered. @default false */
  readonly afterConfiguration?: boolean;
}

export interface FaultHooks {
  cloudTrailDown: boolean;
  stsDown: boolean;
  deleteRole?: DeleteAt;
  deleteFunction?: DeleteAt;
  /** What the hooks did, for the test to check that the fault really happened during the scan. */
  readonly happened: string[];
  /** Resolves when the armed function's configuration and versions have been answered. */
  configurationRead?: () => void;
  configurationReadPromise?: Promise<void>;
}

export function newHooks(): FaultHooks {
  return { cloudTrailDown: false, stsDown: false, happened: [] };
}

/** Disarms every fault. */
export function resetHooks(hooks: FaultHooks): void {
  hooks.cloudTrailDown = false;
  hooks.stsDown = false;
  delete hooks.deleteRole;
  delete hooks.deleteFunction;
  hooks.happened.length = 0;
  hooks.configurationReadPromise = new Promise((resolve) => (hooks.configurationRead = resolve));
}

/** The role a Query request names (RoleName), or the function a Lambda REST path names. */
const roleNamed = (req: WireRequest) => new URLSearchParams(req.body.toString('utf8')).get('RoleName') ?? undefined;
const functionNamed = (req: WireRequest) => /\/functions\/([^/?]+)/.exec(decodeURIComponent(req.rawPath))?.[1]?.split(':').pop();

const withTimeout = (p: Promise<void> | undefined, ms: number) =>
  Promise.race([p ?? Promise.resolve(), new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

/** The parts of the IAM and Lambda modules' states (their own JSON) a delete removes an entry from. */
type IamState = { accounts: Record<string, { roles: Record<string, unknown> }> };
type LambdaState = { accounts: Record<string, Record<string, { functions: Record<string, unknown> }>> };

export function faultModules(hooks: FaultHooks): ServiceModule[] {
  resetHooks(hooks);
  return defaultServiceModules().map((m) => ({
    ...m,
    handle: async (...args: Parameters<ServiceModule['handle']>) => {
      const [op, req, ctx, state] = args;
      if (m.signingName === 'cloudtrail' && hooks.cloudTrailDown) {
        hooks.happened.push(`cloudtrail ${op} failed`);
        throw new AwsError('InternalFailure', 'CloudTrail is unavailable (injected for a test)', 500, 'Receiver');
      }
      if (m.signingName === 'sts' && hooks.stsDown) {
        hooks.happened.push(`sts ${op} failed`);
        throw new AwsError('InternalFailure', 'STS is unavailable (injected for a test)', 500, 'Receiver');
      }
      const role = hooks.deleteRole;
      if (m.signingName === 'iam' && role && roleNamed(req) === role.name && (role.before === '*' || role.before === op)) {
        const roles = (state as IamState).accounts[ctx.caller.accountId].roles;
        if (roles[role.name]) {
          delete roles[role.name];
          hooks.happened.push(`role ${role.name} deleted before ${op}`);
        }
      }
      const fn = hooks.deleteFunction;
      if (m.signingName === 'lambda' && fn && functionNamed(req) === fn.name) {
        if (fn.before === '*' || fn.before === op) {
          if (fn.afterConfiguration) await withTimeout(hooks.configurationReadPromise, 10_000);
          const fns = (state as LambdaState).accounts[ctx.caller.accountId][ctx.region].functions;
          if (fns[fn.name]) {
            delete fns[fn.name];
            hooks.happened.push(`function ${fn.name} deleted before ${op}`);
          }
        }
        if (op === 'ListVersionsByFunction') {
          try {
            return await m.handle(...args);
          } finally {
            hooks.configurationRead?.();
          }
        }
      }
      return m.handle(...args);
    },
  }));
}
