/**
 * Spec §9 (`aws.go: makeAws`): the `aws` block, from span attributes (operation, account,
 * region, request, queue, table) and the resource (ec2/ecs/beanstalk/eks, log groups, SDK).
 */
import type { AttrMap, AttrValue } from '../model.js';
import { str } from './attributes.js';
import type { AwsData } from './types.js';

export interface AwsResult {
  /** Undefined when the resource names a cloud provider other than aws. */
  readonly aws: AwsData | undefined;
  readonly remaining: AttrMap;
}

/** Keys whose value goes into the block and that therefore do not reach metadata. */
const USED_UP = new Set([
  'aws.operation',
  'rpc.method',
  'aws.account_id',
  'aws.region',
  'aws.request_id',
  'aws.requestId',
  'aws.queue_url',
  'aws.queue.url',
  'aws.table_name',
  'aws.table.name',
]);

/** Go's `awsxray.String`: '' is written as an absent field (or null where there is no omitempty). */
function orNull(text: string): string | null {
  return text === '' ? null : text;
}

export function makeAws(
  attributes: AttrMap,
  resource: AttrMap,
  logGroupNames: readonly string[],
): AwsResult {
  const facts = resourceFacts(resource, logGroupNames);
  let account = facts.account;
  let region = '';
  let requestId = '';
  let queueUrl = '';
  let tableName = '';
  let tableNames: string[] | undefined;
  const operation = attributes.has('aws.operation')
    ? str(attributes.get('aws.operation'))
    : str(attributes.get('rpc.method'));

  const remaining: AttrMap = new Map();
  for (const [key, value] of attributes) {
    if (!USED_UP.has(key)) {
      remaining.set(key, value);
      continue;
    }
    if (key === 'aws.account_id' && value !== null) account = str(value);
    else if (key === 'aws.region') region = str(value);
    else if (key === 'aws.request_id' || key === 'aws.requestId') requestId = str(value);
    else if (key === 'aws.queue_url' || key === 'aws.queue.url') queueUrl = str(value);
    else if (key === 'aws.table_name' || key === 'aws.table.name') tableName = str(value);
  }
  if (facts.notAws) return { aws: undefined, remaining };

  // Semantic-convention attributes win over the legacy aws.* ones.
  if (attributes.has('messaging.url')) queueUrl = str(attributes.get('messaging.url'));
  const dynamoTables = attributes.get('aws.dynamodb.table_names');
  if (Array.isArray(dynamoTables)) {
    if (dynamoTables.length === 1) tableName = str(dynamoTables[0]);
    else if (dynamoTables.length > 1) {
      tableName = '';
      tableNames = dynamoTables.map((v) => str(v));
    }
  } else if (typeof dynamoTables === 'string') {
    tableName = dynamoTables;
  }

  // Blocks from the resource are shared between documents; nothing mutates them.
  const aws: AwsData = { ...facts.blocks };
  const fields: [keyof AwsData, string][] = [
    ['account_id', account],
    ['operation', operation],
    ['region', region],
    ['request_id', requestId],
    ['queue_url', queueUrl],
    ['table_name', tableName],
  ];
  for (const [field, value] of fields) if (value !== '') Object.assign(aws, { [field]: value });
  if (tableNames !== undefined && tableNames.length > 0) aws.table_names = tableNames;
  return { aws, remaining };
}

interface ResourceFacts {
  readonly logGroupNames: readonly string[];
  readonly notAws: boolean;
  readonly account: string;
  readonly blocks: AwsData;
}

/** The resource-derived part, computed once per resource (all spans of a batch share it). */
const factsCache = new WeakMap<AttrMap, ResourceFacts>();

function resourceFacts(resource: AttrMap, logGroupNames: readonly string[]): ResourceFacts {
  const cached = factsCache.get(resource);
  if (cached !== undefined && cached.logGroupNames === logGroupNames) return cached;
  const r = (key: string): string => str(resource.get(key));
  const cloud = r('cloud.provider');
  const blocks: AwsData = {};
  const platform = r('cloud.platform');
  if (platform === 'aws_elastic_beanstalk' && r('service.instance.id') !== '') {
    const id = r('service.instance.id');
    blocks.elastic_beanstalk = {
      environment_name: orNull(r('service.namespace')),
      version_label: orNull(r('service.version')),
      deployment_id: /^[+-]?\d+$/.test(id) ? Number.parseInt(id, 10) : 0,
    };
  }
  const logs = cloudwatchLogs(resource, logGroupNames);
  if (logs !== undefined) blocks.cloudwatch_logs = logs;
  if (platform === 'aws_ecs') blocks.ecs = ecsData(r);
  if (platform === 'aws_ec2' || r('host.id') !== '') {
    blocks.ec2 = {
      instance_id: orNull(r('host.id')),
      availability_zone: orNull(r('cloud.availability_zone')),
      instance_size: orNull(r('host.type')),
      ami_id: orNull(r('host.image.id')),
    };
  }
  if (platform === 'aws_eks' || r('k8s.cluster.name') !== '') {
    blocks.eks = {
      cluster_name: orNull(r('k8s.cluster.name')),
      pod: orNull(r('k8s.pod.name')),
      container_id: orNull(r('container.id')),
    };
  }
  blocks.xray = xrayData(r);
  const facts: ResourceFacts = {
    logGroupNames,
    notAws: cloud !== '' && cloud !== 'aws',
    account: r('cloud.account.id'),
    blocks,
  };
  factsCache.set(resource, facts);
  return facts;
}

function ecsData(r: (key: string) => string): AwsData['ecs'] {
  const ecs: NonNullable<AwsData['ecs']> = {};
  const fields: [keyof NonNullable<AwsData['ecs']>, string][] = [
    ['container', 'container.name'],
    ['container_id', 'container.id'],
    ['task_arn', 'aws.ecs.task.arn'],
    ['task_family', 'aws.ecs.task.family'],
    ['cluster_arn', 'aws.ecs.cluster.arn'],
    ['container_arn', 'aws.ecs.container.arn'],
    ['availability_zone', 'cloud.availability_zone'],
    ['launch_type', 'aws.ecs.launchtype'],
  ];
  for (const [field, key] of fields) if (r(key) !== '') ecs[field] = r(key);
  return ecs;
}

function xrayData(r: (key: string) => string): NonNullable<AwsData['xray']> {
  const name = r('telemetry.sdk.name');
  const language = r('telemetry.sdk.language');
  const sdk = name !== '' && language !== '' ? `${name} for ${language}` : name;
  const xray: Partial<NonNullable<AwsData['xray']>> = {};
  if (sdk !== '') xray.sdk = sdk;
  if (r('telemetry.sdk.version') !== '') xray.sdk_version = r('telemetry.sdk.version');
  // [newer] a distro version (e.g. ADOT) also marks auto-instrumentation.
  const auto = r('telemetry.auto.version') !== '' || r('telemetry.distro.version') !== '';
  return { ...xray, auto_instrumentation: auto };
}

/** Strings may hold several names separated by '&' (OTEL_RESOURCE_ATTRIBUTES can't carry lists). */
function toList(value: AttrValue | undefined): string[] {
  if (typeof value === 'string') return value.split('&').filter((item) => item !== '');
  if (Array.isArray(value)) return value.map((item) => str(item));
  return [];
}

function cloudwatchLogs(
  resource: AttrMap,
  configured: readonly string[],
): AwsData['cloudwatch_logs'] {
  const arns = toList(resource.get('aws.log.group.arns'));
  if (arns.length > 0) {
    // The log group name is the 7th ':'-separated part of the ARN.
    return arns.map((arn) => ({ log_group: orNull(arn.split(':')[6] ?? arn), arn: arn }));
  }
  const names = toList(resource.get('aws.log.group.names'));
  const list = names.length > 0 ? names : configured;
  return list.length > 0 ? list.map((name) => ({ log_group: orNull(name) })) : undefined;
}
