/**
 * Typed helpers for the local endpoint's tests, so assertions read real types instead of `any`: what an SDK
 * call rejected with, JSON read back from the wire, and jest's asymmetric matchers (typed `any` by
 * @types/jest) typed as `unknown`.
 */

/** An AWS SDK v3 error as the tests read it. `$metadata` is absent when no HTTP answer arrived (a reset socket). */
export interface SdkError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
  readonly $response?: { readonly statusCode?: number; readonly headers?: Readonly<Record<string, string | undefined>> };
  readonly $fault?: 'client' | 'server';
  /** Node's code for a socket error (ECONNRESET, …). */
  readonly code?: string;
}

/** Errors from node core come from another realm than jest's sandbox, so `instanceof Error` cannot tell. */
function asSdkError(e: unknown): SdkError {
  if (typeof e !== 'object' || e === null) throw e;
  return e as SdkError;
}

/** The error a call rejected with; the test fails when the call succeeds. */
export async function rejectionOf(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (e) {
    return asSdkError(e);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The call's result, or the error it rejected with, so a batch of concurrent calls can be sorted by outcome. */
export function outcomeOf<T>(call: Promise<T>): Promise<T | SdkError> {
  return call.catch((e: unknown) => asSdkError(e));
}

/** What a synchronous call threw; the test fails when it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** A JSON document from the wire, read as the shape the test expects (its assertions check the shape). */
export function parseJson<T>(text: string | undefined): T {
  if (text === undefined) throw new Error('expected a JSON document, got undefined');
  return JSON.parse(text) as T;
}

/** A statement of an IAM or Lambda resource policy, as read back from the wire. */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface PolicyJson {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatementJson[];
}

/** `expect.stringMatching`, typed. */
export const stringMatching = (pattern: string | RegExp): unknown => expect.stringMatching(pattern);

/** `expect.stringContaining`, typed. */
export const stringContaining = (text: string): unknown => expect.stringContaining(text);

/** `expect.arrayContaining`, typed. */
export const arrayContaining = (items: unknown[]): unknown => expect.arrayContaining(items);

/** `expect.objectContaining`, typed. */
export const objectContaining = (fields: Readonly<Record<string, unknown>>): unknown => expect.objectContaining(fields);
