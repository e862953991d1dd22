/**
 * Validation rules shared by the constructs (library users) and the stack-definition schema (teams'
 * JSON/YAML). Each rule returns a Problem (rule + fix) or undefined, so both callers can put the value and
 * the location (construct path or definition field) in front of it. Unresolved cdktf tokens are never
 * judged: their value is only known at apply time.
 */
import { Token } from './cdk/core';

export interface Problem {
  /** What the rule requires, e.g. 'must be 1–64 characters of [\\w+=,.@-]'. */
  readonly rule: string;
  /** What to do about it. */
  readonly fix: string;
}

/** Throws one error that names where, the value, the rule and the fix. */
export class ValidationError extends Error {
  constructor(
    readonly where: string,
    readonly value: unknown,
    readonly problem: Problem,
  ) {
    super(`${where}: ${JSON.stringify(value)} ${problem.rule}. Fix: ${problem.fix}`);
    this.name = 'ValidationError';
  }
}

export function assertValid(where: string, value: unknown, problem: Problem | undefined): void {
  if (problem) throw new ValidationError(where, value, problem);
}

const isToken = (value: string): boolean => Token.isUnresolved(value);

export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

export function checkRoleName(name: string): Problem | undefined {
  if (isToken(name) || ROLE_NAME_PATTERN.test(name)) return undefined;
  return {
    rule: 'is not a valid IAM role name: it must be 1–64 characters of letters, digits and +=,.@_-',
    fix: 'shorten it and replace other characters (spaces, slashes, colons) with "-"',
  };
}

export function checkIamPath(path: string): Problem | undefined {
  if (isToken(path)) return undefined;
  if (path === '/' || (/^\/[\u0021-\u007e]*\/$/.test(path) && path.length <= 512 && !path.includes('//'))) return undefined;
  return {
    rule: 'is not a valid IAM path: it must be "/" or start and end with "/" (at most 512 printable characters)',
    fix: 'write it like "/" or "/lambda/payments/"',
  };
}

export function checkDescription(description: string): Problem | undefined {
  if (isToken(description) || description.length <= 1000) return undefined;
  return {
    rule: `is ${description.length} characters long; an IAM role description may have at most 1000`,
    fix: 'shorten the description',
  };
}

export const MIN_SESSION_SECONDS = 3600;
export const MAX_SESSION_SECONDS = 43200;

export function checkMaxSessionDuration(seconds: number): Problem | undefined {
  if (Token.isUnresolved(seconds)) return undefined;
  if (Number.isInteger(seconds) && seconds >= MIN_SESSION_SECONDS && seconds <= MAX_SESSION_SECONDS) return undefined;
  return {
    rule: `is out of range: maxSessionDuration must be a whole number of seconds from ${MIN_SESSION_SECONDS} (1 h) to ${MAX_SESSION_SECONDS} (12 h)`,
    fix: 'use a value such as 3600',
  };
}

/** arn:<partition>:iam::<account|aws>:policy/<path/>name */
export const POLICY_ARN_PATTERN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy\/([\u0021-\u007e]+\/)?[\w+=,.@-]{1,128}$/;

export function checkPolicyArn(arn: string): Problem | undefined {
  if (isToken(arn) || POLICY_ARN_PATTERN.test(arn)) return undefined;
  return { rule: 'is not an IAM policy ARN', fix: 'use arn:<partition>:iam::<account id or "aws">:policy/<path/>Name' };
}

export function checkAccountId(account: string): Problem | undefined {
  if (isToken(account) || /^\d{12}$/.test(account)) return undefined;
  return { rule: 'is not an AWS account id (12 digits)', fix: 'write the account id as a 12-digit string, e.g. "000000000000"' };
}

/** Lambda statement ids: ([a-zA-Z0-9-_.]+), at most 100 characters. */
export function checkStatementId(sid: string): Problem | undefined {
  if (isToken(sid) || /^[\w.-]{1,100}$/.test(sid)) return undefined;
  return {
    rule: 'is not a valid Lambda permission statement id (1–100 characters of letters, digits, "-", "_", ".")',
    fix: 'choose an invoker name of letters, digits and "-"',
  };
}

export function checkTags(tags: Readonly<Record<string, string>>): Problem | undefined {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128 || key.startsWith('aws:')) {
      return {
        rule: `has an invalid tag key ${JSON.stringify(key)} (1–128 characters, not starting with "aws:")`,
        fix: 'rename the tag key',
      };
    }
    if (value.length > 256)
      return { rule: `has a tag value for ${JSON.stringify(key)} longer than 256 characters`, fix: 'shorten the tag value' };
  }
  return undefined;
}
