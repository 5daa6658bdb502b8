# A shared state bucket without locking: two applies at once can corrupt the state.
terraform {
  required_version = ">= 1.10.0"

  backend "s3" {
    bucket  = "acme-platform-terraform-state"
    key     = "network/terraform.tfstate"
    region  = "eu-west-1"
    encrypt = true
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true

  tags = {
    Name = "platform"
  }
}
