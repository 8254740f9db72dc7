# AWS WAF in front of the public span endpoint. The browser collector's Ingress shares one ALB
# with the API and the web app (an IngressGroup), and a web ACL is attached per ALB, so the rule
# is scoped down to the collector's path: only span posts count towards a client's limit.
# The ACL is attached by the AWS Load Balancer Controller from the collector Ingress's
# alb.ingress.kubernetes.io/wafv2-acl-arn annotation, which cdk8s sets from the
# web_collector_waf_acl_arn output.
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/wafv2_web_acl

locals {
  # The OTLP/HTTP traces path task-web posts to (and the only path routed to the collector).
  web_collector_traces_path = "/v1/traces"
  web_collector_waf_name    = "${var.cluster_name}-otel-web-collector"
}

resource "aws_wafv2_web_acl" "web_collector" {
  count       = var.web_collector_waf_enabled ? 1 : 0
  name        = local.web_collector_waf_name
  description = "Per-IP rate limit on the public span endpoint (${local.web_collector_traces_path})."
  scope       = "REGIONAL" # an ALB; CLOUDFRONT is for distributions

  default_action {
    allow {}
  }

  rule {
    name     = "span-posts-per-ip"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.web_collector_rate_limit
        evaluation_window_sec = 300
        aggregate_key_type    = "IP"

        scope_down_statement {
          byte_match_statement {
            search_string         = local.web_collector_traces_path
            positional_constraint = "STARTS_WITH"

            field_to_match {
              uri_path {}
            }

            # Decode and normalize first, so /v1/%74races or //v1/./traces count too. No
            # LOWERCASE: ALB path patterns are case-sensitive, so other cases never reach the
            # collector.
            text_transformation {
              priority = 0
              type     = "URL_DECODE"
            }

            text_transformation {
              priority = 1
              type     = "NORMALIZE_PATH"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      # The Rule dimension of the WAF metrics, under the ACL's own WebACL dimension.
      metric_name                = "span-posts-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.web_collector_waf_name
    sampled_requests_enabled   = true
  }
}
