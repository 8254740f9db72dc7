import { beforeAll, describe, expect, it } from 'vitest';
import { TASK_WEB_EXPORT_LIMITS } from '../../apps/task-web/src/contract.js';
import { synthesize } from './helpers/manifests.js';
import {
  type Block,
  blocksOf,
  evaluate,
  loadTerraform,
  type Terraform,
  variableBlock,
} from './terraform-hcl.js';

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

/** The single nested block `name` of a parsed block (hcl2json wraps blocks in arrays). */
function one(block: unknown, name: string): Block {
  const list = (block as Block)[name] as Block[] | undefined;
  expect(list, name).toHaveLength(1);
  return (list as Block[])[0] as Block;
}

describe('GIVEN the WAF web ACL of the public span endpoint', () => {
  const acl = (): Block => blocksOf(tf, 'resource', 'aws_wafv2_web_acl').web_collector as Block;

  it('THEN it exists exactly when web_collector_waf_enabled, and the output is its ARN or null', () => {
    expect(Object.keys(blocksOf(tf, 'resource', 'aws_wafv2_web_acl'))).toEqual(['web_collector']);
    expect(evaluate(tf, acl().count)).toBe(1);
    expect(evaluate(tf, acl().count, { web_collector_waf_enabled: false })).toBe(0);
    const output = (tf.sections.output?.web_collector_waf_acl_arn as Block[])[0] as Block;
    expect(output.value).toBe('${one(aws_wafv2_web_acl.web_collector[*].arn)}');
  });

  it('THEN it is a regional ACL (for an ALB) that allows by default, with metrics and samples on', () => {
    expect(acl().scope).toBe('REGIONAL');
    expect(one(acl(), 'default_action')).toEqual({ allow: [{}] });
    expect(evaluate(tf, acl().name)).toBe('eks-xray-otel-web-collector');
    const visibility = one(acl(), 'visibility_config');
    expect(visibility.cloudwatch_metrics_enabled).toBe(true);
    expect(visibility.sampled_requests_enabled).toBe(true);
    expect(evaluate(tf, visibility.metric_name)).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
  });

  it('THEN its one rule blocks a client IP over the limit in a 5-minute window, with its own metrics', () => {
    const rule = one(acl(), 'rule');
    expect(rule.name).toBe('span-posts-per-ip');
    expect(rule.priority).toBe(0);
    expect(one(rule, 'action')).toEqual({ block: [{}] });
    const visibility = one(rule, 'visibility_config');
    expect(visibility).toEqual({
      cloudwatch_metrics_enabled: true,
      metric_name: 'span-posts-per-ip',
      sampled_requests_enabled: true,
    });
    const rate = one(one(rule, 'statement'), 'rate_based_statement');
    expect(rate.aggregate_key_type).toBe('IP');
    expect(rate.evaluation_window_sec).toBe(300);
    expect(evaluate(tf, rate.limit)).toBe(600);
    expect(evaluate(tf, rate.limit, { web_collector_rate_limit: 2000 })).toBe(2000);
  });

  it('THEN the rule counts only requests to the collector path, decoded and normalized first', () => {
    const rate = one(one(one(acl(), 'rule'), 'statement'), 'rate_based_statement');
    const match = one(one(rate, 'scope_down_statement'), 'byte_match_statement');
    const tracesPath = new URL(synthesize().charts.tracing.tracesUrl).pathname;
    expect(evaluate(tf, match.search_string)).toBe(tracesPath);
    expect(match.positional_constraint).toBe('STARTS_WITH');
    expect(one(match, 'field_to_match')).toEqual({ uri_path: [{}] });
    expect(match.text_transformation).toEqual([
      { priority: 0, type: 'URL_DECODE' },
      { priority: 1, type: 'NORMALIZE_PATH' },
    ]);
  });

  it('THEN the rate limit variable is a number AWS WAF accepts, defaulting to 600', () => {
    const variable = variableBlock(tf, 'web_collector_rate_limit');
    expect(variable.type).toBe('${number}');
    expect(variable.default).toBe(600);
    const condition = String(one(variable, 'validation').condition);
    expect(condition).toContain('var.web_collector_rate_limit >= 10');
    expect(condition).toContain('var.web_collector_rate_limit <= 2000000000');
    expect(condition).toContain('floor(var.web_collector_rate_limit)');
    // The description's arithmetic uses task-web's own cap on spans per request.
    expect(TASK_WEB_EXPORT_LIMITS.maxSpansPerRequest).toBe(100);
    expect(String(variable.description)).toContain('60,000 spans per window');
  });
});

describe('GIVEN the ECR repositories', () => {
  it('THEN there is one per image, immutable, scanned on push and KMS-encrypted', () => {
    const repos = blocksOf(tf, 'resource', 'aws_ecr_repository');
    expect(Object.keys(repos).sort()).toEqual(['task_service', 'task_web']);
    for (const [name, repo] of Object.entries(repos)) {
      expect(evaluate(tf, repo.name), name).toBe(`eks-xray/${name.replace('_', '-')}`);
      expect(repo.image_tag_mutability, name).toBe('IMMUTABLE');
      expect(one(repo, 'image_scanning_configuration'), name).toEqual({ scan_on_push: true });
      expect(one(repo, 'encryption_configuration'), name).toEqual({ encryption_type: 'KMS' });
      expect(repo.force_delete, name).toBe('${var.ecr_force_delete}');
    }
    expect(tf.variableDefaults.ecr_force_delete).toBe(false);
  });

  it('THEN each keeps the newest ecr_images_kept images and expires the rest', () => {
    const policies = blocksOf(tf, 'resource', 'aws_ecr_lifecycle_policy');
    expect(Object.fromEntries(Object.entries(policies).map(([k, p]) => [k, p.repository]))).toEqual(
      {
        task_service: '${aws_ecr_repository.task_service.name}',
        task_web: '${aws_ecr_repository.task_web.name}',
      },
    );
    for (const policy of Object.values(policies)) {
      expect(policy.policy).toBe('${data.aws_ecr_lifecycle_policy_document.keep_recent.json}');
    }
    const doc = blocksOf(tf, 'data', 'aws_ecr_lifecycle_policy_document').keep_recent as Block;
    const rule = one(doc, 'rule');
    expect(rule.priority).toBe(1);
    expect(one(rule, 'action')).toEqual({ type: 'expire' });
    const selection = one(rule, 'selection');
    expect(selection.tag_status).toBe('any');
    expect(selection.count_type).toBe('imageCountMoreThan');
    expect(evaluate(tf, selection.count_number)).toBe(20);
  });

  it('THEN both repository URLs are outputs', () => {
    const outputs = tf.sections.output as Record<string, Block[]>;
    expect(outputs.task_service_repository_url?.[0]?.value).toBe(
      '${aws_ecr_repository.task_service.repository_url}',
    );
    expect(outputs.task_web_repository_url?.[0]?.value).toBe(
      '${aws_ecr_repository.task_web.repository_url}',
    );
  });
});
