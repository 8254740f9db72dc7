import { beforeAll, describe, expect, it } from 'vitest';
import { deployConfigSchema, TERRAFORM_BACKED_FIELDS } from '../../src/config.js';
import { dns1123LabelProblem } from '../../src/constructs/index.js';
import { TERRAFORM_OUTPUT_NAMES } from '../../src/terraform-outputs.js';
import {
  type Block,
  blocksOf,
  loadTerraform,
  type Terraform,
  variableBlock,
} from './terraform-hcl.js';

let tf: Terraform;
let variableDefaults: Record<string, unknown>;

beforeAll(async () => {
  tf = await loadTerraform();
  variableDefaults = tf.variableDefaults;
});

describe('GIVEN the Terraform configuration', () => {
  it('THEN outputs.tf declares exactly the outputs cdk8s reads', () => {
    expect(Object.keys(tf.sections.output ?? {}).sort()).toEqual(
      [...TERRAFORM_OUTPUT_NAMES].sort(),
    );
  });

  it('THEN every variable is typed and described', () => {
    for (const [name, blocks] of Object.entries(tf.sections.variable ?? {})) {
      const body = (blocks as Block[])[0] ?? {};
      expect(body.type, `variable ${name} type`).toBeDefined();
      expect(String(body.description ?? ''), `variable ${name} description`).not.toBe('');
    }
  });

  it('THEN the variable defaults equal the cdk8s config defaults', () => {
    for (const meta of Object.values(TERRAFORM_BACKED_FIELDS)) {
      expect(variableDefaults[meta.variable], meta.variable).toBe(meta.default);
    }
  });

  it('THEN namespace and service-account variables refuse what Kubernetes (and the cdk8s config) refuse', () => {
    const samples = ['prod', 'task-service', 'a', 'Prod', 'task_service', '-prod', 'prod-', ''];
    for (const name of [
      'prod_namespace',
      'tracing_namespace',
      'task_service_account',
      'web_collector_service_account',
    ]) {
      const validation = variableBlock(tf, name).validation as Block[];
      const condition = String(validation[0]?.condition);
      expect(condition, name).toContain(`length(var.${name}) <= 63`);
      const pattern = /regex\("([^"]+)", var\.[a-z_]+\)/.exec(condition)?.[1];
      expect(pattern, name).toBeDefined();
      const tfRegex = new RegExp(pattern ?? '');
      for (const sample of samples) {
        expect(tfRegex.test(sample), `${name} on "${sample}"`).toBe(
          dns1123LabelProblem(sample) === undefined,
        );
      }
    }
  });

  it('THEN the exporter variable accepts exactly the exporters the cdk8s config accepts, defaulting to awsxray', () => {
    const body = variableBlock(tf, 'exporter');
    expect(body.type).toBe('${string}');
    expect(body.default).toBe('awsxray');
    const condition = String(((body.validation as Block[])[0] as Block).condition);
    const listed = /contains\(\[([^\]]*)\], var\.exporter\)/.exec(condition)?.[1] ?? '';
    const options = [...listed.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(options.sort()).toEqual([...deployConfigSchema.shape.exporter.options].sort());
  });

  it('THEN remote sampling is a bool, off by default, and the WAF a bool, on by default', () => {
    const remote = variableBlock(tf, 'remote_sampling');
    const waf = variableBlock(tf, 'web_collector_waf_enabled');
    expect([remote.type, remote.default]).toEqual(['${bool}', false]);
    expect([waf.type, waf.default]).toEqual(['${bool}', true]);
  });

  it('THEN providers are pinned to a major version and Terraform itself is bounded', () => {
    const terraform = (tf.sections.terraform as unknown as Block[])[0] as Block;
    expect(String(terraform.required_version)).toMatch(/< 2\.0\.0/);
    const providers = (terraform.required_providers as Block[])[0] as Record<
      string,
      { version: string }
    >;
    for (const [name, provider] of Object.entries(providers)) {
      expect(provider.version, name).toMatch(/^~> \d+\.\d+$/);
    }
  });

  it('THEN the prerequisites variable offers none, eks-addon and helm, defaulting to none', () => {
    expect(variableDefaults.install_prerequisites).toBe('none');
    const validation = JSON.stringify(variableBlock(tf, 'install_prerequisites').validation);
    for (const option of ['none', 'eks-addon', 'helm'])
      expect(validation).toContain(`\\"${option}\\"`);
    expect(Object.keys(blocksOf(tf, 'resource', 'aws_eks_addon')).sort()).toEqual([
      'adot',
      'cert_manager',
    ]);
    expect(Object.keys(blocksOf(tf, 'resource', 'helm_release')).sort()).toEqual([
      'cert_manager',
      'otel_operator',
    ]);
  });
});

describe('GIVEN the tasks table', () => {
  it('THEN it is on-demand with point-in-time recovery and server-side encryption, keyed like the app', () => {
    const table = blocksOf(tf, 'resource', 'aws_dynamodb_table').tasks as Block;
    expect(table.billing_mode).toBe('PAY_PER_REQUEST');
    expect(table.hash_key).toBe('id');
    expect(table.point_in_time_recovery).toEqual([{ enabled: true }]);
    expect(table.server_side_encryption).toEqual([{ enabled: true }]);
    expect(table.name).toBe('${var.tasks_table_name}');
  });
});
