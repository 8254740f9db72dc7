import { beforeAll, describe, expect, it } from 'vitest';
import { ADOT_COLLECTOR_IMAGE } from '../../src/constructs/index.js';
import { type Block, blocksOf, evaluate, loadTerraform, type Terraform } from './terraform-hcl.js';

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

/**
 * appVersion of the opentelemetry-operator charts this project has checked, read from
 * charts/opentelemetry-operator/Chart.yaml at each chart tag of open-telemetry/opentelemetry-helm-charts.
 */
const CHECKED_OPERATOR_CHARTS: Record<string, string> = {
  '0.93.0': '0.131.0',
  '0.94.0': '0.132.0',
  '0.122.0': '0.158.0',
};

/** Operator 0.132 is the first whose sidecar injection may be native (Kubernetes >= 1.29). */
function atLeast0132(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 0 || minor >= 132;
}

function helmSettings(release: string): Record<string, unknown> {
  const body = blocksOf(tf, 'resource', 'helm_release')[release] as Block;
  const set = body.set as { name: string; value: unknown }[];
  return Object.fromEntries(set.map((s) => [s.name, evaluate(tf, s.value)]));
}

describe('GIVEN the Helm install of the OpenTelemetry Operator', () => {
  it('THEN its default collector image is the ADOT image the collector CRs pin, repository and tag', () => {
    const settings = helmSettings('otel_operator');
    const cut = ADOT_COLLECTOR_IMAGE.lastIndexOf(':');
    expect(settings['manager.collectorImage.repository']).toBe(ADOT_COLLECTOR_IMAGE.slice(0, cut));
    expect(settings['manager.collectorImage.tag']).toBe(ADOT_COLLECTOR_IMAGE.slice(cut + 1));
    expect(settings['admissionWebhooks.certManager.enabled']).toBe('true');
  });

  it('THEN the pinned chart runs an operator that injects native sidecars', () => {
    const chart = String(tf.variableDefaults.otel_operator_chart_version);
    const appVersion = CHECKED_OPERATOR_CHARTS[chart];
    expect(appVersion, `chart ${chart} has not been checked`).toBeDefined();
    expect(atLeast0132(appVersion ?? '0.0.0')).toBe(true);
    expect(atLeast0132(CHECKED_OPERATOR_CHARTS['0.93.0'] ?? '')).toBe(false);
    const release = blocksOf(tf, 'resource', 'helm_release').otel_operator as Block;
    expect(release.version).toBe('${var.otel_operator_chart_version}');
  });

  it('THEN no removed feature gate is set (operator 0.158 decides native sidecars itself)', () => {
    for (const name of Object.keys(helmSettings('otel_operator'))) {
      expect(name).not.toMatch(/featureGate/i);
    }
  });
});

describe('GIVEN the Helm install of cert-manager', () => {
  it('THEN it installs its CRDs with the chart, at a pinned v-prefixed chart version', () => {
    expect(helmSettings('cert_manager')).toEqual({ 'crds.enabled': 'true' });
    expect(tf.variableDefaults.cert_manager_chart_version).toMatch(/^v\d+\.\d+\.\d+$/);
  });
});

describe('GIVEN the EKS add-on install', () => {
  it('THEN the adot add-on is pinned to a build whose operator injects native sidecars, after cert-manager', () => {
    const addon = blocksOf(tf, 'resource', 'aws_eks_addon').adot as Block;
    expect(addon.addon_version).toBe('${var.adot_addon_version}');
    expect(addon.depends_on).toEqual(['${aws_eks_addon.cert_manager}']);
    const version = String(tf.variableDefaults.adot_addon_version);
    expect(version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
    expect(atLeast0132(version)).toBe(true);
  });
});
