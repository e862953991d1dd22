/**
 * Tagging (API version 2017-03-31): the resource is addressed by its full, unqualified function ARN in
 * the path, as AWS requires; names and qualified ARNs are refused with the reason. Event source mappings
 * are tagged the same way, by their `event-source-mapping:<uuid>` ARN.
 */
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import { resolveFunction, type LambdaState } from './model';
import { mappingByArn, mappingFunctionName } from './event-source-mappings';

const MAX_TAGS = 50;

/** What an ARN tags: a function, or an event source mapping (named by its function in CloudTrail). */
function functionByArn(state: LambdaState, ctx: CallContext, arn: string): { fn: { tags: Record<string, string> }; name: string } {
  const mapping = mappingByArn(state, ctx, arn);
  if (mapping) return { fn: mapping.mapping, name: mappingFunctionName(mapping.mapping) };
  if (!arn.startsWith('arn:')) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Resource '${arn}' is not an ARN. Tag operations need the full function ARN, e.g. arn:aws:lambda:us-east-1:123456789012:function:my-fn.`,
      400,
    );
  }
  const { fn, name, qualifier } = resolveFunction(state, ctx, arn);
  if (qualifier !== undefined) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Tags are not supported on versions or aliases (${arn}). Use the unqualified function ARN.`,
      400,
    );
  }
  return { fn, name };
}

export function tagResource(state: LambdaState, ctx: CallContext, arn: string, input: Record<string, unknown>) {
  const { fn, name } = functionByArn(state, ctx, arn);
  const tags = read.stringMap(input, 'Tags');
  if (!tags) throw new AwsError('InvalidParameterValueException', 'Tags is required: a map of tag keys to values.', 400);
  const merged = { ...fn.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw new AwsError(
      'InvalidParameterValueException',
      `A function can have at most ${MAX_TAGS} tags; this request would leave ${Object.keys(merged).length}.`,
      400,
    );
  }
  fn.tags = merged;
  return { name, tags };
}

export function untagResource(state: LambdaState, ctx: CallContext, arn: string, query: URLSearchParams) {
  const { fn, name } = functionByArn(state, ctx, arn);
  const keys = query.getAll('tagKeys');
  if (!keys.length) throw new AwsError('InvalidParameterValueException', 'tagKeys is required: pass at least one tag key to remove.', 400);
  fn.tags = Object.fromEntries(Object.entries(fn.tags).filter(([k]) => !keys.includes(k)));
  return { name, keys };
}

export function listTags(state: LambdaState, ctx: CallContext, arn: string): { Tags: Record<string, string> } {
  return { Tags: { ...functionByArn(state, ctx, arn).fn.tags } };
}
