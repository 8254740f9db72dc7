// aws_test.go: the aws block from the resource (ec2, ecs, beanstalk, eks, SDK, log groups) and
// from span attributes (operation, account, region, request, queue, table). The Go tests call
// makeAws directly; here a SERVER span carries the attributes.
import type { AttrValue } from '../../../../apps/xray-preview/src/model.js';
import { StatusCode } from '../span-builder.js';
import { goSpan } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

const INSTANCE = 'i-00f7c0bcb26da2a99';
const CONTAINER_ID = '0123456789A';
const CONTAINER = 'signup_aggregator-x82ufje83';
const POD = 'my-deployment-65dcf7d447-ddjnl';
const QUEUE = 'https://sqs.use1.amazonaws.com/Meltdown-Alerts';
const K8S = {
  'container.image.name': 'otel/signupaggregator',
  'container.image.tag': 'v1',
  'k8s.cluster.name': 'production',
  'k8s.namespace.name': 'default',
  'k8s.deployment.name': 'signup_aggregator',
  'k8s.pod.name': POD,
  'container.name': CONTAINER,
  'container.id': CONTAINER_ID,
  'host.id': INSTANCE,
  'host.type': 'm5.xlarge',
};
const ARN1 = 'arn:aws:logs:us-east-1:123456789123:log-group:group1';
const ARN2 = 'arn:aws:logs:us-east-1:123456789123:log-group:group2';
const SDK = { 'telemetry.sdk.name': 'opentelemetry', 'telemetry.sdk.language': 'java' };

function aws(
  test: string,
  resource: Record<string, AttrValue>,
  expected: object,
  attributes: Record<string, AttrValue> = {},
  extra: Partial<Vector> = {},
): Vector {
  return {
    test,
    span: goSpan('server', '/aws', attributes, { code: StatusCode.UNSET }),
    resource,
    documents: [{ aws: expected }],
    ...extra,
  };
}

const groups = (...names: string[]) => ({
  cloudwatch_logs: names.map((log_group) => ({ log_group })),
});

const vectors: Vector[] = [
  aws(
    'TestAwsFromEc2Resource',
    {
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_ec2',
      'cloud.account.id': '123456789',
      'cloud.availability_zone': 'us-east-1c',
      'host.id': INSTANCE,
      'host.type': 'm5.xlarge',
      'host.image.id': 'ami-0123456789',
    },
    {
      account_id: '123456789',
      ec2: {
        instance_id: INSTANCE,
        availability_zone: 'us-east-1c',
        instance_size: 'm5.xlarge',
        ami_id: 'ami-0123456789',
      },
    },
    {},
    { absent: ['0:aws.ecs', '0:aws.elastic_beanstalk', '0:aws.eks'] },
  ),
  aws(
    'TestAwsFromEcsResource',
    {
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_ecs',
      'cloud.account.id': '123456789',
      'cloud.availability_zone': 'us-east-1c',
      'container.image.name': 'otel/signupaggregator',
      'container.image.tag': 'v1',
      'container.name': CONTAINER,
      'container.id': CONTAINER_ID,
      'host.id': INSTANCE,
      'aws.ecs.cluster.arn': 'arn:aws:ecs:us-west-2:123456789123:cluster/my-cluster',
      'aws.ecs.container.arn': 'arn:aws:ecs:us-west-2:123456789123:container-instance/123',
      'aws.ecs.task.arn': 'arn:aws:ecs:us-west-2:123456789123:task/123',
      'aws.ecs.task.family': 'family',
      'aws.ecs.launchtype': 'fargate',
      'host.type': 'm5.xlarge',
    },
    {
      ecs: {
        container: CONTAINER,
        container_id: CONTAINER_ID,
        task_arn: 'arn:aws:ecs:us-west-2:123456789123:task/123',
        task_family: 'family',
        cluster_arn: 'arn:aws:ecs:us-west-2:123456789123:cluster/my-cluster',
        container_arn: 'arn:aws:ecs:us-west-2:123456789123:container-instance/123',
        availability_zone: 'us-east-1c',
        launch_type: 'fargate',
      },
      ec2: { instance_id: INSTANCE },
    },
    {},
    { absent: ['0:aws.elastic_beanstalk', '0:aws.eks'] },
  ),
  aws(
    'TestAwsFromBeanstalkResource',
    {
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_elastic_beanstalk',
      'cloud.account.id': '123456789',
      'cloud.availability_zone': 'us-east-1c',
      'service.namespace': 'production',
      'service.instance.id': '232',
      'service.version': '4',
    },
    {
      elastic_beanstalk: { environment_name: 'production', version_label: '4', deployment_id: 232 },
    },
    {},
    { absent: ['0:aws.ec2', '0:aws.ecs', '0:aws.eks'] },
  ),
  aws(
    'TestAwsFromEksResource',
    {
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_eks',
      'cloud.account.id': '123456789',
      ...K8S,
    },
    {
      eks: { cluster_name: 'production', pod: POD, container_id: CONTAINER_ID },
      ec2: { instance_id: INSTANCE },
    },
    {},
    { absent: ['0:aws.ecs', '0:aws.elastic_beanstalk'] },
  ),
  aws(
    'TestAwsWithAwsSqsResources',
    { 'cloud.provider': 'aws', 'cloud.account.id': '123456789', ...K8S },
    { queue_url: QUEUE, region: 'us-east-2', account_id: '987654321', operation: 'SendMessage' },
    {
      'aws.operation': 'SendMessage',
      'aws.account_id': '987654321',
      'aws.region': 'us-east-2',
      'aws.queue_url': QUEUE,
      'employee.id': 'XB477',
    },
  ),
  aws(
    'TestAwsWithRpcAttributes',
    {},
    { operation: 'ListBuckets' },
    { 'rpc.method': 'ListBuckets' },
  ),
  aws('TestAwsWithSqsAlternateAttribute', {}, { queue_url: QUEUE }, { 'aws.queue.url': QUEUE }),
  aws('TestAwsWithAwsSqsSemConvAttributes', {}, { queue_url: QUEUE }, { 'messaging.url': QUEUE }),
  aws(
    'TestAwsWithAwsDynamoDbResources',
    { 'cloud.provider': 'aws', 'cloud.account.id': '123456789', ...K8S },
    {
      operation: 'PutItem',
      request_id: '75107C82-EC8A-4F75-883F-4440B491B0AB',
      table_name: 'WIDGET_TYPES',
    },
    {
      'rpc.method': 'IncorrectAWSSDKOperation',
      'aws.operation': 'PutItem',
      'aws.request_id': '75107C82-EC8A-4F75-883F-4440B491B0AB',
      'aws.table_name': 'WIDGET_TYPES',
    },
  ),
  aws(
    'TestAwsWithDynamoDbAlternateAttribute',
    {},
    { table_name: 'MyTable' },
    { 'aws.table.name': 'MyTable' },
  ),
  aws(
    'TestAwsWithDynamoDbSemConvAttributes',
    {},
    { table_name: 'MyTable' },
    { 'aws.dynamodb.table_names': ['MyTable'] },
  ),
  aws(
    'TestAwsWithDynamoDbSemConvAttributesString',
    {},
    { table_name: 'MyTable' },
    { 'aws.dynamodb.table_names': 'MyTable' },
  ),
  aws(
    'TestAwsWithRequestIdAlternateAttribute',
    {},
    { request_id: '12345-request' },
    { 'aws.requestId': '12345-request' },
  ),
  aws(
    'TestJavaSDK',
    { ...SDK, 'telemetry.sdk.version': '1.2.3' },
    {
      xray: { sdk: 'opentelemetry for java', sdk_version: '1.2.3', auto_instrumentation: false },
    },
  ),
  ...(['telemetry.auto.version', 'telemetry.distro.version'] as const).map((key) =>
    aws(
      `TestJavaAutoInstrumentation (${key})`,
      { ...SDK, 'telemetry.sdk.version': '1.2.3', [key]: '3.4.5' },
      {
        xray: { sdk: 'opentelemetry for java', sdk_version: '1.2.3', auto_instrumentation: true },
      },
    ),
  ),
  aws(
    'TestGoSDK',
    {
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'go',
      'telemetry.sdk.version': '2.0.3',
    },
    {
      xray: { sdk: 'opentelemetry for go', sdk_version: '2.0.3' },
    },
  ),
  aws(
    'TestCustomSDK',
    {
      'telemetry.sdk.name': 'opentracing',
      'telemetry.sdk.language': 'java',
      'telemetry.sdk.version': '2.0.3',
    },
    {
      xray: { sdk: 'opentracing for java', sdk_version: '2.0.3' },
    },
  ),
  aws('TestLogGroups', { 'aws.log.group.names': ['group1', 'group2'] }, groups('group1', 'group2')),
  aws(
    'TestLogGroupsFromArns',
    { 'aws.log.group.arns': [ARN1, `${ARN2}:*`] },
    {
      cloudwatch_logs: [
        { log_group: 'group1', arn: ARN1 },
        { log_group: 'group2', arn: `${ARN2}:*` },
      ],
    },
  ),
  aws(
    'TestLogGroupsFromStringResourceAttribute',
    { 'aws.log.group.names': 'group1' },
    groups('group1'),
  ),
  ...['group1&group2', 'group1&group2&', 'group1&&group2', '&group1&group2'].map((names) =>
    aws(
      `TestLogGroupsWithAmpersandFromStringResourceAttribute (${names})`,
      { 'aws.log.group.names': names },
      groups('group1', 'group2'),
    ),
  ),
  ...(
    [
      ['TestLogGroupsWithAmpersandFromStringResourceAttribute (&)', '&'],
      ['TestLogGroupsInvalidType', 1],
    ] as const
  ).map(([test, names]) =>
    aws(test, { 'aws.log.group.names': names }, {}, {}, { absent: ['0:aws.cloudwatch_logs'] }),
  ),
  aws(
    'TestLogGroupsArnsFromStringResourceAttributes',
    { 'aws.log.group.arns': ARN1 },
    {
      cloudwatch_logs: [{ log_group: 'group1', arn: ARN1 }],
    },
  ),
  aws(
    'TestLogGroupsArnsWithAmpersandFromStringResourceAttributes',
    { 'aws.log.group.arns': `${ARN1}&${ARN2}` },
    {
      cloudwatch_logs: [
        { log_group: 'group1', arn: ARN1 },
        { log_group: 'group2', arn: ARN2 },
      ],
    },
  ),
  {
    ...aws('TestLogGroupsFromConfig', {}, groups('logGroup1', 'logGroup2')),
    options: { logGroupNames: ['logGroup1', 'logGroup2'] },
  },
];

export const AWS_VECTORS: VectorFile = { file: 'aws_test.go', vectors };
