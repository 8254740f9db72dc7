import { describe, expect, it } from 'vitest';
import {
  parseTerraformOutputs,
  TERRAFORM_OUTPUT_KINDS,
  TerraformOutputsError,
} from '../../src/terraform-outputs.js';

/** One entry as `terraform output -json` writes it. */
function entry(
  value: unknown,
  type: unknown,
): { sensitive: boolean; type: unknown; value: unknown } {
  return { sensitive: false, type, value };
}

/** A full document with the WAF on, as `terraform output -json` prints it after apply. */
const FULL = {
  region: entry('eu-west-1', 'string'),
  cluster_name: entry('shop', 'string'),
  prod_namespace: entry('prod', 'string'),
  tracing_namespace: entry('tracing', 'string'),
  task_service_account: entry('task-service', 'string'),
  web_collector_service_account: entry('otel-web-collector', 'string'),
  task_service_role_arn: entry('arn:aws:iam::123456789012:role/shop-task-service', 'string'),
  web_collector_role_arn: entry('arn:aws:iam::123456789012:role/shop-otel-web-collector', 'string'),
  tasks_table_name: entry('tasks', 'string'),
  tasks_table_arn: entry('arn:aws:dynamodb:eu-west-1:123456789012:table/tasks', 'string'),
  exporter: entry('xray-otlp', 'string'),
  remote_sampling: entry(true, 'bool'),
  web_collector_waf_acl_arn: entry(
    'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop-otel-web-collector/a1b2c3d4',
    'string',
  ),
  task_service_repository_url: entry(
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/task-service',
    'string',
  ),
  task_web_repository_url: entry(
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/task-web',
    'string',
  ),
};

describe('GIVEN a complete `terraform output -json` document', () => {
  it('THEN every output is read with its own type: strings, the sampling bool and the ACL ARN', () => {
    const outputs = parseTerraformOutputs(JSON.stringify(FULL));
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(TERRAFORM_OUTPUT_KINDS).sort());
    expect(outputs.remote_sampling).toBe(true);
    expect(outputs.exporter).toBe('xray-otlp');
    expect(outputs.web_collector_waf_acl_arn).toMatch(/^arn:aws:wafv2:/);
    expect(outputs.task_web_repository_url).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/task-web',
    );
  });

  it('THEN remote_sampling false is kept as false, not dropped as falsy', () => {
    const outputs = parseTerraformOutputs(
      JSON.stringify({ ...FULL, remote_sampling: entry(false, 'bool') }),
    );
    expect(outputs.remote_sampling).toBe(false);
  });
});

describe('GIVEN the WAF is disabled', () => {
  it('WHEN Terraform leaves the null output out THEN the ACL ARN is absent and the rest parses', () => {
    const { web_collector_waf_acl_arn: _dropped, ...rest } = FULL;
    const outputs = parseTerraformOutputs(JSON.stringify(rest));
    expect('web_collector_waf_acl_arn' in outputs).toBe(false);
    expect(outputs.exporter).toBe('xray-otlp');
  });

  it('WHEN the document carries an explicit null THEN the ACL ARN is null', () => {
    const outputs = parseTerraformOutputs(
      JSON.stringify({ ...FULL, web_collector_waf_acl_arn: entry(null, 'string') }),
    );
    expect(outputs.web_collector_waf_acl_arn).toBeNull();
  });
});

describe('GIVEN an output of the wrong type', () => {
  it.each([
    ['remote_sampling', 'true', 'must be true or false, got "true"'],
    ['remote_sampling', null, 'must be true or false, got null'],
    ['exporter', null, 'must be a non-empty string, got null'],
    ['exporter', '', 'must be a non-empty string, got ""'],
    ['web_collector_waf_acl_arn', 42, 'must be a non-empty string or null, got 42'],
    ['task_service_repository_url', false, 'must be a non-empty string, got false'],
  ])('WHEN %s is %j THEN the error names the output, the value and the fix', (name, value, why) => {
    const text = JSON.stringify({ ...FULL, [name]: entry(value, 'string') });
    expect(() => parseTerraformOutputs(text, 'outputs.json')).toThrow(TerraformOutputsError);
    expect(() => parseTerraformOutputs(text, 'outputs.json')).toThrow(
      `outputs.json: output "${name}" ${why}. Check terraform/outputs.tf and re-run terraform apply.`,
    );
  });
});
