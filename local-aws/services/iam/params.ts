/**
 * Typed access to Query parameters with IAM's own validation messages. AWS phrases input errors as
 * "1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: …", which names the
 * field, the value and the rule; we keep that shape so callers recognise it.
 */
import { memberList, memberStructs, type QueryParams } from '../../protocols/query';
import { AwsError } from '../../types';
import type { Tag } from './state';

export const NAME_PATTERN = /^[\w+=,.@-]+$/;
/** `/` or `/a/b/`: printable ASCII between slashes. */
const PATH_PATTERN = /^(\/|\/[\u0021-\u007e]+\/)$/;
/** Tag keys and values: letters, separators, digits and _ . : / = + - @ (any script). */
const TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
/** Descriptions: tab, newline, CR, printable ASCII and Latin-1; keeps responses valid XML. */
const DESCRIPTION_PATTERN = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;
const ARN_PATTERN = /^arn:[\w-]+:iam::(aws|\d{12}):policy\/.+$/;

export function validationError(field: string, value: string | undefined, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
    400,
  );
}

export class Params {
  constructor(private readonly raw: QueryParams) {}

  /** The wire name is PascalCase (RoleName); messages use the camelCase member name like AWS. */
  private static member(name: string): string {
    return name[0].toLowerCase() + name.slice(1);
  }

  optional(name: string): string | undefined {
    return this.raw.get(name);
  }

  required(name: string): string {
    const v = this.raw.get(name);
    if (v === undefined) throw validationError(Params.member(name), undefined, 'Member must not be null');
    return v;
  }

  /** A role/policy name: 1..max chars of [\w+=,.@-]. */
  name(name: string, max: number): string {
    const v = this.required(name);
    if (v.length < 1 || v.length > max) throw validationError(Params.member(name), v, `Member must have length between 1 and ${max}`);
    if (!NAME_PATTERN.test(v))
      throw validationError(Params.member(name), v, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
    return v;
  }

  path(name: string): string | undefined {
    const v = this.optional(name);
    if (v === undefined) return undefined;
    if (v.length > 512 || !PATH_PATTERN.test(v)) {
      throw validationError(
        Params.member(name),
        v,
        'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F) (a path starts and ends with /)',
      );
    }
    return v;
  }

  policyArn(name: string): string {
    const v = this.required(name);
    if (v.length < 20 || !ARN_PATTERN.test(v)) throw new AwsError('InvalidInput', `ARN ${v} is not valid.`, 400);
    return v;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.optional(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw validationError(Params.member(name), v, 'Member must be an integer');
    if (n < min || n > max) {
      throw validationError(
        Params.member(name),
        v,
        `Member must have value ${n < min ? 'greater than or equal to ' + min : 'less than or equal to ' + max}`,
      );
    }
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.optional(name);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw validationError(Params.member(name), v, "Member must be 'true' or 'false'");
    return v === 'true';
  }

  description(name: string): string | undefined {
    const v = this.optional(name);
    if (v !== undefined && v.length > 1000)
      throw validationError(Params.member(name), v, 'Member must have length less than or equal to 1000');
    if (v !== undefined && !DESCRIPTION_PATTERN.test(v)) {
      throw validationError(
        Params.member(name),
        v,
        'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*',
      );
    }
    return v;
  }

  list(name: string): string[] {
    return memberList(this.raw, name);
  }

  /** Tags.member.N.{Key,Value}: ≤ 50, keys 1..128 and unique (case-insensitively), values ≤ 256. */
  tags(name = 'Tags'): Tag[] {
    const tags = memberStructs(this.raw, name).map((t, i) => {
      const key = t.Key;
      if (key === undefined || key.length < 1 || key.length > 128) {
        throw validationError(`tags.${i + 1}.member.key`, key, 'Member must have length between 1 and 128');
      }
      if (!TAG_PATTERN.test(key))
        throw validationError(
          `tags.${i + 1}.member.key`,
          key,
          'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
        );
      const value = t.Value ?? '';
      if (!TAG_PATTERN.test(value) && value !== '')
        throw validationError(
          `tags.${i + 1}.member.value`,
          value,
          'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
        );
      if (value.length > 256)
        throw validationError(`tags.${i + 1}.member.value`, value, 'Member must have length less than or equal to 256');
      return { Key: key, Value: value };
    });
    if (tags.length > 50) throw new AwsError('LimitExceeded', `Cannot exceed quota for TagsPerRole: 50 (got ${tags.length} tags).`, 409);
    const seen = new Set<string>();
    for (const t of tags) {
      if (seen.has(t.Key.toLowerCase()))
        throw new AwsError(
          'InvalidInput',
          `Duplicate tag keys found. Please note that Tag keys are case insensitive. Duplicate key: ${t.Key}`,
          400,
        );
      seen.add(t.Key.toLowerCase());
    }
    return tags;
  }
}

/** Merges tags by key (case-insensitive, like IAM): a new value replaces the old one. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[], limit = 50): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  out.push(...added);
  if (out.length > limit)
    throw new AwsError('LimitExceeded', `Cannot exceed quota for TagsPerResource: ${limit} (would have ${out.length} tags).`, 409);
  return out;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}
