terraform {
  # optional() object attributes with defaults (1.3), check/import blocks and the functions used here
  # are all in 1.5.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.x, from the release that added aws_iam_role_policy_attachments_exclusive (5.72.0): the
      # resource type must exist in the provider schema even when exclusive_attachments is false.
      version = "~> 5.72"
    }
  }
}
