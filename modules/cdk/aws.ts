/**
 * The boundary to the AWS provider binding (`@cdktf/provider-aws` 20.x for AWS provider 5.x, 21.x for 6.x; on
 * CDK Terrain `@cdktn/provider-aws`, installed under this name): every resource class and config type the
 * constructs build, each from its own module (the package root loads some 2,000 modules). The classes keep
 * the binding's names; the constructs alias the one that clashes with theirs (LambdaFunction).
 */
export { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
export { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
export { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
export { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
export { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
export { LambdaEventSourceMapping, type LambdaEventSourceMappingConfig } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
export { LambdaFunction, type LambdaFunctionConfig } from '@cdktf/provider-aws/lib/lambda-function';
export { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
export { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
