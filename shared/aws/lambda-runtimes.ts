/**
 * The runtime identifiers the Lambda API defines (CreateFunction's Runtime), the one home for them: the
 * definition schema and its JSON Schema take a runtime from this list, as the Terraform provider does (it
 * validates against the same API enum). Deprecated runtimes stay listed: Lambda, not this list, decides when
 * a deprecated runtime can no longer be created or updated. A test keeps the list equal to the SDK's enum.
 */
export const LAMBDA_RUNTIMES = [
  'dotnet10',
  'dotnet6',
  'dotnet8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'go1.x',
  'java11',
  'java11.al2023',
  'java17',
  'java17.al2023',
  'java21',
  'java25',
  'java8',
  'java8.al2',
  'java8.al2023',
  'nodejs',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'nodejs26.x',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'provided',
  'provided.al2',
  'provided.al2023',
  'python2.7',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'python3.15',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'ruby2.5',
  'ruby2.7',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'ruby4.0',
] as const;

export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];

export function isLambdaRuntime(value: string): value is LambdaRuntime {
  return (LAMBDA_RUNTIMES as readonly string[]).includes(value);
}
