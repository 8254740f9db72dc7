import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type DeployConfig } from '../../src/config.js';
import { at, find, findAll, synthesize } from './helpers/manifests.js';

const WAF = 'alb.ingress.kubernetes.io/wafv2-acl-arn';
const ACL =
  'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/eks-xray-otel-web/0d1f2e3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

type Value = string | boolean | null;

/** A `terraform output -json` document; an output set to undefined is left out, as Terraform does for null. */
function outputsDir(overrides: Record<string, Value | undefined> = {}): string {
  const values: Record<string, Value | undefined> = {
    task_service_role_arn: 'arn:aws:iam::123456789012:role/eks-xray-task-service',
    web_collector_role_arn: 'arn:aws:iam::123456789012:role/eks-xray-otel-web-collector',
    tasks_table_arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/tasks',
    exporter: 'awsxray',
    remote_sampling: false,
    web_collector_waf_acl_arn: ACL,
    ...overrides,
  };
  const entries = Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, { sensitive: false, type: typeof value, value }]);
  const dir = mkdtempSync(join(tmpdir(), 'deploy-config-'));
  writeFileSync(join(dir, 'terraform-outputs.json'), JSON.stringify(Object.fromEntries(entries)));
  return dir;
}

const load = (cwd: string, env: Record<string, string> = {}): DeployConfig =>
  loadConfig({ env, cwd }).config;

function collectorAnnotations(config: DeployConfig): Record<string, string> {
  return find(synthesize(config).all, 'Ingress', 'otel-web', 'tracing').metadata.annotations ?? {};
}

describe('GIVEN the WAF web ACL output', () => {
  it('WHEN Terraform created the ACL THEN only the collector Ingress of the ALB group carries its ARN', () => {
    const { all } = synthesize(load(outputsDir()));
    const carrying = findAll(all, 'Ingress').filter(
      (i) => i.metadata.annotations?.[WAF] !== undefined,
    );
    expect(carrying.map((i) => i.metadata.name)).toEqual(['otel-web']);
    expect(carrying[0]?.metadata.annotations?.[WAF]).toBe(ACL);
  });

  it.each([
    ['null', null],
    ['left out (Terraform drops null outputs)', undefined],
  ])(
    'WHEN the output is %s THEN the Ingress detaches any ACL explicitly with "none"',
    (_label, value) => {
      const config = load(outputsDir({ web_collector_waf_acl_arn: value }));
      expect(config.webCollectorWafAclArn).toBeNull();
      expect(collectorAnnotations(config)[WAF]).toBe('none');
    },
  );

  it('WHEN there is no outputs file THEN a placeholder ARN is used and the one warning line names the output', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'deploy-config-'));
    const loaded = loadConfig({ env: {}, cwd });
    expect(loaded.config.webCollectorWafAclArn).toMatch(
      /^arn:aws:wafv2:us-east-1:000000000000:regional\/webacl\/PLACEHOLDER-/,
    );
    expect(loaded.warning?.split('\n')).toHaveLength(1);
    expect(() => loadConfig({ env: { TRACING_STRICT: '1' }, cwd })).toThrow(
      /TRACING_STRICT is set/,
    );
  });

  it('WHEN the ACL is in another region than the cluster THEN loading names both and the fix', () => {
    const elsewhere = ACL.replace('us-east-1', 'eu-west-1');
    expect(() => load(outputsDir({ web_collector_waf_acl_arn: elsewhere }))).toThrow(
      /config\.webCollectorWafAclArn = "arn:aws:wafv2:eu-west-1:.*\(from terraform output web_collector_waf_acl_arn\): The web ACL is in eu-west-1 but the load balancer is in us-east-1/,
    );
  });
});

describe('GIVEN exporter and remote_sampling from Terraform', () => {
  it('WHEN Terraform chose the OTLP endpoint and remote sampling THEN the collectors and the service follow', () => {
    const config = load(outputsDir({ exporter: 'xray-otlp', remote_sampling: true }));
    expect(config).toMatchObject({ exporter: 'xray-otlp', remoteSampling: true });
    const { all } = synthesize(config);
    for (const c of findAll(all, 'OpenTelemetryCollector')) {
      expect(at(c, 'spec', 'config', 'service', 'pipelines', 'traces', 'exporters')).toEqual([
        'otlp_http',
      ]);
    }
    const sidecar = find(all, 'OpenTelemetryCollector', 'otel-sidecar', 'prod');
    expect(at(sidecar, 'spec', 'config', 'service', 'extensions')).toContain('awsproxy');
  });

  it('WHEN the environment agrees with the outputs (written differently) THEN loading accepts it', () => {
    const cwd = outputsDir({ remote_sampling: true });
    expect(load(cwd, { TRACING_REMOTE_SAMPLING: '1' }).remoteSampling).toBe(true);
  });

  it.each([
    [
      { TRACING_EXPORTER: 'xray-otlp' },
      /config\.exporter: TRACING_EXPORTER="xray-otlp" disagrees with Terraform output exporter="awsxray".*-var exporter=xray-otlp/,
    ],
    [
      { TRACING_REMOTE_SAMPLING: 'true' },
      /config\.remoteSampling: TRACING_REMOTE_SAMPLING="true" disagrees with Terraform output remote_sampling=false.*-var remote_sampling=true/,
    ],
  ])(
    'WHEN the environment says %o but Terraform granted otherwise THEN loading fails naming both and the fix',
    (env, message) => {
      expect(() => load(outputsDir(), env)).toThrow(ConfigError);
      expect(() => load(outputsDir(), env)).toThrow(message);
    },
  );
});
