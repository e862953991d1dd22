# Inputs mirror the ExecutionRole and InvokePermission constructs (modules/execution-role.ts,
# modules/invokers.ts); the rules and messages are those of modules/validation.ts, so a bad value reads
# the same whether it comes from a construct, a definition file or this module.

variable "name" {
  description = "IAM role name: 1–64 characters of letters, digits and +=,.@_-. lambda-roles definitions use \"<function name>-exec\"."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.name))
    error_message = "name ${jsonencode(var.name)} is not a valid IAM role name: it must be 1–64 characters of letters, digits and +=,.@_-. Fix: shorten it and replace other characters (spaces, slashes, colons) with \"-\"."
  }
}

variable "account_id" {
  description = "The account the function runs in. When set, the trust policy carries StringEquals aws:SourceAccount so only this account's Lambda service can assume the role; it is also the default source_account of S3 invokers."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex("^\\d{12}$", var.account_id))
    error_message = "account_id ${jsonencode(var.account_id)} is not an AWS account id (12 digits). Fix: write the account id as a 12-digit string, e.g. \"000000000000\"."
  }
}

variable "confused_deputy_protection" {
  description = "Add the aws:SourceAccount trust condition when account_id is set. Opting out (false) requires confused_deputy_opt_out_reason."
  type        = bool
  default     = true
  nullable    = false
}

variable "confused_deputy_opt_out_reason" {
  description = "Why this role may be assumed without aws:SourceAccount; required when confused_deputy_protection = false, kept for reviewers."
  type        = string
  default     = null
}

variable "edge" {
  description = "Also trust edgelambda.amazonaws.com (Lambda@Edge)."
  type        = bool
  default     = false
  nullable    = false
}

variable "path" {
  description = "IAM path of the role."
  type        = string
  default     = "/"
  nullable    = false

  validation {
    condition     = var.path == "/" || (can(regex("^/[!-~]*/$", var.path)) && length(var.path) <= 512 && !strcontains(var.path, "//"))
    error_message = "path is not a valid IAM path: it must be \"/\" or start and end with \"/\" (at most 512 printable characters). Fix: write it like \"/\" or \"/lambda/payments/\"."
  }
}

variable "description" {
  description = "Role description, at most 1000 characters."
  type        = string
  default     = null

  validation {
    condition     = var.description == null || length(coalesce(var.description, " ")) <= 1000
    error_message = "description is longer than 1000 characters, the IAM maximum. Fix: shorten the description."
  }
}

variable "max_session_duration" {
  description = "Maximum session duration in seconds, 3600–43200."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = floor(var.max_session_duration) == var.max_session_duration && var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration ${var.max_session_duration} is out of range: it must be a whole number of seconds from 3600 (1 h) to 43200 (12 h). Fix: use a value such as 3600."
  }
}

variable "permissions_boundary" {
  description = "Permissions boundary policy ARN."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::(\\d{12}|aws):policy/([!-~]+/)?[\\w+=,.@-]{1,128}$", var.permissions_boundary))
    error_message = "permissions_boundary is not an IAM policy ARN. Fix: use arn:<partition>:iam::<account id or \"aws\">:policy/<path/>Name."
  }
}

variable "tags" {
  description = "Tags of the role."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.tags : length(k) >= 1 && length(k) <= 128 && !startswith(k, "aws:") && length(v) <= 256])
    error_message = "tags has an invalid entry: keys are 1–128 characters not starting with \"aws:\", values at most 256 characters. Fix: rename the key or shorten the value."
  }
}

variable "basic_logging" {
  description = "Attach AWSLambdaBasicExecutionRole (kept even with vpc, which also grants the log actions, so logging survives leaving the VPC)."
  type        = bool
  default     = true
  nullable    = false
}

variable "features" {
  description = "Function features that imply managed policies: vpc → AWSLambdaVPCAccessExecutionRole, tracing → AWSXRayDaemonWriteAccess, insights → CloudWatchLambdaInsightsExecutionRolePolicy, event_sources (sqs, kinesis, dynamodb, msk) → AWSLambda<Source>ExecutionRole."
  type = object({
    vpc           = optional(bool, false)
    tracing       = optional(bool, false)
    insights      = optional(bool, false)
    event_sources = optional(list(string), [])
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for s in var.features.event_sources : contains(["sqs", "kinesis", "dynamodb", "msk"], s)])
    error_message = "features.event_sources may only hold \"sqs\", \"kinesis\", \"dynamodb\" and \"msk\". Fix: remove the other entries (push sources such as S3 or SNS are invokers, not event sources)."
  }
}

variable "managed_policies" {
  description = "Managed policies to attach beyond the implied ones: Lambda catalogue names (AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole, AWSLambdaENIManagementAccess, AWSLambdaKinesisExecutionRole, AWSLambdaDynamoDBExecutionRole, AWSLambdaSQSQueueExecutionRole, AWSLambdaMSKExecutionRole, AWSXRayDaemonWriteAccess, CloudWatchLambdaInsightsExecutionRolePolicy) or policy ARNs known at plan time."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition = alltrue([for ref in var.managed_policies : contains([
      "AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSLambdaENIManagementAccess",
      "AWSLambdaKinesisExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambdaSQSQueueExecutionRole",
      "AWSLambdaMSKExecutionRole", "AWSXRayDaemonWriteAccess", "CloudWatchLambdaInsightsExecutionRolePolicy",
    ], ref) || can(regex("^arn:aws(-cn|-us-gov)?:iam::(\\d{12}|aws):policy/([!-~]+/)?[\\w+=,.@-]{1,128}$", ref))])
    error_message = "managed_policies has an entry that is neither a Lambda managed policy of the catalogue nor a policy ARN. Fix: use one of AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole, AWSLambdaENIManagementAccess, AWSLambdaKinesisExecutionRole, AWSLambdaDynamoDBExecutionRole, AWSLambdaSQSQueueExecutionRole, AWSLambdaMSKExecutionRole, AWSXRayDaemonWriteAccess, CloudWatchLambdaInsightsExecutionRolePolicy, or a full ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess."
  }
}

variable "additional_policy_arns" {
  description = "Further policies to attach by a stable key, e.g. { reports-read = aws_iam_policy.reports.arn }: use this for ARNs only known after apply (for_each keys must be known at plan time)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "exclusive_attachments" {
  description = "Also declare aws_iam_role_policy_attachments_exclusive, so apply detaches any managed policy attached outside Terraform."
  type        = bool
  default     = false
  nullable    = false
}

variable "statements" {
  description = "Least-privilege statements of the role's inline policy (one aws_iam_role_policy named inline-least-privilege). conditions: operator → key → values."
  type = list(object({
    sid        = optional(string)
    effect     = optional(string, "Allow")
    actions    = list(string)
    resources  = list(string)
    conditions = optional(map(map(list(string))), {})
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for s in var.statements : s.sid == null || can(regex("^[A-Za-z0-9]*$", coalesce(s.sid, "x")))])
    error_message = "statements has a sid with other characters than letters and digits. Fix: write the Sid like \"ReadUploads\"."
  }
  validation {
    condition     = alltrue([for s in var.statements : contains(["Allow", "Deny"], coalesce(s.effect, "Allow"))])
    error_message = "statements has an effect other than \"Allow\" or \"Deny\"."
  }
  validation {
    condition     = alltrue([for s in var.statements : length(s.actions) > 0 && length(s.resources) > 0])
    error_message = "statements has a statement without actions or resources: an identity policy statement needs at least one of each."
  }
}

variable "function_name" {
  description = "Name or ARN of the Lambda function the invokers may call (this module does not create it). Required when invokers is not empty."
  type        = string
  default     = null
}

variable "invokers" {
  description = <<-EOT
    Who may invoke the function: one aws_lambda_permission each, with statement id Allow<Kind>-<name>.
    kind: s3, sns, eventbridge, api-gateway, cloudwatch-logs, iot, cognito-user-pool (service invokers:
    source_arn, optional source_account; S3 defaults it to account_id), alexa-skill (skill_id), account
    (principal: account id or IAM principal ARN), organization (org_id), function-url (auth_type, principal).
    A service or Alexa invoker without a source needs no_source_reason. qualifier targets an alias or version.
  EOT
  type = list(object({
    kind             = string
    name             = string
    qualifier        = optional(string)
    source_arn       = optional(string)
    source_account   = optional(string)
    no_source_reason = optional(string)
    skill_id         = optional(string)
    principal        = optional(string)
    org_id           = optional(string)
    auth_type        = optional(string)
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for i in var.invokers : contains(["s3", "sns", "eventbridge", "api-gateway", "cloudwatch-logs", "iot", "cognito-user-pool", "alexa-skill", "account", "organization", "function-url"], i.kind)])
    error_message = "invokers has an unknown kind. Fix: use s3, sns, eventbridge, api-gateway, cloudwatch-logs, iot, cognito-user-pool, alexa-skill, account, organization or function-url."
  }
  validation {
    condition     = alltrue([for i in var.invokers : can(regex("^[\\w.-]{1,80}$", i.name))])
    error_message = "invokers: the name(s) ${join(", ", [for i in var.invokers : jsonencode(i.name) if !can(regex("^[\\w.-]{1,80}$", i.name))])} are not 1–80 characters of letters, digits, \"-\", \"_\" and \".\" (it becomes part of the statement id)."
  }
  validation {
    condition     = length(distinct([for i in var.invokers : "${i.kind}/${i.name}"])) == length(var.invokers)
    error_message = "invokers has two entries with the same kind and name: their statement ids (Allow<Kind>-<name>) would collide. Fix: rename one."
  }
  validation {
    # Same rule as the construct: a service principal without a source ARN lets every bucket/topic/rule of
    # every account invoke the function.
    condition     = alltrue([for i in var.invokers : !contains(["s3", "sns", "eventbridge", "api-gateway", "cloudwatch-logs", "iot", "cognito-user-pool"], i.kind) || i.source_arn != null || trimspace(coalesce(i.no_source_reason, " ")) != ""])
    error_message = "invokers: ${join(", ", [for i in var.invokers : "${i.kind} invoker ${jsonencode(i.name)}" if contains(["s3", "sns", "eventbridge", "api-gateway", "cloudwatch-logs", "iot", "cognito-user-pool"], i.kind) && i.source_arn == null && trimspace(coalesce(i.no_source_reason, " ")) == ""])} has no source_arn: the service principal needs a source ARN, or every such resource of every account could invoke the function. Fix: set source_arn, or no_source_reason = \"…\" to opt out explicitly."
  }
  validation {
    condition     = alltrue([for i in var.invokers : i.kind != "alexa-skill" || i.skill_id != null || trimspace(coalesce(i.no_source_reason, " ")) != ""])
    error_message = "invokers has an alexa-skill invoker without skill_id: any skill could invoke the function. Fix: set skill_id = \"amzn1.ask.skill.…\", or no_source_reason = \"…\" to opt out."
  }
  validation {
    condition     = alltrue([for i in var.invokers : i.kind != "account" || can(regex("^(\\d{12}|arn:aws(-cn|-us-gov)?:(iam|sts)::\\d{12}:.+)$", coalesce(i.principal, "-")))])
    error_message = "invokers has an account invoker whose principal is neither a 12-digit account id nor an IAM principal ARN. Fix: write the other account id, e.g. \"123456789012\"."
  }
  validation {
    condition     = alltrue([for i in var.invokers : i.kind != "organization" || can(regex("^o-[a-z0-9]{10,32}$", coalesce(i.org_id, "-")))])
    error_message = "invokers has an organization invoker without a valid org_id. Fix: write it like \"o-a1b2c3d4e5\"."
  }
  validation {
    condition     = alltrue([for i in var.invokers : i.kind != "function-url" || (contains(["AWS_IAM", "NONE"], coalesce(i.auth_type, "-")) && (i.auth_type == "NONE" || i.principal != null))])
    error_message = "invokers has a function-url invoker without auth_type AWS_IAM or NONE, or an AWS_IAM one without principal. Fix: set auth_type, and principal (account id or role ARN) for AWS_IAM."
  }
  validation {
    # A field of another kind is a mistake (e.g. principal on an s3 invoker), never silently ignored.
    condition = alltrue([for i in var.invokers : alltrue([
      for field, value in {
        source_arn = i.source_arn, source_account = i.source_account, no_source_reason = i.no_source_reason,
        skill_id   = i.skill_id, principal = i.principal, org_id = i.org_id, auth_type = i.auth_type,
        } : value == null || contains(try({
          "alexa-skill" = ["skill_id", "no_source_reason"], account = ["principal"], organization = ["org_id"], "function-url" = ["auth_type", "principal"],
      }[i.kind], ["source_arn", "source_account", "no_source_reason"]), field)
    ])])
    error_message = "invokers has a field its kind does not take. Service kinds take source_arn, source_account, no_source_reason; alexa-skill skill_id, no_source_reason; account principal; organization org_id; function-url auth_type, principal (all take name and qualifier)."
  }
  validation {
    condition     = alltrue([for i in var.invokers : i.source_account == null || can(regex("^\\d{12}$", coalesce(i.source_account, "-")))])
    error_message = "invokers has a source_account that is not an AWS account id (12 digits)."
  }
}
