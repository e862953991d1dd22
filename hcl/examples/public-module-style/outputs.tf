output "lambda_function_arn" {
  value = try(aws_lambda_function.this[0].arn, null)
}

output "lambda_role_name" {
  value = try(aws_iam_role.lambda[0].name, null)
}

output "lambda_cloudwatch_log_group_name" {
  value = try(aws_cloudwatch_log_group.lambda[0].name, null)
}
