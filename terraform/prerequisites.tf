# In-cluster prerequisites of the manifests in dist/: cert-manager (for the operator's webhook
# certificates) and the OpenTelemetry Operator (CRDs, sidecar injection webhook, reconciler).
# Off by default ("none"): many clusters already have them, and two installers fighting over
# one CRD is worse than a documented manual step.

locals {
  prerequisites_via_addons = var.install_prerequisites == "eks-addon"
  prerequisites_via_helm   = var.install_prerequisites == "helm"

  # The operator's default collector image, for collectors whose CR names none. Both parts are
  # needed: with the repository alone the chart keeps its own tag (an upstream collector version
  # such as 0.158.0), which does not exist in the ADOT repository. Must equal
  # ADOT_COLLECTOR_IMAGE in src/constructs/adot-collector/adot-collector.ts (a test compares).
  adot_collector_repository = "public.ecr.aws/aws-observability/aws-otel-collector"
  adot_collector_tag        = "v0.49.0"
}

# --- EKS add-ons ------------------------------------------------------------------------------
# https://docs.aws.amazon.com/eks/latest/userguide/opentelemetry.html
# The adot add-on's version names the operator it runs: v0.158.0-eksbuild.1 runs ADOT operator
# 0.158.0 (native sidecars on Kubernetes >= 1.29), v0.131.0-eksbuild.1 ran 0.131.0 (classic
# sidecars). See var.adot_addon_version.

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

  # Keys checked in the chart's values.yaml and templates/deployment.yaml at
  # opentelemetry-operator-0.122.0: --collector-image is rendered only when both repository and
  # tag are set. Native sidecars need no setting there: operator 0.158.0 has no
  # operator.sidecarcontainers.native gate any more and enables them itself on Kubernetes >= 1.29
  # (internal/autodetect NativeSidecarSupport).
  set = [
    { name = "manager.collectorImage.repository", value = local.adot_collector_repository },
    { name = "manager.collectorImage.tag", value = local.adot_collector_tag },
    { name = "admissionWebhooks.certManager.enabled", value = "true" },
  ]

  depends_on = [helm_release.cert_manager]
}
