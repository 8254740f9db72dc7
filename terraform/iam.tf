# IRSA roles, one per Kubernetes service account. Each trusts exactly
# system:serviceaccount:<namespace>:<service account> with audience sts.amazonaws.com.
# Plain resources rather than a module so test/deploy can check these invariants statically.

# --- trust policies ---------------------------------------------------------------------------

data "aws_iam_policy_document" "task_service_trust" {
  statement {
    sid     = "TaskServiceIrsa"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.cluster.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.prod_namespace}:${var.task_service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "web_collector_trust" {
  statement {
    sid     = "WebCollectorIrsa"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.cluster.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.tracing_namespace}:${var.web_collector_service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

# --- permissions ------------------------------------------------------------------------------

# X-Ray: exactly the actions of the chosen exporter, plus the sampling reads only for the
# task-service role and only with remote sampling on (the sidecar's awsproxy forwards the
# service's sampler calls under that role). Which component calls what, and the upstream source
# of each fact, is in src/iam-actions.ts; a test evaluates these locals for every exporter and
# sampling choice and compares them with what the synthesized collector configs need.
# X-Ray actions take no resource-level permissions, so "*" is the only possible resource.
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
locals {
  exporter_xray_actions = {
    "awsxray"   = ["xray:PutTraceSegments"]
    "xray-otlp" = ["xray:PutSpans", "xray:PutSpansForIndexing"]
  }
  remote_sampling_xray_actions = ["xray:GetSamplingRules", "xray:GetSamplingTargets"]

  task_service_xray_actions = concat(
    local.exporter_xray_actions[var.exporter],
    var.remote_sampling ? local.remote_sampling_xray_actions : [],
  )
  web_collector_xray_actions = local.exporter_xray_actions[var.exporter]
}

data "aws_iam_policy_document" "task_service_xray" {
  statement {
    sid       = "XRayTaskServiceSidecar"
    effect    = "Allow"
    actions   = local.task_service_xray_actions
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "web_collector_xray" {
  statement {
    sid       = "XRayWebCollector"
    effect    = "Allow"
    actions   = local.web_collector_xray_actions
    resources = ["*"]
  }
}

# Exactly the calls apps/task-service makes against AWS (TASK_SERVICE_TABLE_ACTIONS in
# src/iam-actions.ts), on the table only.
data "aws_iam_policy_document" "tasks_table_crud" {
  statement {
    sid    = "TasksTableCrud"
    effect = "Allow"
    actions = [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Scan",
    ]
    resources = [aws_dynamodb_table.tasks.arn]
  }
}

# --- roles ------------------------------------------------------------------------------------

resource "aws_iam_role" "task_service" {
  name               = "${var.cluster_name}-task-service"
  description        = "IRSA role of ${var.prod_namespace}/${var.task_service_account}: the task service and its ADOT sidecar."
  assume_role_policy = data.aws_iam_policy_document.task_service_trust.json
}

resource "aws_iam_role_policy" "task_service_xray" {
  name   = "xray"
  role   = aws_iam_role.task_service.id
  policy = data.aws_iam_policy_document.task_service_xray.json
}

resource "aws_iam_role_policy" "task_service_table" {
  name   = "tasks-table-crud"
  role   = aws_iam_role.task_service.id
  policy = data.aws_iam_policy_document.tasks_table_crud.json
}

resource "aws_iam_role" "web_collector" {
  name               = "${var.cluster_name}-otel-web-collector"
  description        = "IRSA role of ${var.tracing_namespace}/${var.web_collector_service_account}: the browser-facing ADOT collector."
  assume_role_policy = data.aws_iam_policy_document.web_collector_trust.json
}

resource "aws_iam_role_policy" "web_collector_xray" {
  name   = "xray"
  role   = aws_iam_role.web_collector.id
  policy = data.aws_iam_policy_document.web_collector_xray.json
}
