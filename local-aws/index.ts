/**
 * The local AWS endpoint: IAM, STS, Lambda, CloudTrail and CloudWatch Logs on one loopback port, accepted by the real
 * Terraform AWS provider and the real AWS SDK v3 (signatures are verified). Start it with `startLocalAws()`
 * or `lambda-roles local-aws`.
 */
import type { AddressInfo } from 'node:net';
import type { ServiceModule } from './types';
import { Endpoint, type LocalAwsSnapshot } from './core/endpoint';
import { createEndpointServer } from './core/http';
import { DEFAULT_IDENTITIES, DEFAULT_PORT, type IdentityConfig } from './core/identities';
import type { FaultConfig, QuotaConfig } from './core/controls';
import { DebouncedSaver, loadStateFile, writeStateFile } from './core/persistence';
import { defaultServiceModules } from './core/registry';
import type { CloudTrailRecord } from './services/cloudtrail/record';

export {
  DEFAULT_CREDENTIALS,
  DEFAULT_IDENTITIES,
  DEFAULT_ACCOUNT_ID,
  OTHER_ACCOUNT_ID,
  DEFAULT_REGION,
  DEFAULT_PORT,
} from './core/identities';
export type { IdentityConfig } from './core/identities';
export { AWS_DEFAULT_QUOTAS } from './core/controls';
export type { QuotaConfig, QuotaRule, FaultConfig } from './core/controls';
export type { LocalAwsSnapshot } from './core/endpoint';
export type { CloudTrailRecord } from './services/cloudtrail/record';

export interface LocalAwsOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 4566 */
  readonly port?: number;
  /** JSON state file: loaded at start when it exists; saved on close() and shortly after each mutating call. @default - memory only */
  readonly stateFile?: string;
  /** Access keys the endpoint accepts. @default - DEFAULT_IDENTITIES (test, console, other) */
  readonly identities?: IdentityConfig[];
  /** Latency added to every service call. @default 0 */
  readonly latencyMs?: number;
  /** Rate limits. @default 'none' */
  readonly quotas?: 'aws-defaults' | 'none' | QuotaConfig;
  /** Injected failures (seeded). @default - none */
  readonly faults?: FaultConfig;
  /** Request log, one line per call. @default - silent */
  readonly log?: (line: string) => void;
  /** Clock for event times and session expiry; tests move it to exercise time ranges. @default - the system clock */
  readonly now?: () => Date;
  /** Service modules to mount. @default - iam, sts, lambda, cloudtrail, logs */
  readonly modules?: ServiceModule[];
}

export interface LocalAws {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
  /** Deep copy of all state (JSON-serializable). */
  snapshot(): LocalAwsSnapshot;
  restore(s: LocalAwsSnapshot): void;
  /** Back to the seeded initial state (no STS sessions, no events). */
  reset(): void;
  /** Calls that passed authentication, keyed `${signingName}:${Operation}`, e.g. 'iam:GetRole'. */
  callCounts(): Record<string, number>;
  resetCallCounts(): void;
  setControls(c: Partial<Pick<LocalAwsOptions, 'latencyMs' | 'quotas' | 'faults'>>): void;
  /** Recorded CloudTrail events of every account and region, oldest first. */
  cloudTrailEvents(): CloudTrailRecord[];
}

export async function startLocalAws(opts: LocalAwsOptions = {}): Promise<LocalAws> {
  const log = opts.log ?? (() => undefined);
  const endpoint = new Endpoint({
    modules: opts.modules ?? defaultServiceModules(),
    identities: opts.identities ?? DEFAULT_IDENTITIES,
    controls: { latencyMs: opts.latencyMs ?? 0, quotas: opts.quotas ?? 'none', faults: opts.faults ?? {} },
    now: opts.now ?? (() => new Date()),
    log,
  });
  const stateFile = opts.stateFile;
  if (stateFile) {
    const saved = loadStateFile(stateFile);
    if (saved) endpoint.restore(saved);
  }
  const saver = new DebouncedSaver(() => {
    if (stateFile) writeStateFile(stateFile, endpoint.snapshot());
  });
  const changed = () => {
    if (stateFile) saver.schedule();
  };

  let port = opts.port ?? DEFAULT_PORT;
  const server = createEndpointServer(endpoint, { port: () => port, changed }, changed, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port}: already in use on 127.0.0.1. Stop the other process, or pick another port (0 = any free port).`)
          : err,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        saver.flush();
        if (stateFile) writeStateFile(stateFile, endpoint.snapshot());
        server.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep connections alive; don't let them hold close() open.
        server.closeAllConnections();
      })),
    snapshot: () => endpoint.snapshot(),
    restore: (s) => {
      endpoint.restore(s);
      changed();
    },
    reset: () => {
      endpoint.reset();
      changed();
    },
    callCounts: () => endpoint.callCounts(),
    resetCallCounts: () => endpoint.resetCallCounts(),
    setControls: (c) => endpoint.setControls(c),
    cloudTrailEvents: () => endpoint.cloudTrailEvents(),
  };
}
