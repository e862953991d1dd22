# A zip function with the settings the generator adds: a custom log group through logging_config (JSON
# logs with levels), arm64, more ephemeral storage, layers, environment variables encrypted with a KMS key,
# reserved concurrency and a published version with an alias.
# The second apply changes one setting of each resource (see the test): an update in place, then an empty plan.
variable "memory_size" { type = number }
variable "sqs_batch_size" { type = number }
variable "dynamodb_enabled" { type = bool }
variable "max_event_age" { type = number }
variable "cors_max_age" { type = number }

resource "aws_iam_role" "exec" {
  name = "tf-settings-exec"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_cloudwatch_log_group" "fn" {
  name              = "/custom/tf-settings"
  retention_in_days = 14
}

resource "aws_lambda_function" "fn" {
  function_name                  = "tf-settings"
  role                           = aws_iam_role.exec.arn
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  filename                       = "${path.module}/handler.zip"
  source_code_hash               = filebase64sha256("${path.module}/handler.zip")
  architectures                  = ["arm64"]
  memory_size                    = var.memory_size
  timeout                        = 30
  publish                        = true
  reserved_concurrent_executions = 20
  layers = [
    "arn:aws:lambda:us-east-1:000000000000:layer:shared-utils:3",
    "arn:aws:lambda:us-east-1:111111111111:layer:vendor-sdk:12",
  ]
  kms_key_arn = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  environment {
    variables = { TABLE = "orders" }
  }
  ephemeral_storage {
    size = 2048
  }
  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.fn.name
    application_log_level = "DEBUG"
    system_log_level      = "WARN"
  }
  timeouts {
    create = "1m"
    update = "1m"
    delete = "1m"
  }
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = aws_lambda_function.fn.version
}
