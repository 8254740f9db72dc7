// segment_test.go: origin, metadata of every value type, DynamoDB tables, log groups,
// aws.remote.service / aws.local.service names, and aws.xray.inprogress.
import type { AttrValue } from '../../../../apps/xray-preview/src/model.js';
import { entries, StatusCode } from '../span-builder.js';
import { DEFAULT_RESOURCE, goSpan, SENT_EVENT } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

const ERROR = { code: StatusCode.ERROR, message: 'OK' };
const HTTP = {
  'http.method': 'POST',
  'http.scheme': 'https',
  'http.host': 'payment.amazonaws.com',
  'http.target': '/',
};

const origins: [string, Record<string, AttrValue>, string | undefined][] = [
  ['TestOriginNotAws', { 'cloud.provider': 'gcp', 'host.id': 'instance-123' }, undefined],
  [
    'TestOriginEc2',
    { 'cloud.provider': 'aws', 'cloud.platform': 'aws_ec2', 'host.id': 'i' },
    'AWS::EC2::Instance',
  ],
  [
    'TestOriginEcs',
    { 'cloud.provider': 'aws', 'cloud.platform': 'aws_ecs', 'container.name': 'c' },
    'AWS::ECS::Container',
  ],
  [
    'TestOriginEcsEc2',
    { 'cloud.provider': 'aws', 'cloud.platform': 'aws_ecs', 'aws.ecs.launchtype': 'ec2' },
    'AWS::ECS::EC2',
  ],
  [
    'TestOriginEcsFargate',
    { 'cloud.provider': 'aws', 'cloud.platform': 'aws_ecs', 'aws.ecs.launchtype': 'fargate' },
    'AWS::ECS::Fargate',
  ],
  [
    'TestOriginEb',
    {
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_elastic_beanstalk',
      'service.instance.id': 's',
    },
    'AWS::ElasticBeanstalk::Environment',
  ],
  [
    'TestOriginEks',
    { 'cloud.provider': 'aws', 'cloud.platform': 'aws_eks', 'k8s.cluster.name': 'production' },
    'AWS::EKS::Container',
  ],
  [
    'TestOriginAppRunner',
    { 'cloud.provider': 'aws', 'cloud.platform': 'aws_app_runner' },
    'AWS::AppRunner::Service',
  ],
  ['TestOriginBlank', { 'cloud.provider': 'aws' }, undefined],
  [
    'TestOriginPrefersInfraService',
    { 'cloud.provider': 'aws', 'cloud.platform': 'aws_ec2', 'k8s.cluster.name': 'cluster-123' },
    'AWS::EC2::Instance',
  ],
];

const vectors: Vector[] = [
  ...origins.map(([test, resource, origin]): Vector => ({
    test,
    span: goSpan('server', '/test', {}, ERROR),
    resource,
    ...(origin === undefined ? { absent: ['0:origin' as const] } : { documents: [{ origin }] }),
  })),
  {
    test: 'TestFilteredAttributesMetadata',
    span: goSpan(
      'server',
      '/test',
      entries([
        ['string_value', 'value'],
        ['int_value', 123],
        ['float_value', 456.78],
        ['bool_value', false],
        ['null_value', null],
        ['array_value', [12, 34, 56]],
        [
          'map_value',
          entries([
            ['value1', -987.65],
            ['value2', true],
          ]),
        ],
      ]),
      ERROR,
    ),
    documents: [
      {
        metadata: {
          default: {
            string_value: 'value',
            int_value: 123,
            float_value: 456.78,
            bool_value: false,
            array_value: [12, 34, 56],
            map_value: { value1: -987.65, value2: true },
          },
        },
      },
    ],
    absent: ['0:metadata.default.null_value'],
  },
  {
    test: 'TestSpanWithSingleDynamoDBTableHasTableName',
    span: goSpan('server', '/api/locations', { 'aws.dynamodb.table_names': ['table1'] }, ERROR),
    resource: DEFAULT_RESOURCE,
    documents: [
      {
        aws: { table_name: 'table1' },
        metadata: { default: { 'aws.dynamodb.table_names': ['table1'] } },
      },
    ],
    absent: ['0:aws.table_names'],
  },
  {
    test: 'TestSpanWithMultipleDynamoDBTablesHasTableNames',
    span: goSpan(
      'server',
      '/api/locations',
      { 'aws.dynamodb.table_names': ['table1', 'table2'] },
      ERROR,
    ),
    resource: DEFAULT_RESOURCE,
    documents: [{ aws: { table_names: ['table1', 'table2'] } }],
    absent: ['0:aws.table_name'],
  },
  ...(
    [
      ['TestSegmentWithLogGroupsFromConfig', ['my-logGroup-1']],
      ['TestSegmentWith2LogGroupsFromConfig', ['my-logGroup-1', 'my-logGroup-2']],
    ] as const
  ).map(([test, logGroupNames]): Vector => ({
    test,
    span: goSpan('server', '/api/locations', {}, ERROR, { events: [SENT_EVENT] }),
    resource: DEFAULT_RESOURCE,
    options: { logGroupNames },
    documents: [{ aws: { cloudwatch_logs: logGroupNames.map((log_group) => ({ log_group })) } }],
    sizes: { '0:aws.cloudwatch_logs': logGroupNames.length },
  })),
  {
    test: 'TestClientSpanWithAwsRemoteServiceName',
    span: goSpan('client', 'ABC.payment', {
      ...HTTP,
      'peer.service': 'ABC',
      'aws.remote.service': 'PaymentService',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'PaymentService', type: 'subsegment' }],
    notContains: ['user'],
  },
  ...(
    [
      ['TestAwsSdkSpanWithDeprecatedAwsRemoteServiceName', 'AWS.SDK.DynamoDb', 'DynamoDb'],
      ['TestAwsSdkSpanWithAwsRemoteServiceName', 'AWS::DynamoDB', 'DynamoDB'],
    ] as const
  ).map(([test, remote, name]): Vector => ({
    test,
    span: goSpan('client', 'DynamoDB.PutItem', {
      'rpc.system': 'aws-api',
      'http.method': 'POST',
      'http.scheme': 'https',
      'peer.service': 'DynamoDb',
      'aws.remote.service': remote,
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name, type: 'subsegment', namespace: 'aws' }],
    notContains: ['DynamoDb.PutItem', 'user'],
  })),
  {
    test: 'TestProducerSpanWithAwsRemoteServiceName',
    span: goSpan('producer', 'ABC.payment', {
      ...HTTP,
      'peer.service': 'ABC',
      'aws.remote.service': 'ProducerService',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'ProducerService', type: 'subsegment', namespace: 'remote' }],
  },
  {
    test: 'TestProducerSpanNonAwsRemoteServiceName',
    span: goSpan(
      'producer',
      'my-topic send',
      { 'peer.service': 'ProducerService' },
      { code: StatusCode.OK },
    ),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'ProducerService', type: 'subsegment', namespace: 'remote' }],
  },
  {
    test: 'TestServerSpanWithAwsLocalServiceName',
    span: goSpan('server', 'ABC.payment', {
      ...HTTP,
      'peer.service': 'ABC',
      'aws.local.service': 'PaymentLocalService',
      'aws.remote.service': 'PaymentService',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'PaymentLocalService' }],
    notContains: ['user'],
  },
  {
    test: 'TestSpanWithInProgressTrue',
    span: goSpan('server', '/api/test', { 'aws.xray.inprogress': true }, { code: StatusCode.OK }),
    resource: DEFAULT_RESOURCE,
    documents: [{ in_progress: true }],
    absent: ['0:end_time', '0:metadata.default.aws.xray.inprogress'],
  },
  {
    test: 'TestSpanWithInProgressFalse',
    span: goSpan('server', '/api/test', { 'aws.xray.inprogress': false }, { code: StatusCode.OK }),
    resource: DEFAULT_RESOURCE,
    documents: [{ end_time: 1_700_000_000.5 }],
    absent: ['0:in_progress', '0:annotations', '0:metadata.default.aws.xray.inprogress'],
  },
];

export const SEGMENT_MORE_VECTORS: VectorFile = { file: 'segment_test.go', vectors };
