/**
 * The fields of one Lambda invoke permission, named as the aws_lambda_permission arguments are (camelCase).
 * The generator plans them, the policy checks judge them and the drift check reads them back from state and
 * from Lambda's resource policy: one shape for all three.
 */
export interface InvokePermissionFields {
  readonly statementId: string;
  /** @default 'lambda:InvokeFunction' */
  readonly action: string;
  /** A service principal, an account id, an IAM ARN or `*`. */
  readonly principal: string;
  /** Alias or version. @default - the unqualified function */
  readonly qualifier?: string;
  /** Condition ArnLike AWS:SourceArn. @default - none */
  readonly sourceArn?: string;
  /** Condition StringEquals AWS:SourceAccount. @default - none */
  readonly sourceAccount?: string;
  /** Condition StringEquals aws:PrincipalOrgID. @default - none */
  readonly principalOrgId?: string;
  /** Condition StringEquals lambda:EventSourceToken (Alexa skills). @default - none */
  readonly eventSourceToken?: string;
  /** Condition StringEquals lambda:FunctionUrlAuthType. @default - none */
  readonly functionUrlAuthType?: string;
  /**
   * Condition Bool lambda:InvokedViaFunctionUrl, 'true' when set: the permission admits only calls through the
   * function URL (aws_lambda_permission invoked_via_function_url, AWS provider 6.x). @default - none
   */
  readonly invokedViaFunctionUrl?: string;
}

/** The condition fields: a permission with none of them admits its principal from anywhere. */
export const INVOKE_SOURCE_CONDITIONS = ['sourceArn', 'sourceAccount', 'principalOrgId', 'eventSourceToken'] as const;

/** Where Lambda keeps each field in the policy statement it writes (for readable difference paths). */
export const INVOKE_STATEMENT_PATHS: Readonly<Record<Exclude<keyof InvokePermissionFields, 'statementId'>, string>> = {
  action: 'Action',
  principal: 'Principal',
  qualifier: 'Resource',
  sourceArn: 'Condition.ArnLike.AWS:SourceArn',
  sourceAccount: 'Condition.StringEquals.AWS:SourceAccount',
  principalOrgId: 'Condition.StringEquals.aws:PrincipalOrgID',
  eventSourceToken: 'Condition.StringEquals.lambda:EventSourceToken',
  functionUrlAuthType: 'Condition.StringEquals.lambda:FunctionUrlAuthType',
  invokedViaFunctionUrl: 'Condition.Bool.lambda:InvokedViaFunctionUrl',
};
