# aws_cloudwatch_log_group with every setting the generator uses: retention, a KMS key, tags and the
# log class. The endpoint has no KMS: the key ARN only has to be well formed and in the region.
variable "retention_in_days" { type = number }
variable "kms_key_id" { type = string }
variable "team" { type = string }

resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/tf-logs-fn"
  retention_in_days = var.retention_in_days
  kms_key_id        = var.kms_key_id
  log_group_class   = "STANDARD"
  tags              = { team = var.team }
}

resource "aws_cloudwatch_log_group" "infrequent" {
  name_prefix     = "/tf/archive-"
  log_group_class = "INFREQUENT_ACCESS"
}

output "arn" { value = aws_cloudwatch_log_group.fn.arn }
