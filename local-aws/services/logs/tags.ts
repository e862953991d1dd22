/**
 * Log group tags, in both API families: TagResource / UntagResource / ListTagsForResource by the log
 * group ARN without `:*` (what provider 5.100.0's transparent tagging calls, with the `arn` attribute as
 * the identifier), and the older TagLogGroup / UntagLogGroup / ListTagsLogGroup by name (the provider's
 * generated log_group_tags_gen.go still has them; AWS keeps serving them). Both change the same tags.
 */
import type { CallContext } from '../../types';
import { findGroup, groupByArn, type LogsState, type StoredLogGroup } from './model';
import { invalidParameter, member } from './wire';

const MAX_TAGS = 50;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** Checks `added` and returns the tags the group would hold afterwards. */
export function validateTags(added: Record<string, string>, current: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(added)) {
    if (!TAG_KEY.test(key)) {
      throw invalidParameter(`Tag key '${key}' is not valid: use 1-128 letters, digits, spaces and _ . : / = + - @.`);
    }
    if (key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag key '${key}' is reserved: keys may not start with 'aws:'.`);
    if (!TAG_VALUE.test(value)) {
      throw invalidParameter(`Tag value for '${key}' is not valid: use at most 256 letters, digits, spaces and _ . : / = + - @.`);
    }
  }
  const merged = { ...current, ...added };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw invalidParameter(`A log group can have at most ${MAX_TAGS} tags; this request would leave ${Object.keys(merged).length}.`);
  }
  return merged;
}

function addTags(group: StoredLogGroup, tags: Record<string, string> | undefined): Record<string, string> {
  if (!tags || !Object.keys(tags).length) throw invalidParameter('tags is required: a map of at least one tag key to its value.');
  group.tags = validateTags(tags, group.tags);
  return tags;
}

function removeTags(group: StoredLogGroup, keys: string[] | undefined, field: string): string[] {
  if (!keys || !keys.length) throw invalidParameter(`${field} is required: a list of at least one tag key to remove.`);
  group.tags = Object.fromEntries(Object.entries(group.tags).filter(([k]) => !keys.includes(k)));
  return keys;
}

export function tagResource(state: LogsState, ctx: CallContext, input: Record<string, unknown>) {
  const group = groupByArn(state, ctx, member.requiredString(input, 'resourceArn'));
  return { group, tags: addTags(group, member.stringMap(input, 'tags')) };
}

export function untagResource(state: LogsState, ctx: CallContext, input: Record<string, unknown>) {
  const group = groupByArn(state, ctx, member.requiredString(input, 'resourceArn'));
  return { group, keys: removeTags(group, member.stringList(input, 'tagKeys'), 'tagKeys') };
}

export function listTagsForResource(state: LogsState, ctx: CallContext, input: Record<string, unknown>) {
  return { tags: { ...groupByArn(state, ctx, member.requiredString(input, 'resourceArn')).tags } };
}

export function tagLogGroup(state: LogsState, ctx: CallContext, input: Record<string, unknown>) {
  const group = findGroup(state, ctx, member.requiredString(input, 'logGroupName'));
  return { group, tags: addTags(group, member.stringMap(input, 'tags')) };
}

/** UntagLogGroup names the keys to remove `tags` (a list), unlike UntagResource's `tagKeys`. */
export function untagLogGroup(state: LogsState, ctx: CallContext, input: Record<string, unknown>) {
  const group = findGroup(state, ctx, member.requiredString(input, 'logGroupName'));
  return { group, keys: removeTags(group, member.stringList(input, 'tags'), 'tags') };
}

export function listTagsLogGroup(state: LogsState, ctx: CallContext, input: Record<string, unknown>) {
  return { tags: { ...findGroup(state, ctx, member.requiredString(input, 'logGroupName')).tags } };
}
