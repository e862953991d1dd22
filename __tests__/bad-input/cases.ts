/**
 * The bad-input corpus as a table: each case is a command line (with a fixture from fixtures/, written by
 * make-fixtures.ts), and what its one error message must contain: what names the input (the file, field or
 * flag), the value, and the fix. `reports` says what report files passed to the run hold afterwards:
 *   'error-report'  the run had started (its inputs are checked inside the job): every --output/--report
 *                   file is replaced by an error report, so CI never posts a stale one;
 *   'untouched'     the CLI refused the command line before any run (a bad flag, a bad report target): the
 *                   files are left as they were (nothing was run, nothing is claimed);
 *   'none'          the command writes no report files (check, local-aws, demo, schema).
 * `summary` marks `check`, which lists problems in its summary (exit 1) rather than throwing: no stack trace
 * with --debug either.
 */
import { join } from 'node:path';

export const FIXTURES = join(__dirname, 'fixtures');
export const fixture = (dir: string, name: string) => join(FIXTURES, dir, name);

export interface Paths {
  /** A valid state (the small account's), for cases about another input. */
  readonly validState: string;
  /** A directory, a missing file, a file that exists, for path misuse. */
  readonly aDirectory: string;
  readonly missing: string;
  readonly existing: string;
  /** The huge state, generated into a temp dir. */
  readonly hugeState: string;
}

export interface BadInput {
  readonly name: string;
  readonly argv: (p: Paths) => string[];
  /**
   * What the one error message must contain, in any order: what names the input (the file, and the field or
   * the flag), the value it holds, and the fix.
   */
  readonly message: (p: Paths) => readonly string[];
  readonly reports: 'error-report' | 'untouched' | 'none';
  /** `check` reports in its summary (stdout), not by throwing. @default false */
  readonly summary?: boolean;
  /** Commander's own usage errors: no stack trace even with --debug. @default false */
  readonly usage?: boolean;
  /** Needs the local endpoint (STS answers who the credentials are). @default false */
  readonly endpoint?: boolean;
  /** Extra environment. @default - none */
  readonly env?: Readonly<Record<string, string>>;
}

const DAMAGED = 'terraform state pull';
const state = (file: string, names: string, value: string, fix = DAMAGED, extra: Partial<BadInput> = {}): BadInput => ({
  name: `state ${file}`,
  argv: () => ['drift', '--state', fixture('state', `${file}.json`)],
  message: () => [file, names, value, fix],
  reports: 'error-report',
  ...extra,
});

export const STATE_CASES: readonly BadInput[] = [
  state('empty.tfstate', 'empty.tfstate', 'invalid JSON (Unexpected end of JSON input)'),
  state('whitespace.tfstate', 'whitespace.tfstate', 'invalid JSON (Unexpected end of JSON input)'),
  state('truncated.tfstate', 'truncated.tfstate', 'invalid JSON (Expected property name'),
  state('binary.tfstate', 'binary.tfstate', 'is not valid UTF-8: byte 0x94 at offset 4', 're-save the file as UTF-8'),
  state('gzip.tfstate', 'gzip.tfstate', 'is not valid UTF-8: byte 0x8B at offset 1', 're-save the file as UTF-8'),
  state('latin1.tfstate', 'latin1.tfstate', 'is not valid UTF-8: byte 0xF4', 're-save the file as UTF-8'),
  state('utf16.tfstate', 'utf16.tfstate', 'is UTF-16', 're-save it as UTF-8'),
  state('version-3.tfstate', 'version-3.tfstate', 'unsupported Terraform state version 3', 'expected version 4'),
  state('version-5.tfstate', 'version-5.tfstate', 'unsupported Terraform state version 5', 'expected version 4'),
  state('version-missing.tfstate', 'version-missing.tfstate', 'no "version" field', 'expected version 4'),
  state('version-text.tfstate', 'version-text.tfstate', 'unsupported Terraform state version "four"', 'expected version 4'),
  state('a-list.tfstate', 'a-list.tfstate', 'the JSON is an array', DAMAGED),
  state('null.tfstate', 'null.tfstate', 'the JSON is null', DAMAGED),
  state('a-string.tfstate', 'a-string.tfstate', 'the JSON is a string', DAMAGED),
  state('resources-object.tfstate', 'resources-object.tfstate', '"resources" must be an array, got object', DAMAGED),
  state('resource-a-string.tfstate', 'resource-a-string.tfstate', 'resources[0] is string', DAMAGED),
  state('instances-object.tfstate', 'aws_iam_role.exec.instances', 'is object, expected a list', DAMAGED),
  state('attributes-a-list.tfstate', 'aws_iam_role.exec.attributes', 'is an array, expected an object', DAMAGED),
  state('role-name-missing.tfstate', 'aws_iam_role.exec: attribute "name"', 'is missing', DAMAGED),
  state('role-name-number.tfstate', 'aws_iam_role.exec.name', 'is number 42', DAMAGED),
  state('role-max-session-text.tfstate', 'aws_iam_role.exec.max_session_duration', 'the string "one hour"', DAMAGED),
  state('role-tags-list.tfstate', 'aws_iam_role.exec.tags_all', 'is a list, expected a map of strings', DAMAGED),
  state('attachment-arn-not-arn.tfstate', 'aws_iam_role_policy_attachment.basic.policy_arn', '"AWSLambdaBasicExecutionRole"', DAMAGED),
  state('permission-principal-missing.tfstate', 'aws_lambda_permission.events: attribute "principal"', 'is missing', DAMAGED),
  state('permission-function-missing.tfstate', 'aws_lambda_permission.events: attribute "function_name"', 'is missing', DAMAGED),
  state('function-role-not-arn.tfstate', 'aws_lambda_function.fn.role', 'the string "svc-exec", expected an ARN', DAMAGED),
  state(
    'trust-not-json.tfstate',
    'aws_iam_role.exec.assume_role_policy',
    'not a JSON policy document',
    'fix the policy in the Terraform configuration',
  ),
  state(
    'trust-not-iam.tfstate',
    'aws_iam_role.exec.assume_role_policy',
    'unknown top-level element "foo"',
    'fix the policy in the Terraform configuration',
  ),
  state(
    'inline-not-iam.tfstate',
    'aws_iam_role_policy.app.policy',
    'unknown top-level element "foo"',
    'fix the policy in the Terraform configuration',
  ),
  state(
    'inline-effect-lowercase.tfstate',
    'aws_iam_role_policy.app.policy',
    'Effect is "allow"',
    'fix the policy in the Terraform configuration',
  ),
  state(
    'inline-policy-a-number.tfstate',
    'aws_iam_role_policy.app.policy',
    'a number, expected a JSON string',
    'fix the policy in the Terraform configuration',
  ),
  state('deep-nesting.tfstate', 'deep-nesting.tfstate', 'resources[0] is an array', DAMAGED),
  state(
    'another-account.tfstate',
    'another-account.tfstate',
    'is for account 111111111111, the credentials are for 000000000000',
    "use the account's credentials or --profile",
    { endpoint: true },
  ),
  {
    name: 'state huge.tfstate (60,000 roles, 57 MB; the last one damaged)',
    argv: (p) => ['drift', '--state', p.hugeState],
    message: (p) => [p.hugeState, 'aws_iam_role.r59999.max_session_duration', 'the string "forever"', DAMAGED],
    reports: 'error-report',
  },
];

const ignore = (file: string, names: string, value: string, fix: string): BadInput => ({
  name: `ignore file ${file}`,
  argv: (p) => ['drift', '--state', p.validState, '--ignore-file', fixture('ignore', file)],
  message: () => [fixture('ignore', file), names, value, fix],
  reports: 'error-report',
});

export const IGNORE_CASES: readonly BadInput[] = [
  ignore('empty.yaml', 'empty.yaml:1: (file)', 'empty', 'expected a mapping with `rules:`'),
  ignore('not-a-mapping.yaml', 'not-a-mapping.yaml:1: (file)', 'a list of 1 item(s)', 'expected a mapping with `rules:`'),
  ignore('rules-not-a-list.yaml', 'rules-not-a-list.yaml:1: rules', '"TAGS_CHANGED"', 'expected a list of rules'),
  ignore('unknown-top-level.yaml', 'unknown-top-level.yaml:5: ignore', 'unknown field', 'the file holds only `rules:`'),
  ignore('code-unknown.yaml', 'code-unknown.yaml:2: rules[0].code', '"TAG_CHANGED"', 'use "*" or a code from the README'),
  ignore('resource-missing.yaml', 'resource-missing.yaml:2: rules[0].resource', 'missing', 'give a glob over the Terraform address'),
  ignore('reason-todo.yaml', 'reason-todo.yaml:4: rules[0].reason', '"TODO"', 'replace it with why this is acceptable'),
  ignore('reason-short.yaml', 'reason-short.yaml:4: rules[0].reason', '"ok"', 'say why this is acceptable in at least 10 characters'),
  ignore('expires-not-a-date.yaml', 'expires-not-a-date.yaml:5: rules[0].expires', '"next week"', 'expected a date YYYY-MM-DD'),
  ignore(
    'expires-not-a-day.yaml',
    'expires-not-a-day.yaml:5: rules[0].expires',
    '"2027-02-30"',
    'not a calendar date; expected YYYY-MM-DD',
  ),
  ignore('account-short.yaml', 'account-short.yaml:5: rules[0].account', '"12345"', 'expected a 12-digit account id'),
  ignore('unknown-field.yaml', 'unknown-field.yaml:5: rules[0].severity', 'unknown field', 'a rule has code, resource'),
  ignore('yaml-syntax.yaml', 'yaml-syntax.yaml:3:1', 'not valid YAML: Flow sequence', 'end with a ]'),
  ignore('alias-bomb.yaml', 'alias-bomb.yaml', 'cannot be expanded', 'write the values out'),
  ignore('deep-nesting.yaml', 'deep-nesting.yaml:5:', 'not valid YAML', 'Maximum call stack size exceeded'),
  ignore('latin1.yaml', 'latin1.yaml', 'is not valid UTF-8: byte 0xE9', 're-save the file as UTF-8'),
];

const config = (file: string, names: string, value: string, fix: string): BadInput => ({
  name: `config ${file}`,
  argv: () => ['drift', '--config', fixture('config', file)],
  message: () => [fixture('config', file), names, value, fix],
  reports: 'error-report',
});

export const CONFIG_CASES: readonly BadInput[] = [
  config('empty.yaml', 'empty.yaml:1: (file)', 'empty', 'expected a mapping with `targets:`'),
  config('targets-missing.yaml', 'targets-missing.yaml:1: targets', 'missing', 'the file lists `targets:`'),
  config('targets-empty.yaml', 'targets-empty.yaml:1: targets', '[]', 'list at least one target'),
  config('name-bad.yaml', 'name-bad.yaml:2: targets[0].name', '"prod env"', 'expected letters, digits'),
  config(
    'account-unquoted-short.yaml',
    'account-unquoted-short.yaml:3: targets[0].account',
    '"12345"',
    'expected a 12-digit account id, quoted',
  ),
  config('regions-missing.yaml', 'regions-missing.yaml:2: targets[0].regions', 'missing', 'list the regions, e.g. [us-east-1]'),
  config('region-bad.yaml', 'region-bad.yaml:4: targets[0].regions[0]', '"us-east-one"', 'expected an AWS region such as us-east-1'),
  config(
    'role-arn-bad.yaml',
    'role-arn-bad.yaml:6: targets[0].role.arn',
    '"arn:aws:iam::000000000000:user/ci"',
    'expected e.g. arn:aws:iam::111111111111:role/drift-job',
  ),
  config(
    'role-other-account.yaml',
    'role-other-account.yaml:6: targets[0].role.arn',
    'the role is in account 111111111111',
    "assume a role in the target's account",
  ),
  config('no-state.yaml', 'no-state.yaml:2: targets[0].stacks', 'the target has no state', 'give stacks: [NAME] or states: [FILE]'),
  config(
    'state-missing-file.yaml',
    'state-missing-file.yaml:5: targets[0].states[0]',
    '"nowhere/terraform.tfstate": no such file',
    'give the path of a terraform.tfstate',
  ),
  config(
    'stack-not-synthesized.yaml',
    'stack-not-synthesized.yaml:5: targets[0].stacks[0]',
    '"orders-api": not synthesized',
    'run `npm run synth`',
  ),
  config('duplicate-target.yaml', 'duplicate-target.yaml:6: targets[1].name', '"prod"', 'give each target its own name'),
  config('unknown-field.yaml', 'unknown-field.yaml:6: targets[0].profile', 'unknown field', 'a target has name, account, regions'),
  config('deploy-identity-bad.yaml', 'deploy-identity-bad.yaml:6: targets[0].deployIdentity', '"terraform"', 'expected an IAM or STS ARN'),
  config('alias-bomb.yaml', 'alias-bomb.yaml', 'cannot be expanded', 'write the values out'),
  config('deep-nesting.yaml', 'deep-nesting.yaml:6:', 'not valid YAML', 'Maximum call stack size exceeded'),
];

const merge = (file: string, names: string, value: string, fix: string): BadInput => ({
  name: `report merge ${file}`,
  argv: () => ['report', 'merge', fixture('report', file), fixture('report', 'valid.json')],
  message: () => [fixture('report', file), names, value, fix],
  reports: 'error-report',
});

export const REPORT_CASES: readonly BadInput[] = [
  merge('not-json.json', 'not-json.json', "not JSON (Unexpected token '<')", 'pass the JSON report a drift run wrote'),
  merge('no-schema-version.json', 'no-schema-version.json', 'no schemaVersion', 'pass the JSON report a drift run wrote'),
  merge(
    'schema-version-2.json',
    'schema-version-2.json',
    'schemaVersion 2 is not supported',
    'merge reports written by a version that writes 1',
  ),
  merge('verdict-unknown.json', 'verdict-unknown.json: verdict', '"fine"', 'pass the JSON report a drift run wrote'),
  merge('findings-not-a-list.json', 'findings-not-a-list.json: findings', '{}: Expected array', 'pass the JSON report a drift run wrote'),
  merge('sarif-instead.json', 'sarif-instead.json', 'no schemaVersion', 'pass the JSON report a drift run wrote'),
  merge('latin1.json', 'latin1.json', 'is not valid UTF-8: byte 0xE9', 're-save the file as UTF-8'),
];

/** One per bad field of a stack definition (the same for .json and .yaml): [field, value, fix]. */
const DEFINITION_FIELD_MESSAGES: Readonly<Record<string, readonly [string, string, string]>> = {
  'stack-name': ['field name', '(got "9 payments")', 'Fix: change the value'],
  'stack-region': ['field region', '(got "us-east-99x")', 'Fix: change the value'],
  'stack-account': ['field account', '"12345"', 'Fix: write the account id as a 12-digit string'],
  'stack-unknown-field': ['field (root)', 'unknown field(s) owner', 'Fix: remove or correct the spelling'],
  'stack-backend-type': ['field backend.type', '"consul"', 'Fix: use one of local, s3'],
  'stack-backend-s3-bucket': ['field backend.bucket', '(got "x")', 'Fix: change the value'],
  'stack-defaults-boundary': ['field defaults.permissionsBoundary', '"PowerUserAccess"', 'Fix: use arn:'],
  'stack-defaults-tags': ['field defaults.tags.team', '(got 7)', 'Fix: write a string here'],
  'stack-functions-empty': ['field functions', '(got [])', 'Fix: change the value'],
  'function-name': ['field functions[0].name', '(got "charge card")', 'Fix: change the value'],
  'function-name-duplicate': ['field functions[1].name', '"charge" is defined twice', 'Fix: rename one of them'],
  'function-unknown-field': ['field functions[0]:', 'unknown field(s) memory', 'Fix: remove or correct the spelling'],
  'role-name': ['field functions[0].role.name', '"charge exec/role"', 'Fix: shorten it'],
  'role-path': ['field functions[0].role.path', '"service-roles"', 'Fix: write it like "/"'],
  'role-description': ['field functions[0].role.description', '"xxxxxxxxxx', 'Fix: shorten the description'],
  'role-max-session-duration': ['field functions[0].role.maxSessionDuration', '100 is out of range', 'Fix: use a value such as 3600'],
  'role-permissions-boundary': ['field functions[0].role.permissionsBoundary', '"arn:aws:iam::aws:boundary/x"', 'Fix: use arn:'],
  'role-tags': ['field functions[0].role.tags', '(got ["tier","api"])', 'Fix: write a mapping'],
  'role-trust-kind': ['field functions[0].role.trust[0].kind', '"robot"', 'Fix: use one of service, account'],
  'role-confused-deputy-reason': ['field functions[0].role.confusedDeputyProtection.reason', '(got "no")', 'Fix: change the value'],
  'managed-policies': ['field functions[0].managedPolicies[0]', '"AWSLambdaBasicExecution"', 'Fix: use one of AWSLambdaBasicExecutionRole'],
  'statement-effect': ['field functions[0].statements[0].effect', '(got "allow")', 'Fix: use one of "Allow", "Deny"'],
  'statement-actions-empty': ['field functions[0].statements[0].actions', '(got [])', 'Fix: change the value'],
  'statement-unknown-field': ['field functions[0].statements[0]:', 'unknown field(s) resource', 'Fix: remove or correct the spelling'],
  'customer-policy-name': ['field functions[0].customerPolicies[0].name', '(got "bad name!")', 'Fix: change the value'],
  'exclusive-attachments': ['field functions[0].exclusiveAttachments', '(got "yes")', 'Fix: write true or false here'],
  'invoker-kind': ['field functions[0].invokers[0].kind', '"carrier-pigeon"', 'Fix: use one of s3, sns'],
  'invoker-source-arn': ['field functions[0].invokers[0].sourceArn', 'sourceArn is missing', 'Fix: set sourceArn'],
  'features-vpc': ['field functions[0].features.vpc.subnetIds', '(got [])', 'Fix: change the value'],
  'features-event-sources': ['field functions[0].features.eventSources[0]', '(got "carrier-pigeon")', 'Fix: use one of "sqs"'],
  'code-runtime': ['field functions[0].code.runtime', '"node20"', 'Fix: use one such as nodejs20.x'],
  'code-memory-size': ['field functions[0].code.memorySize', '(got 64)', 'Fix: change the value'],
  aliases: ['field functions[0].aliases[0].name', '(got "")', 'Fix: change the value'],
  'async-invoke': ['field functions[0].asyncInvoke.maximumRetryAttempts', '9 is out of range 0–2', 'Fix: use 0, 1 or 2'],
  'event-source-mappings': ['field functions[0].eventSourceMappings[0].queueArn', '"not-an-arn"', 'Fix: use an ARN like'],
  logging: ['field functions[0].logging', 'unknown field(s) retentionDays', 'Fix: remove or correct the spelling'],
  existing: ['field functions[1].existing', '(got "")', 'Fix: change the value'],
  'function-tags': ['field functions[0].tags', '(got "team=payments")', 'Fix: write a mapping'],
  'suppression-reason': ['field functions[0].suppressions[0].reason', '(got "ok")', 'Fix: change the value'],
};

/** Whole-file problems of a definition: [field, value, fix]. */
const DEFINITION_FILE_MESSAGES: Readonly<Record<string, readonly [string, string, string]>> = {
  'empty.json': ['field (file)', 'is not valid JSON: Unexpected end of JSON input', 'Fix: correct the syntax'],
  'empty.yaml': ['field (root)', '(got null)', 'Fix: write a mapping'],
  'json-trailing-comma.json': [
    'field (file)',
    'is not valid JSON: Expected double-quoted property name at line',
    'Fix: correct the syntax',
  ],
  'json-truncated.json': ['field (file)', 'is not valid JSON', 'Fix: correct the syntax'],
  'json-deep-nesting.json': ['field name', '(got […])', 'Fix: write a string here'],
  'json-a-list.json': ['field (root)', '(got a list of 1 item(s))', 'Fix: write a mapping'],
  'utf16.json': ['field (file)', 'is UTF-16', 're-save it as UTF-8'],
  'latin1.yaml': ['field (file)', 'is not valid UTF-8: byte 0xE9', 're-save the file as UTF-8'],
  'yaml-alias-bomb.yaml': ['field (file)', 'cannot be expanded', 'Fix: write the values out'],
  'yaml-deep-nesting.yaml': ['field (file)', 'is not valid YAML at line', 'Fix: correct the syntax'],
  'yaml-tag.yaml': ['field (file)', 'tag:yaml.org,2002:js/function', 'Fix: remove it'],
  'yaml-duplicate-key.yaml': ['field (file)', 'at line 3: Map keys must be unique', 'Fix: correct the syntax'],
  'yaml-tab-indent.yaml': ['field (file)', 'Tabs are not allowed as indentation', 'Fix: correct the syntax'],
  'yaml-syntax.yaml': ['field (file)', 'at line 3: Flow sequence', 'Fix: correct the syntax'],
};

const definition = (file: string, [field, value, fix]: readonly [string, string, string]): BadInput => ({
  name: `definition ${file}`,
  argv: () => ['check', fixture('definition', file)],
  message: () => [fixture('definition', file), field, value, fix],
  reports: 'none',
  summary: true,
});

export const DEFINITION_CASES: readonly BadInput[] = [
  ...Object.entries(DEFINITION_FIELD_MESSAGES).flatMap(([name, m]) => [definition(`${name}.json`, m), definition(`${name}.yaml`, m)]),
  ...Object.entries(DEFINITION_FILE_MESSAGES).map(([file, m]) => definition(file, m)),
];

const flag = (
  name: string,
  argv: (p: Paths) => string[],
  names: string | ((p: Paths) => string),
  value: string,
  fix: string,
  reports: BadInput['reports'],
  extra: Partial<BadInput> = {},
): BadInput => ({
  name,
  argv,
  message: (p) => [typeof names === 'string' ? names : names(p), value, fix],
  reports,
  ...extra,
});

export const FLAG_CASES: readonly BadInput[] = [
  flag(
    'drift --format xml',
    (p) => ['drift', '--state', p.validState, '--format', 'xml'],
    '--format',
    '"xml"',
    'expected text, json, markdown, sarif, junit or html',
    'untouched',
  ),
  flag(
    'drift --format twice',
    (p) => ['drift', '--state', p.validState, '--format', 'json', '--format', 'markdown'],
    '--format',
    '["json","markdown"]',
    'for several reports use --report FORMAT=PATH',
    'untouched',
  ),
  flag(
    'drift --fail-on severe',
    (p) => ['drift', '--state', p.validState, '--fail-on', 'severe'],
    '--fail-on',
    '"severe"',
    'expected critical, high, medium or low',
    'untouched',
  ),
  flag(
    'drift --since 7x',
    (p) => ['drift', '--state', p.validState, '--since', '7x'],
    '--since',
    '"7x"',
    'expected a number and a unit',
    'untouched',
  ),
  flag(
    'drift --since 100d',
    (p) => ['drift', '--state', p.validState, '--since', '100d'],
    '--since',
    '"100d"',
    'use at most 90d',
    'untouched',
  ),
  flag(
    'drift --concurrency 0',
    (p) => ['drift', '--state', p.validState, '--concurrency', '0'],
    '--concurrency',
    '"0"',
    'expected at least 1',
    'untouched',
  ),
  flag(
    'drift --concurrency abc',
    (p) => ['drift', '--state', p.validState, '--concurrency', 'abc'],
    '--concurrency',
    '"abc"',
    'expected a whole number from 1 to 32',
    'untouched',
  ),
  flag(
    'drift --region mars-1',
    (p) => ['drift', '--state', p.validState, '--region', 'mars-1'],
    '--region',
    '"mars-1"',
    'expected an AWS region such as us-east-1',
    'untouched',
  ),
  flag(
    'drift --deploy-identity terraform',
    (p) => ['drift', '--state', p.validState, '--deploy-identity', 'terraform'],
    '--deploy-identity',
    '"terraform"',
    'expected an IAM or STS ARN',
    'untouched',
  ),
  flag(
    'drift --timeout 5',
    (p) => ['drift', '--state', p.validState, '--timeout', '5'],
    '--timeout',
    '"5"',
    'a whole number and a unit ms|s|m|h',
    'error-report',
  ),
  flag(
    'drift --request-timeout 1.5s',
    (p) => ['drift', '--state', p.validState, '--request-timeout', '1.5s'],
    '--request-timeout',
    '"1.5s"',
    'a whole number and a unit',
    'error-report',
  ),
  flag(
    'drift --incremental without --checkpoint',
    (p) => ['drift', '--state', p.validState, '--incremental'],
    '--incremental',
    'true',
    'needs --checkpoint FILE',
    'untouched',
  ),
  flag(
    'drift --checkpoint without --incremental',
    (p) => ['drift', '--state', p.validState, '--checkpoint', p.missing],
    '--checkpoint',
    'only with --incremental',
    'add --incremental --checkpoint FILE',
    'untouched',
  ),
  flag(
    'drift --report xml=PATH',
    (p) => ['drift', '--state', p.validState, '--report', `xml=${p.missing}`],
    '--report',
    'unknown format "xml"',
    'FORMAT one of text, json, markdown',
    'untouched',
  ),
  flag(
    'drift --report json (no path)',
    (p) => ['drift', '--state', p.validState, '--report', 'json'],
    '--report',
    '"json": no path',
    'expected FORMAT=PATH',
    'untouched',
  ),
  flag(
    'drift --output a directory',
    (p) => ['drift', '--state', p.validState, '--output', p.aDirectory],
    '--output',
    'is a directory',
    'pass a file path such as',
    'untouched',
  ),
  flag(
    'drift --output in a missing directory',
    (p) => ['drift', '--state', p.validState, '--output', join(p.missing, 'drift.json')],
    '--output',
    'does not exist',
    'create it or choose another path',
    'untouched',
  ),
  flag(
    'drift --definition without =',
    (p) => ['drift', '--state', p.validState, '--definition', 'orders'],
    '--definition',
    '"orders"',
    'expected STACK=FILE',
    'untouched',
  ),
  flag(
    'drift --state a missing file',
    (p) => ['drift', '--state', p.missing],
    '--state',
    'file not found',
    'pass the path of a Terraform state file',
    'error-report',
  ),
  flag(
    'drift --state a directory',
    (p) => ['drift', '--state', p.aDirectory],
    '--state',
    'not a file',
    'pass the path of a Terraform state file',
    'error-report',
  ),
  flag('drift --stack bad/name', () => ['drift', '--stack', 'bad/name'], '--stack', '"bad/name"', 'letters, digits, . _ -', 'error-report'),
  flag(
    'drift --stack not synthesized',
    (p) => ['drift', '--stack', 'orders-api', '--outdir', p.missing],
    '--stack orders-api',
    'no synthesized stack at',
    'run `npm run synth` first, or pass --outdir',
    'error-report',
  ),
  flag('drift without a state', () => ['drift'], 'no Terraform state given', '--stack NAME', 'or --state FILE', 'error-report'),
  flag(
    'drift --target without --config',
    (p) => ['drift', '--state', p.validState, '--target', 'prod'],
    '--target',
    'prod',
    'needs --config FILE',
    'error-report',
  ),
  flag(
    'drift --config beside --state',
    (p) => ['drift', '--config', p.existing, '--state', p.validState],
    '--state',
    `not with --config`,
    'set stacks, states, outdir and regions per target',
    'error-report',
  ),
  flag(
    'drift --config a missing file',
    (p) => ['drift', '--config', p.missing],
    '--config',
    'file not found',
    'pass the path of the drift config',
    'error-report',
  ),
  flag(
    'drift --ignore-file a missing file',
    (p) => ['drift', '--state', p.validState, '--ignore-file', p.missing],
    '--ignore-file',
    'file not found',
    'pass the path of an ignore file',
    'error-report',
  ),
  flag(
    'drift --write-ignore an existing file',
    (p) => ['drift', '--state', p.validState, '--write-ignore', p.existing],
    '--write-ignore',
    'the file exists',
    'Choose a new path',
    'error-report',
  ),
  flag(
    'drift --source-root a missing directory',
    (p) => ['drift', '--state', p.validState, '--source-root', p.missing],
    '--source-root',
    'not a directory',
    'pass the repository root',
    'error-report',
  ),
  flag(
    'drift --profile nosuch',
    (p) => ['drift', '--state', p.validState, '--profile', 'nosuch'],
    '--profile',
    '"nosuch"',
    'aws configure --profile nosuch',
    'error-report',
  ),
  flag(
    'drift with AWS_REGION=mars-1',
    (p) => ['drift', '--state', p.validState],
    'AWS_REGION',
    '"mars-1"',
    'set AWS_REGION to a region name',
    'error-report',
    { env: { AWS_REGION: 'mars-1' } },
  ),
  flag(
    'drift --bogus',
    (p) => ['drift', '--state', p.validState, '--bogus'],
    'unknown option',
    "'--bogus'",
    'add --help for usage',
    'untouched',
    { usage: true },
  ),
  flag(
    'drift --state without its value',
    () => ['drift', '--state'],
    "option '--state <file>'",
    'argument missing',
    'add --help for usage',
    'untouched',
    { usage: true },
  ),
  flag(
    'report merge without inputs',
    () => ['report', 'merge'],
    "argument 'reports'",
    'missing required',
    'add --help for usage',
    'untouched',
    { usage: true },
  ),
  flag(
    'report merge a missing file',
    (p) => ['report', 'merge', p.missing],
    (p) => p.missing,
    'file not found',
    'pass the JSON report a drift run wrote',
    'error-report',
  ),
  flag(
    'report merge --fail-on severe',
    () => ['report', 'merge', fixture('report', 'valid.json'), '--fail-on', 'severe'],
    '--fail-on',
    '"severe"',
    'expected critical, high, medium or low',
    'untouched',
  ),
  flag(
    'report merge --report pdf=PATH',
    (p) => ['report', 'merge', fixture('report', 'valid.json'), '--report', `pdf=${p.missing}`],
    '--report',
    'unknown format "pdf"',
    'FORMAT one of text, json',
    'untouched',
  ),
  flag('report bogus', () => ['report', 'bogus'], 'unknown command', "'bogus'", 'add --help for usage', 'none', { usage: true }),
  flag('check without paths', () => ['check'], 'no definitions given', 'pass definition files or directories', 'or --examples', 'none'),
  flag('check --format xml', () => ['check', '--examples', '--format', 'xml'], '--format', '"xml"', 'expected text, json', 'none'),
  flag('check a missing file', (p) => ['check', p.missing], 'field (file)', 'does not exist', 'Fix: name a definition file', 'none', {
    summary: true,
  }),
  flag('local-aws --port abc', () => ['local-aws', '--port', 'abc'], '--port', '"abc"', 'expected a port number', 'none'),
  flag(
    'local-aws --port 70000',
    () => ['local-aws', '--port', '70000'],
    '--port',
    '"70000"',
    'expected 0 (any free port) to 65535',
    'none',
  ),
  flag('local-aws --latency -5', () => ['local-aws', '--latency', '-5'], '--latency', '"-5"', 'expected milliseconds, 0 or more', 'none'),
  flag(
    'local-aws --throttle-percent 101',
    () => ['local-aws', '--throttle-percent', '101'],
    '--throttle-percent',
    '"101"',
    'expected 0 to 100',
    'none',
  ),
  flag(
    'local-aws --quotas plenty',
    () => ['local-aws', '--quotas', 'plenty'],
    '--quotas',
    '"plenty"',
    'expected aws-defaults or none',
    'none',
  ),
  flag(
    'local-aws --state-file in a missing directory',
    (p) => ['local-aws', '--state-file', join(p.missing, 's.json')],
    '--state-file',
    'does not exist',
    'create it or choose another path',
    'none',
  ),
  flag('demo --port abc', () => ['demo', '--port', 'abc'], '--port', '"abc"', 'expected a port number', 'none'),
  flag('schema --bogus', () => ['schema', '--bogus'], 'unknown option', "'--bogus'", 'add --help for usage', 'none', { usage: true }),
  flag('an unknown command', () => ['bogus-command'], 'unknown command', "'bogus-command'", 'add --help for usage', 'none', {
    usage: true,
  }),
];

export const ALL_CASES: readonly BadInput[] = [
  ...STATE_CASES,
  ...IGNORE_CASES,
  ...CONFIG_CASES,
  ...REPORT_CASES,
  ...DEFINITION_CASES,
  ...FLAG_CASES,
];
