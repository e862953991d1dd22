output "role_name" {
  description = "Name of the execution role."
  value       = aws_iam_role.this.name
}

output "role_arn" {
  description = "ARN of the execution role. Known only once the attachments and the inline policy exist, so an aws_lambda_function using it waits for its permissions (logging, VPC ENIs, event-source polling) like buildStack's depends_on."
  value       = aws_iam_role.this.arn
  depends_on  = [aws_iam_role_policy_attachment.this, aws_iam_role_policy.inline, aws_iam_role_policy_attachments_exclusive.this]
}

output "role_unique_id" {
  description = "The role's unique id (AROA…)."
  value       = aws_iam_role.this.unique_id
}

output "assume_role_policy" {
  description = "The trust policy JSON as written."
  value       = local.assume_role_policy
}

output "managed_policy_arns" {
  description = "Every attached managed policy ARN, in attachment order (implied, listed, additional)."
  value       = local.policy_arns
}

output "attachment_keys" {
  description = "Attachment key → policy ARN (the for_each keys of aws_iam_role_policy_attachment.this)."
  value       = local.attachments
}

output "inline_policy_name" {
  description = "inline-least-privilege when statements are given, else null."
  value       = one(aws_iam_role_policy.inline[*].name)
}

output "permission_statement_ids" {
  description = "Statement id → principal of each invoke permission."
  value       = { for sid, p in local.permissions : sid => p.principal }
}
