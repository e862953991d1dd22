/**
 * Attributes Terraform knows only after apply, computed the way AWS forms them when the resource's own
 * arguments fix them (a role's ARN from its name and path, a queue's from its name), so references such
 * as aws_iam_role.x.arn or aws_iam_policy.p.arn become values the importer can match; and the data
 * sources whose values need no AWS call (partition, region, caller identity when the account is given,
 * policy documents). Everything else stays Unknown with the reason.
 */
import { renderPolicyDocument } from './policy-document';
import { findUnknown, Unknown } from './hcl/values';

export interface AwsContext {
  readonly region: string;
  readonly partition: string;
  /** @default - unknown: ARNs with an account are Unknown */
  readonly account?: string;
}

type Arg = (name: string) => unknown;
const text = (v: unknown): string | Unknown =>
  typeof v === 'string' ? v : v instanceof Unknown ? v : new Unknown(`needs a string, found ${JSON.stringify(v)}`);

/** ARN builders per resource type: from the name argument (and path for IAM). */
const ARNS: Record<string, (name: string, arg: Arg, aws: AwsContext, account: string) => string> = {
  aws_iam_role: (n, arg, aws, a) => `arn:${aws.partition}:iam::${a}:role${iamPath(arg)}${n}`,
  aws_iam_policy: (n, arg, aws, a) => `arn:${aws.partition}:iam::${a}:policy${iamPath(arg)}${n}`,
  aws_lambda_function: (n, _arg, aws, a) => `arn:${aws.partition}:lambda:${aws.region}:${a}:function:${n}`,
  aws_cloudwatch_log_group: (n, _arg, aws, a) => `arn:${aws.partition}:logs:${aws.region}:${a}:log-group:${n}`,
  aws_sqs_queue: (n, _arg, aws, a) => `arn:${aws.partition}:sqs:${aws.region}:${a}:${n}`,
  aws_sns_topic: (n, _arg, aws, a) => `arn:${aws.partition}:sns:${aws.region}:${a}:${n}`,
  aws_dynamodb_table: (n, _arg, aws, a) => `arn:${aws.partition}:dynamodb:${aws.region}:${a}:table/${n}`,
  aws_kinesis_stream: (n, _arg, aws, a) => `arn:${aws.partition}:kinesis:${aws.region}:${a}:stream/${n}`,
  aws_s3_bucket: (n, _arg, aws) => `arn:${aws.partition}:s3:::${n}`,
};
/** The argument that names each resource type. */
const NAME_ARG: Record<string, string> = {
  aws_lambda_function: 'function_name',
  aws_s3_bucket: 'bucket',
};

function iamPath(arg: Arg): string {
  const p = arg('path');
  return typeof p === 'string' && p ? p : '/';
}

export function computedAttribute(type: string, attr: string, arg: Arg, aws: AwsContext, address: string): unknown {
  const nameArg = NAME_ARG[type] ?? 'name';
  const configured = arg(attr);
  if (configured !== undefined && attr !== 'arn') return configured;
  const name = () => {
    const n = arg(nameArg);
    if (n === undefined || n === null)
      return new Unknown(`${address}.${nameArg} is not set (a generated name is known only after apply)`, `${address}.${nameArg}`);
    return text(n);
  };
  if (attr === 'arn' && ARNS[type]) {
    const n = name();
    if (n instanceof Unknown) return n;
    if (!aws.account && type !== 'aws_s3_bucket')
      return new Unknown(`${address}.arn needs the account id: pass --account`, `${address}.arn`);
    return ARNS[type](n, arg, aws, aws.account ?? '');
  }
  if (type === 'aws_lambda_alias' && attr === 'arn') {
    const fn = text(arg('function_name'));
    const n = text(arg('name'));
    if (fn instanceof Unknown) return fn;
    if (n instanceof Unknown) return n;
    if (fn.startsWith('arn:')) return `${fn}:${n}`;
    if (!aws.account) return new Unknown(`${address}.arn needs the account id: pass --account`, `${address}.arn`);
    return `arn:${aws.partition}:lambda:${aws.region}:${aws.account}:function:${fn}:${n}`;
  }
  if (attr === nameArg || (attr === 'id' && ['aws_iam_role', 'aws_cloudwatch_log_group', 'aws_lambda_function'].includes(type)))
    return name();
  if (attr === 'id' && type === 'aws_iam_policy') return computedAttribute(type, 'arn', arg, aws, address);
  return new Unknown(`${address}.${attr} is known only after apply`, `${address}.${attr}`);
}

export function dataAttribute(type: string, attr: string, arg: Arg, aws: AwsContext): unknown {
  switch (type) {
    case 'aws_partition':
      if (attr === 'partition' || attr === 'id') return aws.partition;
      if (attr === 'dns_suffix') return aws.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      break;
    case 'aws_region':
      if (attr === 'name' || attr === 'region' || attr === 'id') return aws.region;
      break;
    case 'aws_caller_identity':
      if (attr === 'account_id' || attr === 'id')
        return aws.account ?? new Unknown('data.aws_caller_identity needs the account id: pass --account', 'account_id');
      break;
    case 'aws_iam_policy_document':
      if (attr === 'json' || attr === 'minified_json') {
        const args: Record<string, unknown> = {};
        for (const n of ['statement', 'source_policy_documents', 'override_policy_documents', 'version', 'policy_id']) args[n] = arg(n);
        return findUnknown(args) ?? renderPolicyDocument(args);
      }
      break;
  }
  return new Unknown(`data.${type}.${attr} is read from AWS at plan time`, `data.${type}.${attr}`);
}
