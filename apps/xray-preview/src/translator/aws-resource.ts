/**
 * The resource half of `aws.go: makeAws`: one pass over every resource attribute (a repeated key:
 * the last value, except `container.name`, where the first non-empty one stays), then the
 * ec2 / ecs / elastic_beanstalk / eks / cloudwatch_logs / xray blocks. Computed once per
 * resource and log-group setting; the blocks are shared and never changed afterwards.
 */
import type { AttrValue } from '../model.js';
import { boundedDecimal } from '../model.js';
import { nullIfEmpty, omitEmpty, struct } from './go-json.js';
import type { PdataMap } from './pdata.js';
import { str } from './pdata.js';
import type { AwsData } from './types.js';

export interface ResourceFacts {
  readonly logGroupNames: readonly string[];
  /** `cloud.provider` is set and is not `aws`: makeAws returns no block. */
  readonly notAws: boolean;
  readonly account: string;
  readonly blocks: AwsData;
}

/** The resource keys makeAws reads into variables of the same meaning. */
const READ_KEYS: Readonly<Record<string, string>> = {
  'cloud.provider': 'cloud',
  'cloud.platform': 'platform',
  'cloud.account.id': 'account',
  'cloud.availability_zone': 'zone',
  'host.id': 'hostId',
  'host.type': 'hostType',
  'host.image.id': 'amiId',
  'k8s.pod.name': 'pod',
  'service.namespace': 'namespace',
  'service.instance.id': 'deployId',
  'service.version': 'versionLabel',
  'telemetry.sdk.name': 'sdkName',
  'telemetry.sdk.language': 'sdkLanguage',
  'telemetry.sdk.version': 'sdkVersion',
  // Both keys feed one variable: whichever comes later in the resource wins.
  'telemetry.auto.version': 'autoVersion',
  'telemetry.distro.version': 'autoVersion',
  'container.id': 'containerId',
  'k8s.cluster.name': 'clusterName',
  'aws.ecs.cluster.arn': 'clusterArn',
  'aws.ecs.container.arn': 'containerArn',
  'aws.ecs.task.arn': 'taskArn',
  'aws.ecs.task.family': 'taskFamily',
  'aws.ecs.launchtype': 'launchType',
};

/** `normalizeToSlice`: a string splits on '&' (OTEL_RESOURCE_ATTRIBUTES carries no lists). */
function toList(value: AttrValue): string[] {
  if (typeof value === 'string') return value.split('&').filter((item) => item !== '');
  if (Array.isArray(value)) return value.map((item) => str(item));
  return [];
}

/** `strconv.ParseInt(id, 10, 64)`, 0 on any error (overflow included). */
function deploymentId(text: string): number | bigint {
  if (!/^[+-]?\d+$/.test(text)) return 0;
  const value = boundedDecimal(text);
  if (value === undefined || value < -(2n ** 63n) || value > 2n ** 63n - 1n) return 0;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

function logGroups(names: string[], arns: string[], configured: readonly string[]) {
  // The log group name is the 7th ':'-separated part of an ARN.
  if (arns.length > 0) {
    return arns.map((arn) =>
      struct({ log_group: nullIfEmpty(arn.split(':')[6] ?? arn), arn: omitEmpty(arn) }),
    );
  }
  const list = names.length > 0 ? names : configured;
  return list.length > 0 ? list.map((name) => ({ log_group: nullIfEmpty(name) })) : undefined;
}

const cache = new WeakMap<PdataMap, ResourceFacts>();

export function resourceFacts(resource: PdataMap, logGroupNames: readonly string[]): ResourceFacts {
  const cached = cache.get(resource);
  if (cached !== undefined && cached.logGroupNames === logGroupNames) return cached;
  const v: Record<string, string> = {};
  let container = '';
  let names: string[] = [];
  let arns: string[] = [];
  for (const [key, value] of resource) {
    const variable = READ_KEYS[key];
    if (variable !== undefined) v[variable] = str(value);
    else if (key === 'container.name' && container === '') container = str(value);
    else if (key === 'aws.log.group.names') names = toList(value);
    else if (key === 'aws.log.group.arns') arns = toList(value);
  }
  const get = (name: string): string => v[name] ?? '';
  const platform = get('platform');
  const sdk =
    get('sdkName') !== '' && get('sdkLanguage') !== ''
      ? `${get('sdkName')} for ${get('sdkLanguage')}`
      : get('sdkName');
  // Block order of AWSData in tracesegment.go; each block's own field order too.
  const blocks: AwsData = struct({
    elastic_beanstalk:
      platform === 'aws_elastic_beanstalk' && get('deployId') !== ''
        ? {
            environment_name: nullIfEmpty(get('namespace')),
            version_label: nullIfEmpty(get('versionLabel')),
            deployment_id: deploymentId(get('deployId')),
          }
        : undefined,
    cloudwatch_logs: logGroups(names, arns, logGroupNames),
    ecs:
      platform === 'aws_ecs'
        ? struct({
            container: omitEmpty(container),
            container_id: omitEmpty(get('containerId')),
            task_arn: omitEmpty(get('taskArn')),
            task_family: omitEmpty(get('taskFamily')),
            cluster_arn: omitEmpty(get('clusterArn')),
            container_arn: omitEmpty(get('containerArn')),
            availability_zone: omitEmpty(get('zone')),
            launch_type: omitEmpty(get('launchType')),
          })
        : undefined,
    ec2:
      platform === 'aws_ec2' || get('hostId') !== ''
        ? {
            instance_id: nullIfEmpty(get('hostId')),
            availability_zone: nullIfEmpty(get('zone')),
            instance_size: nullIfEmpty(get('hostType')),
            ami_id: nullIfEmpty(get('amiId')),
          }
        : undefined,
    eks:
      platform === 'aws_eks' || get('clusterName') !== ''
        ? {
            cluster_name: nullIfEmpty(get('clusterName')),
            pod: nullIfEmpty(get('pod')),
            container_id: nullIfEmpty(get('containerId')),
          }
        : undefined,
    xray: struct({
      sdk: omitEmpty(sdk),
      sdk_version: omitEmpty(get('sdkVersion')),
      auto_instrumentation: get('autoVersion') !== '',
    }),
  });
  const cloud = get('cloud');
  const facts = {
    logGroupNames,
    notAws: cloud !== '' && cloud !== 'aws',
    account: get('account'),
    blocks,
  };
  cache.set(resource, facts);
  return facts;
}
