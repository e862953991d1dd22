/**
 * The AWS services that invoke a function through its resource policy, as the invokers' service kinds:
 * each with its service principal and the rule its source ARN follows (the ARN's service, and the resource
 * type in the ARN's resource part). Kept apart from the planner (invokers.ts) because it is data.
 */
export type ServiceInvokerKind =
  | 's3'
  | 'sns'
  | 'eventbridge'
  | 'api-gateway'
  | 'cloudwatch-logs'
  | 'iot'
  | 'cognito-user-pool'
  | 'config'
  | 'secrets-manager'
  | 'elastic-load-balancing'
  | 'ses'
  | 'lex'
  | 'codecommit';

export interface InvokerService {
  /** The service principal's name: `<service>.amazonaws.com`. */
  readonly service: string;
  /** The service part of its source ARNs. */
  readonly arnService: string;
  /** The resource part of its source ARNs (wildcards allowed: Lambda matches source_arn with ArnLike). */
  readonly resource: RegExp;
  /** The resource type, for messages, e.g. 'rule'. */
  readonly resourceType: string;
  /** Statement-id label: Allow<Label>-<name>. */
  readonly label: string;
  readonly example: string;
}

export const INVOKER_SERVICES: Readonly<Record<ServiceInvokerKind, InvokerService>> = {
  // Bucket ARNs have no type prefix and no slash: `arn:aws:s3:::bucket`, never an object ARN.
  s3: { service: 's3', arnService: 's3', resource: /^[^/:]+$/, resourceType: 'bucket', label: 'S3', example: 'arn:aws:s3:::my-bucket' },
  sns: {
    service: 'sns',
    arnService: 'sns',
    resource: /^[^/:]+$/,
    resourceType: 'topic',
    label: 'SNS',
    example: 'arn:aws:sns:us-east-1:123456789012:my-topic',
  },
  // A rule on the default bus is rule/NAME; on a custom bus (also another account's) rule/BUS/NAME.
  eventbridge: {
    service: 'events',
    arnService: 'events',
    resource: /^rule\/.+/,
    resourceType: 'rule',
    label: 'EventBridge',
    example: 'arn:aws:events:us-east-1:123456789012:rule/my-bus/my-rule',
  },
  'api-gateway': {
    service: 'apigateway',
    arnService: 'execute-api',
    resource: /^[\w*?]+(\/.*)?$/,
    resourceType: 'API (api-id/stage/method/path)',
    label: 'ApiGateway',
    example: 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders',
  },
  'cloudwatch-logs': {
    service: 'logs',
    arnService: 'logs',
    resource: /^log-group:.+/,
    resourceType: 'log-group',
    label: 'CloudWatchLogs',
    example: 'arn:aws:logs:us-east-1:123456789012:log-group:my-group:*',
  },
  iot: {
    service: 'iot',
    arnService: 'iot',
    resource: /^rule\/.+/,
    resourceType: 'rule',
    label: 'IoT',
    example: 'arn:aws:iot:us-east-1:123456789012:rule/my_rule',
  },
  // Cognito user pool triggers invoke as cognito-idp; identity pools do not invoke functions directly.
  'cognito-user-pool': {
    service: 'cognito-idp',
    arnService: 'cognito-idp',
    resource: /^userpool\/.+/,
    resourceType: 'userpool',
    label: 'CognitoUserPool',
    example: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc',
  },
  // AWS Config custom rules: the rule that evaluates with this function.
  config: {
    service: 'config',
    arnService: 'config',
    resource: /^config-rule\/.+/,
    resourceType: 'config-rule',
    label: 'Config',
    example: 'arn:aws:config:us-east-1:123456789012:config-rule/config-rule-a1b2c3',
  },
  // Rotation: Secrets Manager invokes the rotation function for this secret.
  'secrets-manager': {
    service: 'secretsmanager',
    arnService: 'secretsmanager',
    resource: /^secret:.+/,
    resourceType: 'secret',
    label: 'SecretsManager',
    example: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-credentials-AbCdEf',
  },
  // An Application Load Balancer target group with this function as target.
  'elastic-load-balancing': {
    service: 'elasticloadbalancing',
    arnService: 'elasticloadbalancing',
    resource: /^targetgroup\/.+/,
    resourceType: 'targetgroup',
    label: 'ElasticLoadBalancing',
    example: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
  },
  // SES receipt rules invoke through a rule of a rule set.
  ses: {
    service: 'ses',
    arnService: 'ses',
    resource: /^receipt-rule-set\/.+/,
    resourceType: 'receipt-rule-set',
    label: 'SES',
    example: 'arn:aws:ses:us-east-1:123456789012:receipt-rule-set/inbound:receipt-rule/store',
  },
  // Amazon Lex V2 bots call fulfillment functions per bot alias.
  lex: {
    service: 'lexv2',
    arnService: 'lex',
    resource: /^bot-alias\/.+/,
    resourceType: 'bot-alias',
    label: 'Lex',
    example: 'arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID1234/ALIASID12',
  },
  // CodeCommit repository triggers; repository ARNs are the bare name.
  codecommit: {
    service: 'codecommit',
    arnService: 'codecommit',
    resource: /^[\w.-]+$/,
    resourceType: 'repository',
    label: 'CodeCommit',
    example: 'arn:aws:codecommit:us-east-1:123456789012:my-repo',
  },
};

export const SERVICE_INVOKER_KINDS = Object.keys(INVOKER_SERVICES) as ServiceInvokerKind[];
