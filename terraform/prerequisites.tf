# In-cluster prerequisites of the manifests in dist/: cert-manager (for the operator's webhook
# certificates) and the OpenTelemetry Operator (CRDs, sidecar injection webhook, reconciler).
# Off by default ("none"): many clusters already have them, and two installers fighting over
# one CRD is worse than a documented manual step.

locals {
  prerequisites_via_addons = var.install_prerequisites == "eks-addon"
  prerequisites_via_helm   = var.install_prerequisites == "helm"
}

# --- EKS add-ons ------------------------------------------------------------------------------
# https://docs.aws.amazon.com/eks/latest/userguide/opentelemetry.html

resource "aws_eks_addon" "cert_manager" {
  count                       = local.prerequisites_via_addons ? 1 : 0
  cluster_name                = var.cluster_name
  addon_name                  = "cert-manager" # EKS community add-on
  resolve_conflicts_on_create = "OVERWRITE"
}

resource "aws_eks_addon" "adot" {
  count                       = local.prerequisites_via_addons ? 1 : 0
  cluster_name                = var.cluster_name
  addon_name                  = "adot"
  addon_version               = var.adot_addon_version
  resolve_conflicts_on_create = "OVERWRITE"

  # The adot add-on's webhook needs cert-manager to be running first.
  depends_on = [aws_eks_addon.cert_manager]
}

# --- Helm -------------------------------------------------------------------------------------

provider "helm" {
  kubernetes = {
    host                   = data.aws_eks_cluster.this.endpoint
    cluster_ca_certificate = base64decode(data.aws_eks_cluster.this.certificate_authority[0].data)
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--region", var.region]
    }
  }
}

resource "helm_release" "cert_manager" {
  count            = local.prerequisites_via_helm ? 1 : 0
  name             = "cert-manager"
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  version          = var.cert_manager_chart_version
  namespace        = "cert-manager"
  create_namespace = true
  wait             = true

  set = [{ name = "crds.enabled", value = "true" }]
}

resource "helm_release" "otel_operator" {
  count            = local.prerequisites_via_helm ? 1 : 0
  name             = "opentelemetry-operator"
  repository       = "https://open-telemetry.github.io/opentelemetry-helm-charts"
  chart            = "opentelemetry-operator"
  version          = var.otel_operator_chart_version
  namespace        = "opentelemetry-operator-system"
  create_namespace = true
  wait             = true

  set = [
    # The chart requires a default collector image; our CRs pin the ADOT image themselves.
    { name = "manager.collectorImage.repository", value = "public.ecr.aws/aws-observability/aws-otel-collector" },
    { name = "admissionWebhooks.certManager.enabled", value = "true" },
  ]

  depends_on = [helm_release.cert_manager]
}
