# Code that is not a local zip: a container image from ECR (PackageType Image) and a package in S3 (with
# SnapStart, a VPC and an EFS mount). The endpoint has neither ECR, S3 nor EFS; see local-aws/README.md for
# what it reports instead.
resource "aws_lambda_function" "image" {
  function_name = "tf-image"
  role          = aws_iam_role.exec.arn
  package_type  = "Image"
  image_uri     = "000000000000.dkr.ecr.us-east-1.amazonaws.com/orders:1.4.2"
  architectures = ["arm64"]
  image_config {
    command           = ["app.handler"]
    working_directory = "/var/task"
  }
  timeouts {
    create = "1m"
  }
}

resource "aws_lambda_function" "s3" {
  function_name     = "tf-s3-code"
  role              = aws_iam_role.exec.arn
  handler           = "index.handler"
  runtime           = "python3.12"
  s3_bucket         = "artifacts-000000000000"
  s3_key            = "orders/v7.zip"
  s3_object_version = "3HL4kqtJlcpXroDTDmJ"
  tracing_config {
    mode = "Active"
  }
  snap_start {
    apply_on = "PublishedVersions"
  }
  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d"]
    security_group_ids = ["sg-0a1b2c3d"]
  }
  file_system_config {
    arn              = "arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-0123456789abcdef0"
    local_mount_path = "/mnt/models"
  }
  timeouts {
    create = "1m"
  }
}
