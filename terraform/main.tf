provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

# The cluster already exists; this configuration only adds IAM roles, the table and,
# optionally, the operator prerequisites.
data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

# Fails with "no matching provider" when the cluster has no IAM OIDC provider yet;
# create it once with: eksctl utils associate-iam-oidc-provider --cluster <name> --approve
data "aws_iam_openid_connect_provider" "cluster" {
  url = data.aws_eks_cluster.this.identity[0].oidc[0].issuer
}

locals {
  # Issuer host/path without scheme: the prefix of the IRSA condition keys (<issuer>:sub, <issuer>:aud).
  oidc_issuer = trimprefix(data.aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://")
}
