# One Lambda function with its execution role, written the way the public terraform-aws-modules Lambda
# module writes it: policy documents as data sources, one toggle per concern (count), one attachment per
# listed policy (for_each), the log group created before the function, an SQS event source and allowed
# triggers. `lambda-roles import` turns this directory into a stack definition; the tests apply it against
# the local endpoint and run the drift check on its state.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  create_role    = var.create && var.create_role
  role_name      = "${var.function_name}-exec"
  log_group_name = "/aws/lambda/${var.function_name}"
  log_group_arn  = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:${local.log_group_name}"
}

# ---- role ------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_role" {
  count = local.create_role ? 1 : 0

  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    # Only Lambda in this account may assume the role (the confused-deputy guard).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "lambda" {
  count = local.create_role ? 1 : 0

  name                  = local.role_name
  description           = var.role_description
  path                  = var.role_path
  force_detach_policies = var.role_force_detach_policies
  assume_role_policy    = data.aws_iam_policy_document.assume_role[0].json
  tags                  = merge(var.tags, var.role_tags)
}

# ---- logs: this function's log group only, not logs:* on the account ---------------------------------

data "aws_iam_policy_document" "logs" {
  count = local.create_role && var.attach_cloudwatch_logs_policy ? 1 : 0

  statement {
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*", "${local.log_group_arn}:log-stream:*"]
  }
}

resource "aws_iam_policy" "logs" {
  count = local.create_role && var.attach_cloudwatch_logs_policy ? 1 : 0

  name   = "${local.role_name}-logs"
  policy = data.aws_iam_policy_document.logs[0].json
  tags   = var.tags
}

resource "aws_iam_role_policy_attachment" "logs" {
  count = local.create_role && var.attach_cloudwatch_logs_policy ? 1 : 0

  role       = aws_iam_role.lambda[0].name
  policy_arn = aws_iam_policy.logs[0].arn
}

# ---- tracing (count-gated) and listed policies (for_each) ------------------------------------------

resource "aws_iam_role_policy_attachment" "tracing" {
  count = local.create_role && var.attach_tracing_policy ? 1 : 0

  role       = aws_iam_role.lambda[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

resource "aws_iam_role_policy_attachment" "additional_many" {
  for_each = toset(local.create_role ? var.policies : [])

  role       = aws_iam_role.lambda[0].name
  policy_arn = each.value
}

# ---- inline statements (dynamic blocks over a map) -------------------------------------------------

data "aws_iam_policy_document" "additional_inline" {
  count = local.create_role && var.attach_policy_statements ? 1 : 0

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = replace(title(replace(statement.key, "_", " ")), " ", "")
      effect    = try(statement.value.effect, null)
      actions   = try(statement.value.actions, null)
      resources = try(statement.value.resources, null)

      dynamic "condition" {
        for_each = try(statement.value.condition, {})
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role_policy" "additional_inline" {
  count = local.create_role && var.attach_policy_statements ? 1 : 0

  name   = local.role_name
  role   = aws_iam_role.lambda[0].id
  policy = data.aws_iam_policy_document.additional_inline[0].json
}

# ---- the function, its log group (created first), event source and triggers -----------------------

resource "aws_cloudwatch_log_group" "lambda" {
  count = var.create ? 1 : 0

  name              = local.log_group_name
  retention_in_days = var.cloudwatch_logs_retention_in_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  count = var.create ? 1 : 0

  function_name = var.function_name
  role          = aws_iam_role.lambda[0].arn
  handler       = var.handler
  runtime       = var.runtime
  memory_size   = var.memory_size
  timeout       = var.timeout
  filename      = "${path.module}/${var.package_file}"
  tags          = var.tags

  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }

  dynamic "tracing_config" {
    for_each = var.tracing_mode == null ? [] : [true]
    content {
      mode = var.tracing_mode
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.lambda,
    aws_iam_role_policy_attachment.logs,
    aws_iam_role_policy_attachment.tracing,
    aws_iam_role_policy.additional_inline,
  ]
}

resource "aws_lambda_event_source_mapping" "this" {
  for_each = { for k, v in var.event_source_mapping : k => v if var.create }

  function_name                      = aws_lambda_function.this[0].function_name
  event_source_arn                   = each.value.event_source_arn
  batch_size                         = try(each.value.batch_size, null)
  maximum_batching_window_in_seconds = try(each.value.maximum_batching_window, null)
  function_response_types            = try(each.value.function_response_types, null)
}

resource "aws_lambda_permission" "allowed_triggers" {
  for_each = { for k, v in var.allowed_triggers : k => v if var.create }

  function_name = aws_lambda_function.this[0].function_name
  statement_id  = try(each.value.statement_id, each.key)
  action        = try(each.value.action, "lambda:InvokeFunction")
  principal     = try(each.value.principal, format("%s.amazonaws.com", try(each.value.service, "")))
  source_arn    = try(each.value.source_arn, null)
}
