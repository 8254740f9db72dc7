# Read by cdk8s: save with `terraform -chdir=terraform output -json > terraform-outputs.json`.
# The names must match TERRAFORM_OUTPUT_NAMES in src/terraform-outputs.ts (checked by a test).

output "region" {
  description = "AWS region of the cluster, table and X-Ray data."
  value       = var.region
}

output "cluster_name" {
  description = "EKS cluster name (k8s.cluster.name resource attribute)."
  value       = var.cluster_name
}

output "prod_namespace" {
  description = "Namespace of the task service and web UI."
  value       = var.prod_namespace
}

output "tracing_namespace" {
  description = "Namespace of the web collector."
  value       = var.tracing_namespace
}

output "task_service_account" {
  description = "Service account trusted by task_service_role_arn."
  value       = var.task_service_account
}

output "web_collector_service_account" {
  description = "Service account trusted by web_collector_role_arn."
  value       = var.web_collector_service_account
}

output "task_service_role_arn" {
  description = "IRSA role of the task service and its sidecar (X-Ray write + table CRUD)."
  value       = aws_iam_role.task_service.arn
}

output "web_collector_role_arn" {
  description = "IRSA role of the web collector (X-Ray write)."
  value       = aws_iam_role.web_collector.arn
}

output "tasks_table_name" {
  description = "DynamoDB table name (TASKS_TABLE)."
  value       = aws_dynamodb_table.tasks.name
}

output "tasks_table_arn" {
  description = "DynamoDB table ARN."
  value       = aws_dynamodb_table.tasks.arn
}

output "exporter" {
  description = "How the collectors send traces to X-Ray (awsxray or xray-otlp); the roles grant exactly its actions."
  value       = var.exporter
}

output "remote_sampling" {
  description = "Whether the task-service role may read X-Ray sampling rules and targets (centralized sampling through the sidecar)."
  value       = var.remote_sampling
}

# null when web_collector_waf_enabled = false; Terraform then leaves the output out of
# `terraform output -json` altogether (it does not store null root outputs).
output "web_collector_waf_acl_arn" {
  description = "ARN of the WAF web ACL for the web collector's Ingress (alb.ingress.kubernetes.io/wafv2-acl-arn), or null when disabled."
  value       = one(aws_wafv2_web_acl.web_collector[*].arn)
}

output "task_service_repository_url" {
  description = "ECR repository of the task-service image (<account>.dkr.ecr.<region>.amazonaws.com/<name>)."
  value       = aws_ecr_repository.task_service.repository_url
}

output "task_web_repository_url" {
  description = "ECR repository of the task-web image."
  value       = aws_ecr_repository.task_web.repository_url
}
