# One Lambda execution role with its attachments, inline policy and invoke permissions: the plain-HCL
# twin of the ExecutionRole and InvokePermission constructs (modules/). Same resource types, names,
# statement ids and JSON shapes, so the drift check and reviewers see no difference between the two.

# Computed from the provider's region, without an API call: managed-policy and principal ARNs carry the
# partition (arn:aws-cn:… in China), as partitionForRegion() does for the constructs.
data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition

  # modules/managed-policies.ts: name → IAM path. X-Ray and Lambda Insights are not under service-role/.
  catalogue = {
    AWSLambdaBasicExecutionRole                 = "/service-role/"
    AWSLambdaVPCAccessExecutionRole             = "/service-role/"
    AWSLambdaENIManagementAccess                = "/service-role/"
    AWSLambdaKinesisExecutionRole               = "/service-role/"
    AWSLambdaDynamoDBExecutionRole              = "/service-role/"
    AWSLambdaSQSQueueExecutionRole              = "/service-role/"
    AWSLambdaMSKExecutionRole                   = "/service-role/"
    AWSXRayDaemonWriteAccess                    = "/"
    CloudWatchLambdaInsightsExecutionRolePolicy = "/"
  }
  event_source_policies = {
    sqs      = "AWSLambdaSQSQueueExecutionRole"
    kinesis  = "AWSLambdaKinesisExecutionRole"
    dynamodb = "AWSLambdaDynamoDBExecutionRole"
    msk      = "AWSLambdaMSKExecutionRole"
  }

  # ---- trust ---------------------------------------------------------------------------------------
  trusted_services         = concat(["lambda.amazonaws.com"], var.edge ? ["edgelambda.amazonaws.com"] : [])
  source_account_condition = var.account_id != null && var.confused_deputy_protection
  # The construct writes one principal as a string and several as a list. HCL conditionals need one
  # type on both sides, so the choice is made in JSON and decoded back.
  trust_statement = merge(
    {
      Effect    = "Allow"
      Principal = { Service = jsondecode(length(local.trusted_services) == 1 ? jsonencode(local.trusted_services[0]) : jsonencode(local.trusted_services)) }
      Action    = "sts:AssumeRole"
    },
    [for c in(local.source_account_condition ? [var.account_id] : []) : { Condition = { StringEquals = { "aws:SourceAccount" = c } } }]...
  )
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [local.trust_statement] })

  # ---- managed policies (impliedManagedPolicies order: logging, features, then the listed ones) ------
  policy_refs = distinct(concat(
    var.basic_logging ? ["AWSLambdaBasicExecutionRole"] : [],
    var.features.vpc ? ["AWSLambdaVPCAccessExecutionRole"] : [],
    var.features.tracing ? ["AWSXRayDaemonWriteAccess"] : [],
    var.features.insights ? ["CloudWatchLambdaInsightsExecutionRolePolicy"] : [],
    [for s in var.features.event_sources : local.event_source_policies[s]],
    var.managed_policies,
  ))
  # Stable attachment keys, as attachmentKeyForArn() derives them: the AWS policy name (without
  # service-role-), or "<account>-<path-and-name>" for customer policies. Never a list position, so
  # adding a policy never re-addresses the others.
  managed_policies = [for ref in local.policy_refs : (
    contains(keys(local.catalogue), ref)
    ? { key = ref, arn = "arn:${local.partition}:iam::aws:policy${local.catalogue[ref]}${ref}" }
    : {
      key = (
        regex("^arn:[\\w-]+:iam::(\\d{12}|aws):policy/(.*)$", ref)[0] == "aws"
        ? replace(replace(replace(regex("^arn:[\\w-]+:iam::(\\d{12}|aws):policy/(.*)$", ref)[1], "/", "-"), "/[^\\w+=,.@-]/", "_"), "/^service-role-/", "")
        : "${regex("^arn:[\\w-]+:iam::(\\d{12}|aws):policy/(.*)$", ref)[0]}-${replace(replace(regex("^arn:[\\w-]+:iam::(\\d{12}|aws):policy/(.*)$", ref)[1], "/", "-"), "/[^\\w+=,.@-]/", "_")}"
      )
      arn = ref
    }
  )]
  # A catalogue name and its own ARN are the same attachment: group by key and keep the first ARN
  # (the construct skips repeated ARNs the same way).
  managed_by_key = { for p in local.managed_policies : p.key => p.arn... }
  attachments    = merge({ for k, arns in local.managed_by_key : k => arns[0] }, var.additional_policy_arns)
  policy_arns    = concat(distinct([for p in local.managed_policies : p.arn]), [for k, arn in var.additional_policy_arns : arn])

  # ---- inline policy (toPolicyDocument: one action/resource as a string, Condition only when set) -----
  inline_statements = [for s in var.statements : merge(
    s.sid == null || s.sid == "" ? {} : { Sid = s.sid },
    {
      Effect   = coalesce(s.effect, "Allow")
      Action   = jsondecode(length(s.actions) == 1 ? jsonencode(s.actions[0]) : jsonencode(s.actions))
      Resource = jsondecode(length(s.resources) == 1 ? jsonencode(s.resources[0]) : jsonencode(s.resources))
    },
    [for c in(length(s.conditions) > 0 ? [s.conditions] : []) : {
      Condition = { for op, kv in c : op => { for k, v in kv : k => jsondecode(length(v) == 1 ? jsonencode(v[0]) : jsonencode(v)) } }
    }]...
  )]
}

resource "aws_iam_role" "this" {
  name                 = var.name
  path                 = var.path
  description          = var.description
  max_session_duration = var.max_session_duration
  permissions_boundary = var.permissions_boundary
  assume_role_policy   = local.assume_role_policy
  tags                 = length(var.tags) > 0 ? var.tags : null

  lifecycle {
    precondition {
      condition     = var.confused_deputy_protection || trimspace(coalesce(var.confused_deputy_opt_out_reason, " ")) != ""
      error_message = "confused_deputy_protection = false needs confused_deputy_opt_out_reason: say why this role may be assumed without aws:SourceAccount."
    }
    precondition {
      condition     = length(local.managed_policies) == 0 || alltrue([for k, arns in local.managed_by_key : length(distinct(arns)) == 1])
      error_message = "managed_policies: two different policy ARNs map to the same attachment key. Fix: attach one of them through additional_policy_arns with an explicit key."
    }
    precondition {
      condition     = length(setintersection(keys(local.managed_by_key), keys(var.additional_policy_arns))) == 0
      error_message = "additional_policy_arns uses a key that a managed policy already has (${join(", ", setintersection(keys(local.managed_by_key), keys(var.additional_policy_arns)))}). Fix: choose another key."
    }
  }
}

resource "aws_iam_role_policy" "inline" {
  count = length(var.statements) > 0 ? 1 : 0

  name   = "inline-least-privilege" # INLINE_POLICY_NAME: one stable name, so edits update it in place
  role   = aws_iam_role.this.name
  policy = jsonencode({ Version = "2012-10-17", Statement = local.inline_statements })
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = local.attachments

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_role_policy_attachments_exclusive" "this" {
  count = var.exclusive_attachments ? 1 : 0

  role_name   = aws_iam_role.this.name
  policy_arns = local.policy_arns
}

# ---- invoke permissions ---------------------------------------------------------------------------
# Planned as planInvokePermission() in modules/invokers.ts does: statement id Allow<Label>-<name> (stable
# across reorderings), the principal of the kind, and its scoping fields.

locals {
  # kind → service principal prefix, ARN service and statement-id label
  invoker_services = {
    s3                  = { service = "s3", arn_service = "s3", label = "S3" }
    sns                 = { service = "sns", arn_service = "sns", label = "SNS" }
    eventbridge         = { service = "events", arn_service = "events", label = "EventBridge" }
    "api-gateway"       = { service = "apigateway", arn_service = "execute-api", label = "ApiGateway" }
    "cloudwatch-logs"   = { service = "logs", arn_service = "logs", label = "CloudWatchLogs" }
    iot                 = { service = "iot", arn_service = "iot", label = "IoT" }
    "cognito-user-pool" = { service = "cognito-idp", arn_service = "cognito-idp", label = "CognitoUserPool" }
  }
  invoker_labels = merge(
    { for kind, s in local.invoker_services : kind => s.label },
    { "alexa-skill" = "AlexaSkill", account = "Account", organization = "Organization", "function-url" = "FunctionUrl" },
  )

  permissions = { for i in var.invokers : "Allow${local.invoker_labels[i.kind]}-${i.name}" => {
    kind       = i.kind
    service    = contains(keys(local.invoker_services), i.kind)
    action     = i.kind == "function-url" ? "lambda:InvokeFunctionUrl" : "lambda:InvokeFunction"
    qualifier  = i.qualifier
    source_arn = contains(keys(local.invoker_services), i.kind) ? i.source_arn : null
    # Bucket ARNs carry no account: S3 defaults aws:SourceAccount to account_id (when a source is set).
    source_account = (
      !contains(keys(local.invoker_services), i.kind) ? null :
      i.source_account != null ? i.source_account :
      i.kind == "s3" && i.source_arn != null ? var.account_id : null
    )
    principal_org_id       = i.kind == "organization" ? i.org_id : null
    event_source_token     = i.kind == "alexa-skill" ? i.skill_id : null
    function_url_auth_type = i.kind == "function-url" ? i.auth_type : null
    # Lambda stores an account-id principal as the account's root ARN and the provider reads that back,
    # so a bare id would plan a replacement on every run: write the root ARN, as the constructs do.
    principal = (
      contains(keys(local.invoker_services), i.kind) ? "${try(local.invoker_services[i.kind].service, "")}.amazonaws.com" :
      i.kind == "alexa-skill" ? "alexa-appkit.amazon.com" :
      i.kind == "organization" ? "*" :
      i.principal == null ? "*" :
      can(regex("^\\d{12}$", i.principal)) ? "arn:${local.partition}:iam::${i.principal}:root" : i.principal
    )
    arn_service = try(local.invoker_services[i.kind].arn_service, null)
  } }
}

resource "aws_lambda_permission" "this" {
  for_each = local.permissions

  function_name          = var.function_name
  statement_id           = each.key
  action                 = each.value.action
  principal              = each.value.principal
  source_arn             = each.value.source_arn
  source_account         = each.value.source_account
  principal_org_id       = each.value.principal_org_id
  event_source_token     = each.value.event_source_token
  function_url_auth_type = each.value.function_url_auth_type
  qualifier              = each.value.qualifier

  lifecycle {
    precondition {
      condition     = var.function_name != null
      error_message = "function_name is required when invokers is not empty: name the function (or its ARN) the permissions are for."
    }
    precondition {
      condition     = length(each.key) <= 100
      error_message = "invokers: the statement id ${each.key} is longer than 100 characters, the Lambda limit. Fix: shorten the invoker name."
    }
    precondition {
      condition     = each.value.source_arn == null || startswith(coalesce(each.value.source_arn, "-"), "arn:${local.partition}:${coalesce(each.value.arn_service, "-")}:")
      error_message = "invokers: ${each.key} has source_arn ${coalesce(each.value.source_arn, "-")}, which is not an ${coalesce(each.value.arn_service, "-")} ARN in partition ${local.partition}."
    }
    precondition {
      condition     = each.value.kind != "s3" || each.value.source_arn == null || each.value.source_account != null
      error_message = "invokers: ${each.key} needs source_account (or the module's account_id): S3 bucket ARNs carry no account, so a same-named bucket in another account could invoke the function."
    }
  }
}
