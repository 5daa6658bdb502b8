# Names fixed in the code: a second deployment of this stack (another environment, a
# teammate's sandbox) fails because the names are taken.
variable "environment" {
  type    = string
  default = "dev"
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-build-artifacts"

  tags = {
    Environment = var.environment
  }
}

resource "aws_iam_role" "builder" {
  name = "build-runner"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })

  tags = {
    Environment = var.environment
  }
}
