import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadConfig,
  PLACEHOLDER_ACCOUNT,
  TERRAFORM_BACKED_FIELDS,
} from '../../src/config.js';
import { IRSA_ROLE_ANNOTATION } from '../../src/contracts.js';
import { at, find, synthesize } from './helpers/manifests.js';

function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'deploy-config-'));
}

/** A complete `terraform output -json` document as Terraform writes it. */
function outputsJson(overrides: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    region: 'eu-west-1',
    cluster_name: 'shop',
    prod_namespace: 'prod',
    tracing_namespace: 'tracing',
    task_service_account: 'task-service',
    web_collector_service_account: 'otel-web-collector',
    task_service_role_arn: 'arn:aws:iam::123456789012:role/shop-task-service',
    web_collector_role_arn: 'arn:aws:iam::123456789012:role/shop-otel-web-collector',
    tasks_table_name: 'shop-tasks',
    tasks_table_arn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-tasks',
    ...overrides,
  };
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, { sensitive: false, type: 'string', value: v }]),
    ),
  );
}

function dirWithOutputs(text: string, file = 'terraform-outputs.json'): string {
  const dir = emptyDir();
  writeFileSync(join(dir, file), text);
  return dir;
}

describe('GIVEN no Terraform outputs file', () => {
  const loaded = loadConfig({ env: {}, cwd: emptyDir() });

  it('THEN defaults equal the Terraform-backed defaults', () => {
    for (const [field, meta] of Object.entries(TERRAFORM_BACKED_FIELDS)) {
      expect(loaded.config[field as keyof typeof loaded.config]).toBe(meta.default);
    }
  });

  it('THEN ARNs are clearly marked placeholders in account 000000000000', () => {
    expect(loaded.outputsFound).toBe(false);
    expect(loaded.config.taskServiceRoleArn).toBe(
      `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/PLACEHOLDER-run-terraform-task-service`,
    );
    expect(loaded.config.webCollectorRoleArn).toContain(
      `::${PLACEHOLDER_ACCOUNT}:role/PLACEHOLDER-`,
    );
    expect(loaded.config.tasksTableArn).toBe(
      `arn:aws:dynamodb:us-east-1:${PLACEHOLDER_ACCOUNT}:table/tasks`,
    );
  });

  it('THEN exactly one warning line says what happened and how to fix it', () => {
    expect(loaded.warning).toBeDefined();
    expect(loaded.warning?.split('\n')).toHaveLength(1);
    expect(loaded.warning).toMatch(
      /^warning: no Terraform outputs at .*terraform-outputs\.json; using PLACEHOLDER ARNs \(account 000000000000\)/,
    );
    expect(loaded.warning).toContain('terraform -chdir=terraform output -json >');
    expect(loaded.warning).toContain('TRACING_STRICT=1');
  });

  it('WHEN strict mode is on THEN loading fails instead of using placeholders', () => {
    expect(() => loadConfig({ env: { TRACING_STRICT: '1' }, cwd: emptyDir() })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ env: { TRACING_STRICT: 'true' }, cwd: emptyDir() })).toThrow(
      /TRACING_STRICT is set and no Terraform outputs at .*terraform -chdir=terraform output -json/,
    );
  });

  it('WHEN TRACING_STRICT has an unknown value THEN the error says which values work', () => {
    expect(() => loadConfig({ env: { TRACING_STRICT: 'yes' }, cwd: emptyDir() })).toThrow(
      /TRACING_STRICT="yes" is not understood\. Use TRACING_STRICT=1/,
    );
  });
});

describe('GIVEN a complete Terraform outputs file', () => {
  const cwd = dirWithOutputs(outputsJson());

  it('THEN names and ARNs come from it, with no warning, even in strict mode', () => {
    const loaded = loadConfig({ env: { TRACING_STRICT: '1' }, cwd });
    expect(loaded.warning).toBeUndefined();
    expect(loaded.config).toMatchObject({
      region: 'eu-west-1',
      clusterName: 'shop',
      tasksTableName: 'shop-tasks',
      taskServiceRoleArn: 'arn:aws:iam::123456789012:role/shop-task-service',
      webCollectorRoleArn: 'arn:aws:iam::123456789012:role/shop-otel-web-collector',
      tasksTableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-tasks',
    });
  });

  it('THEN the charts put the real role ARNs on the service accounts and the table name in env', () => {
    const { all } = synthesize(loadConfig({ env: {}, cwd }).config);
    expect(
      find(all, 'ServiceAccount', 'task-service', 'prod').metadata.annotations?.[
        IRSA_ROLE_ANNOTATION
      ],
    ).toBe('arn:aws:iam::123456789012:role/shop-task-service');
    expect(
      find(all, 'ServiceAccount', 'otel-web-collector', 'tracing').metadata.annotations?.[
        IRSA_ROLE_ANNOTATION
      ],
    ).toBe('arn:aws:iam::123456789012:role/shop-otel-web-collector');
    const env = at<{ name: string; value?: string }[]>(
      find(all, 'Deployment', 'task-service'),
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'env',
    );
    expect(env).toContainEqual({ name: 'TASKS_TABLE', value: 'shop-tasks' });
    expect(env).toContainEqual({ name: 'AWS_REGION', value: 'eu-west-1' });
  });

  it('WHEN the file sits elsewhere THEN TRACING_TERRAFORM_OUTPUTS points at it', () => {
    const dir = dirWithOutputs(outputsJson(), 'tf.json');
    const loaded = loadConfig({ env: { TRACING_TERRAFORM_OUTPUTS: 'tf.json' }, cwd: dir });
    expect(loaded.outputsFound).toBe(true);
    expect(loaded.config.clusterName).toBe('shop');
  });

  it('WHEN TRACING_TERRAFORM_OUTPUTS names a missing file THEN loading fails with the command to create it', () => {
    expect(() =>
      loadConfig({ env: { TRACING_TERRAFORM_OUTPUTS: 'nope.json' }, cwd: emptyDir() }),
    ).toThrow(
      /TRACING_TERRAFORM_OUTPUTS=nope\.json: no file at .*nope\.json\. Create it with: terraform -chdir=terraform output -json/,
    );
  });

  it('WHEN an env override disagrees with an output THEN loading fails naming both and the fix', () => {
    expect(() => loadConfig({ env: { TRACING_REGION: 'us-west-2' }, cwd })).toThrow(
      /config\.region: TRACING_REGION="us-west-2" disagrees with Terraform output region="eu-west-1".*Unset TRACING_REGION, or re-apply Terraform with -var region=us-west-2/,
    );
  });
});

describe('GIVEN a Terraform outputs file missing the role ARNs', () => {
  const text = JSON.stringify({ region: { value: 'us-east-1' } });

  it('THEN placeholders fill in with a warning naming the missing outputs', () => {
    const loaded = loadConfig({ env: {}, cwd: dirWithOutputs(text) });
    expect(loaded.warning).toMatch(
      /lacks task_service_role_arn, web_collector_role_arn, tasks_table_arn; using PLACEHOLDER ARNs/,
    );
  });

  it('WHEN strict THEN it fails', () => {
    expect(() => loadConfig({ env: { TRACING_STRICT: '1' }, cwd: dirWithOutputs(text) })).toThrow(
      /lacks task_service_role_arn/,
    );
  });
});

describe('GIVEN bad values', () => {
  it.each([
    [
      { TRACING_REGION: 'useast1' },
      /config\.region = "useast1" \(from env TRACING_REGION\): It must be an AWS region code such as "us-east-1"/,
    ],
    [
      { TRACING_WEB_ORIGINS: 'https://app.example.com,*' },
      /config\.webOrigins\.1 = "\*" \(from env TRACING_WEB_ORIGINS\): Wildcards are refused/,
    ],
    [
      { TRACING_TASK_SERVICE_IMAGE: 'task-service' },
      /config\.taskServiceImage = "task-service" \(from env TRACING_TASK_SERVICE_IMAGE\): Pin the image to a version tag or digest/,
    ],
    [
      { TRACING_TASK_WEB_IMAGE: 'registry.example.com:5000/task-web' },
      /config\.taskWebImage = "registry\.example\.com:5000\/task-web" .*Pin the image/,
    ],
    [
      { TRACING_TASK_SERVICE_REPLICAS: '1' },
      /config\.taskServiceReplicas = 1 .*Run at least 2 replicas/,
    ],
    [
      { TRACING_TASK_SERVICE_REPLICAS: 'two' },
      /config\.taskServiceReplicas = "two" \(from env TRACING_TASK_SERVICE_REPLICAS\)/,
    ],
    [
      { TRACING_PROD_NAMESPACE: 'Prod' },
      /config\.prodNamespace = "Prod" \(from env TRACING_PROD_NAMESPACE\): It must be a DNS-1123 label/,
    ],
    [
      { TRACING_API_HOST: 'https://api.example.com' },
      /config\.apiHost = "https:\/\/api\.example\.com" .*bare host name/,
    ],
    [
      { TRACING_CERTIFICATE_ARN: 'arn:aws:iam::123456789012:role/x' },
      /config\.certificateArn = "arn:aws:iam::123456789012:role\/x" \(from env TRACING_CERTIFICATE_ARN\): It must be an ACM certificate ARN/,
    ],
    [
      {
        TRACING_CERTIFICATE_ARN:
          'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
      },
      /config\.certificateArn = "arn:aws:acm:eu-west-1:.*" \(from env TRACING_CERTIFICATE_ARN\): The certificate is in eu-west-1 but the cluster and its load balancers are in us-east-1\. Issue or import the certificate in ACM in us-east-1/,
    ],
    [
      { TRACING_COLLECTOR_HOST: 'api.example.com' },
      /config\.collectorHost = "api\.example\.com" \(from env TRACING_COLLECTOR_HOST\): It is the same host as apiHost; .*Set a distinct host/,
    ],
    [
      { TRACING_WEB_ORIGINS: 'https://admin.example.com' },
      /config\.webOrigins = \["https:\/\/admin\.example\.com"\] \(from env TRACING_WEB_ORIGINS\): It must include https:\/\/app\.example\.com, the origin the task-web UI is served from/,
    ],
    [
      { TRACING_WEB_COLLECTOR_SPANS_PER_SECOND: '1' },
      /config\.webCollectorSpansPerSecond = 1 \(from env TRACING_WEB_COLLECTOR_SPANS_PER_SECOND\): Allow at least 2 spans per second/,
    ],
    [
      { TRACING_EXPORTER: 'zipkin' },
      /config\.exporter = "zipkin" .*Use "awsxray" .* or "xray-otlp"/,
    ],
  ] as [Record<string, string>, RegExp][])(
    'WHEN %o THEN synth fails with field, value, source and fix',
    (env, message) => {
      expect(() => loadConfig({ env, cwd: emptyDir() })).toThrow(message);
    },
  );

  it('WHEN the table ARN names another table than tasksTableName THEN loading fails naming both', () => {
    const cwd = dirWithOutputs(
      outputsJson({ tasks_table_arn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/tasks' }),
    );
    expect(() => loadConfig({ env: {}, cwd })).toThrow(
      /config\.tasksTableArn = "arn:aws:dynamodb:eu-west-1:123456789012:table\/tasks" \(from terraform output tasks_table_arn\): It must be the ARN of table "shop-tasks" in eu-west-1/,
    );
  });

  it('WHEN the outputs file carries a malformed role ARN THEN the error names the output as source', () => {
    const cwd = dirWithOutputs(outputsJson({ task_service_role_arn: 'arn:aws:iam::1:role/x' }));
    expect(() => loadConfig({ env: {}, cwd })).toThrow(
      /config\.taskServiceRoleArn = "arn:aws:iam::1:role\/x" \(from terraform output task_service_role_arn\): It must be an IAM role ARN/,
    );
  });

  it('WHEN the certificate is in the cluster region THEN it is accepted', () => {
    const arn =
      'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
    const { config } = loadConfig({
      env: { TRACING_CERTIFICATE_ARN: arn, TRACING_REGION: 'eu-west-1' },
      cwd: emptyDir(),
    });
    expect(config.certificateArn).toBe(arn);
  });

  it('WHEN extra origins are listed beside the web host THEN they are accepted', () => {
    const { config } = loadConfig({
      env: { TRACING_WEB_ORIGINS: 'https://app.example.com,http://localhost:5173' },
      cwd: emptyDir(),
    });
    expect(config.webOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it('WHEN only the web host is set THEN the CORS origin follows it', () => {
    const { config } = loadConfig({
      env: { TRACING_WEB_HOST: 'tasks.example.org' },
      cwd: emptyDir(),
    });
    expect(config.webOrigins).toEqual(['https://tasks.example.org']);
  });
});
