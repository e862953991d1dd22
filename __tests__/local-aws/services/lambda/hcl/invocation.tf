# Everything that decides how the function above is invoked. The endpoint has no SQS, Kinesis, DynamoDB,
# SNS or EventBridge: sources and destinations are well-formed ARNs in the region, never looked up.
resource "aws_lambda_event_source_mapping" "sqs" {
  event_source_arn                   = "arn:aws:sqs:us-east-1:000000000000:orders"
  function_name                      = aws_lambda_function.fn.arn
  batch_size                         = var.sqs_batch_size
  maximum_batching_window_in_seconds = 5
  function_response_types            = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = 10
  }
  filter_criteria {
    filter {
      pattern = jsonencode({ body = { type = ["order"] } })
    }
  }
  tags = { source = "sqs" }
}

resource "aws_lambda_event_source_mapping" "kinesis" {
  event_source_arn               = "arn:aws:kinesis:us-east-1:000000000000:stream/clicks"
  function_name                  = aws_lambda_function.fn.function_name
  starting_position              = "TRIM_HORIZON"
  batch_size                     = 200
  parallelization_factor         = 2
  maximum_retry_attempts         = 3
  maximum_record_age_in_seconds  = 3600
  bisect_batch_on_function_error = true
  destination_config {
    on_failure {
      destination_arn = "arn:aws:sqs:us-east-1:000000000000:clicks-dlq"
    }
  }
}

resource "aws_lambda_event_source_mapping" "dynamodb" {
  event_source_arn  = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2024-01-01T00:00:00.000"
  # The alias ARN, not "name:alias": Lambda reports the mapping's function as the alias ARN, and provider
  # 5.100.0 compares a "name:alias" form with the name inside that ARN, so it would plan an update every time.
  function_name     = aws_lambda_alias.live.arn
  starting_position = "LATEST"
  enabled           = var.dynamodb_enabled
}

resource "aws_lambda_function_event_invoke_config" "live" {
  function_name                = aws_lambda_function.fn.function_name
  qualifier                    = aws_lambda_alias.live.name
  maximum_event_age_in_seconds = var.max_event_age
  maximum_retry_attempts       = 1
  destination_config {
    on_success {
      destination = "arn:aws:sns:us-east-1:000000000000:order-done"
    }
    on_failure {
      destination = "arn:aws:sqs:us-east-1:000000000000:order-failed"
    }
  }
}

resource "aws_lambda_function_url" "live" {
  function_name      = aws_lambda_function.fn.function_name
  qualifier          = aws_lambda_alias.live.name
  authorization_type = "AWS_IAM"
  invoke_mode        = "RESPONSE_STREAM"
  cors {
    allow_credentials = true
    allow_origins     = ["https://example.com"]
    allow_methods     = ["GET", "POST"]
    allow_headers     = ["content-type"]
    expose_headers    = ["x-request-id"]
    max_age           = var.cors_max_age
  }
}

resource "aws_lambda_function_url" "public" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_alias.live.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 2
}
