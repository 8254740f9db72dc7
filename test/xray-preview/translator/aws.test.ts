// The aws block (docs/xray-translation.md, "AWS").
import { describe, expect, it } from 'vitest';
import type { AttrValue } from '../../../apps/xray-preview/src/model.js';
import { SpanKind, translate } from './span-builder.js';

const sub = (
  attributes: Record<string, AttrValue>,
  resource: Record<string, AttrValue> = {},
  logGroupNames: string[] = [],
) =>
  translate({ kind: SpanKind.CLIENT, parentSpanId: 'bbbbbbbbbbbbbbbb', attributes }, resource, {
    logGroupNames,
  });

describe('AWS: aws block', () => {
  it('GIVEN a span without aws data WHEN translated THEN aws is still {xray:{auto_instrumentation:false}}', () => {
    expect(sub({}).aws).toEqual({ xray: { auto_instrumentation: false } });
  });

  it('GIVEN cloud.provider=gcp WHEN translated THEN the aws block is left out', () => {
    expect(sub({}, { 'cloud.provider': 'gcp' }).aws).toBeUndefined();
  });

  it('GIVEN aws.operation and rpc.method WHEN translated THEN aws.operation wins; rpc.method alone is the fallback', () => {
    expect(sub({ 'aws.operation': 'PutItem', 'rpc.method': 'X' }).aws?.operation).toBe('PutItem');
    expect(sub({ 'rpc.method': 'Query' }).aws?.operation).toBe('Query');
  });

  it('GIVEN aws.account_id and a resource cloud.account.id WHEN translated THEN the span attribute wins', () => {
    expect(sub({ 'aws.account_id': '111' }, { 'cloud.account.id': '222' }).aws?.account_id).toBe(
      '111',
    );
    expect(sub({}, { 'cloud.account.id': '222' }).aws?.account_id).toBe('222');
  });

  it('GIVEN resource cloud.region only WHEN translated THEN region is not set; aws.region sets it', () => {
    expect(sub({}, { 'cloud.region': 'us-east-1' }).aws?.region).toBeUndefined();
    expect(sub({ 'aws.region': 'eu-west-1' }).aws?.region).toBe('eu-west-1');
  });

  it.each([
    [{ 'aws.request_id': 'r1' }, { request_id: 'r1' }],
    [{ 'aws.requestId': 'r2' }, { request_id: 'r2' }],
    [{ 'aws.queue_url': 'q1' }, { queue_url: 'q1' }],
    [{ 'aws.queue.url': 'q2' }, { queue_url: 'q2' }],
    [{ 'aws.queue_url': 'q1', 'messaging.url': 'm' }, { queue_url: 'm' }],
    [{ 'aws.table_name': 't1' }, { table_name: 't1' }],
    [{ 'aws.table.name': 't2' }, { table_name: 't2' }],
    [{ 'aws.table_name': 't1', 'aws.dynamodb.table_names': ['tasks'] }, { table_name: 'tasks' }],
    [{ 'aws.dynamodb.table_names': 'tasks' }, { table_name: 'tasks' }],
  ])('GIVEN %o WHEN translated THEN aws has %o', (attributes, expected) => {
    expect(sub(attributes).aws).toMatchObject(expected);
  });

  it('GIVEN several aws.dynamodb.table_names WHEN translated THEN table_names is written and table_name is not', () => {
    const aws = sub({ 'aws.table_name': 'x', 'aws.dynamodb.table_names': ['a', 'b'] }).aws;
    expect(aws?.table_names).toEqual(['a', 'b']);
    expect(aws?.table_name).toBeUndefined();
  });

  it('GIVEN aws attributes WHEN translated THEN used-up ones leave metadata and the rest stay', () => {
    const doc = sub({
      'aws.operation': 'Op',
      'aws.region': 'r',
      'aws.request_id': 'i',
      'aws.dynamodb.table_names': ['t'],
      'messaging.url': 'm',
      'rpc.service': 'S',
      'rpc.system': 'aws-api',
      'aws.service': 'S',
    });
    expect(Object.keys(doc.metadata?.default ?? {}).sort()).toEqual([
      'aws.dynamodb.table_names',
      'aws.service',
      'messaging.url',
      'rpc.service',
      'rpc.system',
    ]);
  });

  it('GIVEN cloud.platform=aws_ec2 WHEN translated THEN ec2 is written with nulls for missing fields', () => {
    expect(sub({}, { 'cloud.platform': 'aws_ec2', 'host.id': 'i-1' }).aws?.ec2).toEqual({
      instance_id: 'i-1',
      availability_zone: null,
      instance_size: null,
      ami_id: null,
    });
  });

  it('GIVEN host.id without a platform WHEN translated THEN ec2 is written too', () => {
    expect(sub({}, { 'host.id': 'i-1' }).aws?.ec2?.instance_id).toBe('i-1');
  });

  it('GIVEN cloud.platform=aws_ecs WHEN translated THEN ecs has only the fields that are set', () => {
    expect(
      sub(
        {},
        { 'cloud.platform': 'aws_ecs', 'container.name': 'c', 'aws.ecs.launchtype': 'fargate' },
      ).aws?.ecs,
    ).toEqual({ container: 'c', launch_type: 'fargate' });
  });

  it('GIVEN elastic beanstalk with service.instance.id WHEN translated THEN elastic_beanstalk is written (non-numeric id → 0)', () => {
    const resource = {
      'cloud.platform': 'aws_elastic_beanstalk',
      'service.namespace': 'env',
      'service.version': 'v1',
    };
    expect(sub({}, { ...resource, 'service.instance.id': '42' }).aws?.elastic_beanstalk).toEqual({
      environment_name: 'env',
      version_label: 'v1',
      deployment_id: 42,
    });
    expect(
      sub({}, { ...resource, 'service.instance.id': 'abc' }).aws?.elastic_beanstalk?.deployment_id,
    ).toBe(0);
    expect(sub({}, resource).aws?.elastic_beanstalk).toBeUndefined();
  });

  it('GIVEN cloud.platform=aws_eks WHEN translated THEN eks has cluster, pod and container id (nulls allowed)', () => {
    expect(
      sub({}, { 'cloud.platform': 'aws_eks', 'k8s.cluster.name': 'prod', 'k8s.pod.name': 'task-1' })
        .aws?.eks,
    ).toEqual({ cluster_name: 'prod', pod: 'task-1', container_id: null });
  });

  it('GIVEN k8s.cluster.name without platform WHEN translated THEN eks is written', () => {
    expect(sub({}, { 'k8s.cluster.name': 'kind' }).aws?.eks?.cluster_name).toBe('kind');
  });

  it('GIVEN log group ARNs, names or config WHEN translated THEN cloudwatch_logs follows that precedence', () => {
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/app/logs:*';
    expect(
      sub({}, { 'aws.log.group.arns': [arn], 'aws.log.group.names': ['n'] }).aws?.cloudwatch_logs,
    ).toEqual([{ log_group: '/app/logs', arn }]);
    expect(sub({}, { 'aws.log.group.names': 'a&b' }).aws?.cloudwatch_logs).toEqual([
      { log_group: 'a' },
      { log_group: 'b' },
    ]);
    expect(sub({}, {}, ['cfg']).aws?.cloudwatch_logs).toEqual([{ log_group: 'cfg' }]);
  });

  it('GIVEN telemetry.sdk attributes WHEN translated THEN xray.sdk is "<name> for <language>" with the version', () => {
    const resource = {
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': '2.0.0',
    };
    expect(sub({}, resource).aws?.xray).toEqual({
      sdk: 'opentelemetry for nodejs',
      sdk_version: '2.0.0',
      auto_instrumentation: false,
    });
    expect(sub({}, { 'telemetry.sdk.name': 'opentelemetry' }).aws?.xray?.sdk).toBe('opentelemetry');
  });

  it.each(['telemetry.auto.version', 'telemetry.distro.version'])(
    'GIVEN %s WHEN translated THEN auto_instrumentation is true',
    (key) => {
      expect(sub({}, { [key]: '1.0' }).aws?.xray?.auto_instrumentation).toBe(true);
    },
  );
});
