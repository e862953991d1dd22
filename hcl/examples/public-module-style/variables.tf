# Inputs named as terraform-aws-modules/lambda names them, so a team can compare the two line by line.

variable "region" {
  description = "Region the function runs in."
  type        = string
  default     = "us-east-1"
}

variable "create" {
  description = "Create anything at all."
  type        = bool
  default     = true
}

variable "create_role" {
  description = "Create the execution role (false: bring your own)."
  type        = bool
  default     = true
}

variable "function_name" {
  description = "Name of the function; the role and the log group are named after it."
  type        = string
  default     = "public-style-orders"
}

variable "handler" {
  type    = string
  default = "index.handler"
}

variable "runtime" {
  type    = string
  default = "nodejs20.x"
}

variable "memory_size" {
  type    = number
  default = 256
}

variable "timeout" {
  type    = number
  default = 30
}

variable "package_file" {
  description = "The zip with the function's code, relative to this module."
  type        = string
  default     = "handler.zip"
}

variable "role_description" {
  type    = string
  default = "Execution role of public-style-orders"
}

variable "role_path" {
  type    = string
  default = "/"
}

variable "role_force_detach_policies" {
  type    = bool
  default = true
}

variable "cloudwatch_logs_retention_in_days" {
  type    = number
  default = 14
}

variable "attach_cloudwatch_logs_policy" {
  description = "Grant CreateLogStream/PutLogEvents on this function's log group only."
  type        = bool
  default     = true
}

variable "tracing_mode" {
  description = "X-Ray tracing: null, PassThrough or Active (Active attaches AWSXRayDaemonWriteAccess)."
  type        = string
  default     = "Active"
}

variable "attach_tracing_policy" {
  type    = bool
  default = true
}

variable "policies" {
  description = "Managed policy ARNs to attach, one aws_iam_role_policy_attachment each (for_each)."
  type        = list(string)
  default     = ["arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess"]
}

variable "attach_policy_statements" {
  type    = bool
  default = true
}

variable "queue_arn" {
  description = "The SQS queue the function consumes."
  type        = string
  default     = "arn:aws:sqs:us-east-1:000000000000:public-style-orders"
}

variable "policy_statements" {
  description = "Inline statements, by name (the public module's policy_statements)."
  type        = any
  default = {
    consume = {
      effect    = "Allow"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      resources = ["arn:aws:sqs:us-east-1:000000000000:public-style-orders"]
    }
    read_config = {
      effect    = "Allow"
      actions   = ["ssm:GetParameter"]
      resources = ["arn:aws:ssm:us-east-1:000000000000:parameter/orders/*"]
      condition = {
        region = { test = "StringEquals", variable = "aws:RequestedRegion", values = ["us-east-1"] }
      }
    }
  }
}

variable "event_source_mapping" {
  description = "Event source mappings by key (the public module's event_source_mapping)."
  type        = any
  default = {
    orders = {
      event_source_arn        = "arn:aws:sqs:us-east-1:000000000000:public-style-orders"
      batch_size              = 10
      maximum_batching_window = 5
      function_response_types = ["ReportBatchItemFailures"]
    }
  }
}

variable "allowed_triggers" {
  description = "Who may invoke the function: one aws_lambda_permission per key (the public module's allowed_triggers)."
  type        = any
  default = {
    ApiGatewayAny = {
      service    = "apigateway"
      source_arn = "arn:aws:execute-api:us-east-1:000000000000:abc123/*/*/*"
    }
    NightlySchedule = {
      principal  = "events.amazonaws.com"
      source_arn = "arn:aws:events:us-east-1:000000000000:rule/orders-nightly"
    }
  }
}

variable "tags" {
  type    = map(string)
  default = { team = "orders" }
}

variable "role_tags" {
  type    = map(string)
  default = { purpose = "lambda-execution" }
}
