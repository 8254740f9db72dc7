# Names shared with the cdk8s config: their defaults must equal src/config/defaults.ts
# (test/deploy/terraform.test.ts compares them).

variable "region" {
  type        = string
  description = "AWS region of the EKS cluster, the tasks table and the X-Ray data."
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]{1,2}$", var.region))
    error_message = "The region must be an AWS region code such as us-east-1."
  }
}

variable "cluster_name" {
  type        = string
  description = "Name of the existing EKS cluster; its IAM OIDC provider must already exist (eksctl utils associate-iam-oidc-provider)."
  default     = "eks-xray"

  validation {
    # EKS cluster names, less what the names derived from them cannot hold: an IAM role name
    # ("<cluster>-otel-web-collector") has at most 64 characters, and an ECR repository name
    # ("<cluster, lower-cased>/task-service") no repeated or trailing "-" or "_".
    condition     = length(var.cluster_name) <= 45 && can(regex("^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$", var.cluster_name))
    error_message = "cluster_name must be at most 45 characters of letters and digits, with single \"-\" or \"_\" between them (the IAM role and ECR repository names built from it must stay valid)."
  }
}

variable "prod_namespace" {
  type        = string
  description = "Kubernetes namespace of the task service and the web UI."
  default     = "prod"

  validation {
    # DNS-1123 label, as Kubernetes requires; the same rule as src/constructs/validation.ts.
    condition     = length(var.prod_namespace) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.prod_namespace))
    error_message = "prod_namespace must be a DNS-1123 label: lower-case letters, digits and \"-\", starting and ending with a letter or digit, at most 63 characters."
  }
}

variable "tracing_namespace" {
  type        = string
  description = "Kubernetes namespace of the web (browser-facing) collector."
  default     = "tracing"

  validation {
    # DNS-1123 label, as Kubernetes requires; the same rule as src/constructs/validation.ts.
    condition     = length(var.tracing_namespace) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.tracing_namespace))
    error_message = "tracing_namespace must be a DNS-1123 label: lower-case letters, digits and \"-\", starting and ending with a letter or digit, at most 63 characters."
  }
}

variable "task_service_account" {
  type        = string
  description = "Service account of the task-service pods. Its injected ADOT sidecar runs under it too, so its role gets X-Ray write."
  default     = "task-service"

  validation {
    # DNS-1123 label, as Kubernetes requires; the same rule as src/constructs/validation.ts.
    condition     = length(var.task_service_account) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.task_service_account))
    error_message = "task_service_account must be a DNS-1123 label: lower-case letters, digits and \"-\", starting and ending with a letter or digit, at most 63 characters."
  }
}

variable "web_collector_service_account" {
  type        = string
  description = "Service account of the deployment-mode web collector (spec.serviceAccount of the otel-web collector)."
  default     = "otel-web-collector"

  validation {
    # DNS-1123 label, as Kubernetes requires; the same rule as src/constructs/validation.ts.
    condition     = length(var.web_collector_service_account) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.web_collector_service_account))
    error_message = "web_collector_service_account must be a DNS-1123 label: lower-case letters, digits and \"-\", starting and ending with a letter or digit, at most 63 characters."
  }
}

variable "tasks_table_name" {
  type        = string
  description = "Name of the DynamoDB table holding the tasks."
  default     = "tasks"
}

variable "table_deletion_protection" {
  type        = bool
  description = "Protect the tasks table from deletion; set false before `terraform destroy`."
  default     = true
}

variable "install_prerequisites" {
  type        = string
  description = <<-EOT
    How to install the in-cluster prerequisites (cert-manager and the OpenTelemetry Operator):
    "none" (already installed, or install them yourself),
    "eks-addon" (EKS cert-manager community add-on + EKS adot add-on),
    "helm" (jetstack cert-manager chart + upstream opentelemetry-operator chart).
  EOT
  default     = "none"

  validation {
    condition     = contains(["none", "eks-addon", "helm"], var.install_prerequisites)
    error_message = "install_prerequisites must be one of: none, eks-addon, helm."
  }
}

variable "adot_addon_version" {
  type        = string
  description = <<-EOT
    Version of the EKS adot add-on when install_prerequisites = "eks-addon". Its number is the ADOT
    operator version it runs: v0.158.0-eksbuild.1 runs operator 0.158.0, which injects the sidecar
    as a native sidecar on Kubernetes >= 1.29 (AWS lists EKS 1.31 to 1.37 for this build). Operators
    before 0.132 inject a classic sidecar. null = the add-on's default version for the cluster,
    which may be older. List them with:
    aws eks describe-addon-versions --addon-name adot --kubernetes-version <cluster version>
  EOT
  default     = "v0.158.0-eksbuild.1"
}

variable "cert_manager_chart_version" {
  type        = string
  description = "jetstack/cert-manager Helm chart version when install_prerequisites = \"helm\" (chart versions carry the leading v)."
  default     = "v1.21.1"
}

variable "otel_operator_chart_version" {
  type        = string
  description = "open-telemetry/opentelemetry-operator Helm chart version when install_prerequisites = \"helm\". 0.122.0 runs operator 0.158.0 (its appVersion), which injects native sidecars on Kubernetes >= 1.29; charts before 0.94 run operators before 0.132, which inject classic sidecars."
  default     = "0.122.0"
}

variable "exporter" {
  type        = string
  description = <<-EOT
    How both collectors send traces to X-Ray, and so which X-Ray write actions their roles get:
    "awsxray" (the awsxray exporter, PutTraceSegments) or
    "xray-otlp" (otlp_http signed by sigv4auth to the X-Ray OTLP endpoint, PutSpans; needs
    CloudWatch Transaction Search enabled in the account).
    Must equal the cdk8s config's exporter, which reads it from the outputs.
  EOT
  default     = "awsxray"

  validation {
    condition     = contains(["awsxray", "xray-otlp"], var.exporter)
    error_message = "exporter must be \"awsxray\" or \"xray-otlp\"."
  }
}

variable "remote_sampling" {
  type        = bool
  description = "X-Ray centralized sampling: the task-service sidecar proxies the service's GetSamplingRules/GetSamplingTargets calls to X-Ray, so its role gets those two actions. Off: the service samples locally and the role gets neither. Keep it off for now: the task service has no X-Ray remote sampler yet, and cdk8s synth refuses true."
  default     = false
}

variable "web_collector_waf_enabled" {
  type        = bool
  description = "Put an AWS WAF web ACL with a per-IP rate limit on the public span endpoint (POST /v1/traces). Turn it off only if another layer rate-limits that path; the endpoint is unauthenticated."
  default     = true
}

variable "web_collector_rate_limit" {
  type        = number
  description = <<-EOT
    Requests to /v1/traces one client IP may send per 5-minute window before AWS WAF blocks it
    (until its rate falls below the limit). task-web exports at most one batch per second per
    busy tab (its batch processor's 1 s delay) and caches the CORS preflight for 2 hours, so a
    tab that emits spans all the time sends about 300 requests per window; 600 leaves room for
    a second busy tab or a few users behind one NAT address. At task-web's 100 spans per request
    that is 60,000 spans per window; docs/deploy.md has the cost ceiling.
  EOT
  default     = 600

  validation {
    # The range AWS WAF accepts for a rate-based statement's limit.
    condition     = var.web_collector_rate_limit == floor(var.web_collector_rate_limit) && var.web_collector_rate_limit >= 10 && var.web_collector_rate_limit <= 2000000000
    error_message = "web_collector_rate_limit must be a whole number of requests per 5 minutes from 10 to 2000000000 (the range AWS WAF accepts)."
  }
}

variable "ecr_images_kept" {
  type        = number
  description = "How many images each ECR repository keeps; older ones are expired by a lifecycle rule. Enough to roll back a few releases."
  default     = 20

  validation {
    condition     = var.ecr_images_kept == floor(var.ecr_images_kept) && var.ecr_images_kept >= 1
    error_message = "ecr_images_kept must be a whole number of at least 1."
  }
}

variable "ecr_force_delete" {
  type        = bool
  description = "Let `terraform destroy` delete the ECR repositories together with their images; set true (with table_deletion_protection = false) before tearing down."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every AWS resource."
  default     = { project = "eks-xray" }
}
