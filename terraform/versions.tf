# Root configuration: providers are pinned to one major version here, and to exact versions by
# .terraform.lock.hcl once `terraform init` has run (commit that file; it could not be
# generated where this repository was written, which had no terraform binary or registry access).
terraform {
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    # Only used when install_prerequisites = "helm".
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
  }
}
