// segment_test.go: spans marked aws.span.kind=LOCAL_ROOT (and not), as Application Signals
// SDKs send them. `same` pins the dependency's parent_id to the service segment's id.
import type { AttrValue } from '../../../../apps/xray-preview/src/model.js';
import { StatusCode } from '../span-builder.js';
import { BASIC_ATTRIBUTES, BASIC_RESOURCE, goSpan, LINK } from './fixtures.js';
import type { KIND } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

const OK = { code: StatusCode.OK, message: 'OK' };
const INDEXED = { indexedAttributes: ['aws.remote.service', 'myAnnotationKey'], allowDot: false };
const SDK = { sdk: 'MySDK', sdk_version: '1.20.0', auto_instrumentation: true };
const CALL = {
  operation: 'UpdateItem',
  account_id: 'AWSAccountAttribute',
  region: 'AWSRegionAttribute',
  request_id: 'AWSRequestIDAttribute',
  queue_url: 'AWSQueueURLAttribute',
  table_name: 'TableName',
};
const SPAN_METADATA = {
  'messaging.operation': 'receive',
  'aws.span.kind': 'LOCAL_ROOT',
  'aws.remote.operation': 'myRemoteOperation',
  remoteTarget: 'myTarget',
  'K8s.RemoteNamespace': 'k8sRemoteNamespace',
  'aws.local.service': 'myLocalService',
  'aws.local.operation': 'awsLocalOperation',
  'otel.resource.attributes': 'service.name=myTest',
};
const CALL_ABSENT = ['operation', 'account_id', 'region', 'request_id', 'queue_url', 'table_name'];

function basic(kind: keyof typeof KIND, name: string, overrides: Record<string, AttrValue> = {}) {
  return goSpan(kind, name, { ...BASIC_ATTRIBUTES, ...overrides }, OK, { links: [LINK] });
}

/** `validateLocalRoot…DependencySubsegment` and `validateLocalRoot…ServiceSegment`. */
function splitVector(test: string, kind: 'client' | 'producer' | 'consumer'): Vector {
  const consumer = kind === 'consumer';
  // A consumer with a parent is a segment to MakeSegment, so both documents keep the resource.
  return {
    test,
    span: basic(kind, consumer ? 'destination operation' : 'SQS Get'),
    resource: BASIC_RESOURCE,
    options: INDEXED,
    documents: [
      {
        type: 'subsegment',
        name: 'myRemoteService',
        id: 'aaaaaaaaaaaaaaaa',
        http: { request: { method: 'POST' } },
        annotations: {
          myAnnotationKey: 'myAnnotationValue',
          aws_remote_service: 'myRemoteService',
        },
        metadata: { default: SPAN_METADATA },
        aws: { xray: SDK, ...CALL },
        namespace: 'remote',
      },
      {
        name: 'myLocalService',
        annotations: { myAnnotationKey: 'myAnnotationValue' },
        metadata: { default: { 'otel.resource.attributes': 'service.name=myTest' } },
        aws: { xray: SDK },
        end_time: 1_700_000_000.5,
      },
    ],
    sizes: {
      '0:annotations': 2,
      '0:metadata.default': consumer ? 30 : 8,
      '1:annotations': 1,
      '1:metadata.default': consumer ? 23 : 1,
      [consumer ? '1:links' : '0:links']: 1,
    },
    same: [
      ['0:parent_id', '1:id'],
      ['0:start_time', '1:start_time'],
      ['0:end_time', '1:end_time'],
    ],
    absent: [
      '1:type',
      '1:http',
      '1:namespace',
      consumer ? '0:links' : '1:links',
      ...CALL_ABSENT.map((field) => `1:aws.${field}` as const),
    ],
  };
}

/** `validateLocalRootWithoutDependency`: one segment named after aws.local.service. */
function withoutDependency(test: string, kind: 'server' | 'internal'): Vector {
  return {
    test,
    span: basic(kind, kind === 'server' ? 'MyService' : 'MyInternalService'),
    resource: BASIC_RESOURCE,
    options: INDEXED,
    documents: [
      {
        name: 'myLocalService',
        parent_id: 'bbbbbbbbbbbbbbbb',
        http: { request: { method: 'POST' } },
        annotations: {
          aws_remote_service: 'myRemoteService',
          myAnnotationKey: 'myAnnotationValue',
        },
        metadata: { default: SPAN_METADATA },
        aws: { xray: SDK, ...CALL },
      },
    ],
    sizes: { '0:links': 1, '0:annotations': 2, '0:metadata.default': kind === 'server' ? 30 : 8 },
    absent: ['0:type', '0:namespace'],
  };
}

function without(attributes: Record<string, AttrValue>, keys: readonly string[]) {
  const copy = { ...attributes };
  for (const key of keys) delete copy[key];
  return copy;
}

function notLocalRoot(
  kind: keyof typeof KIND,
  spanKind: string,
  expected: object,
  absent: Vector['absent'],
  drop: readonly string[] = [],
): Vector {
  const attributes = without({ ...BASIC_ATTRIBUTES, 'aws.span.kind': spanKind }, drop);
  return {
    test: `TestNotLocalRoot${spanKind}`,
    span: goSpan(kind, kind === 'server' ? 'MyInternalService' : 'MyService', attributes, OK, {
      links: [LINK],
    }),
    resource: BASIC_RESOURCE,
    options: INDEXED,
    documents: [expected],
    absent,
  };
}

const vectors: Vector[] = [
  splitVector('TestLocalRootConsumer', 'consumer'),
  splitVector('TestLocalRootClient', 'client'),
  splitVector('TestLocalRootProducer', 'producer'),
  {
    test: 'TestConsumerSpanWithAwsRemoteServiceName',
    span: basic('consumer', 'ABC.payment', { 'aws.remote.service': 'ConsumerService' }),
    resource: BASIC_RESOURCE,
    contains: ['ConsumerService'],
    notContains: ['"user"'],
  },
  {
    test: 'TestNonLocalRootConsumerProcess',
    span: goSpan(
      'consumer',
      'destination operation',
      without({ ...BASIC_ATTRIBUTES, 'aws.span.kind': 'Consumer' }, [
        'aws.remote.service',
        'aws.remote.operation',
      ]),
      OK,
      { links: [LINK] },
    ),
    resource: BASIC_RESOURCE,
    options: INDEXED,
    documents: [
      {
        name: 'destination operation',
        id: 'aaaaaaaaaaaaaaaa',
        http: { request: { method: 'POST' } },
        annotations: { myAnnotationKey: 'myAnnotationValue' },
        metadata: { default: { 'aws.span.kind': 'Consumer', 'messaging.operation': 'receive' } },
        aws: { xray: SDK, operation: 'UpdateItem' },
      },
    ],
    sizes: { '0:links': 1, '0:annotations': 1, '0:metadata.default': 29 },
    absent: ['0:type', '0:namespace'],
  },
  {
    test: 'TestLocalRootConsumerAWSNamespace',
    span: basic('consumer', 'destination receive', { 'rpc.system': 'aws-api' }),
    resource: BASIC_RESOURCE,
    options: INDEXED,
    documents: [{ namespace: 'aws' }, {}],
  },
  {
    test: 'TestLocalRootClientAwsServiceMetrics',
    span: basic('client', 'SQS ReceiveMessage', {
      'rpc.system': 'aws-api',
      'http.scheme': 'https',
      'peer.service': 'SQS',
      'aws.remote.service': 'AWS.SDK.SQS',
    }),
    resource: BASIC_RESOURCE,
    options: INDEXED,
    documents: [{ type: 'subsegment', name: 'SQS', namespace: 'aws' }, {}],
  },
  withoutDependency('TestLocalRootServer', 'server'),
  withoutDependency('TestLocalRootInternal', 'internal'),
  notLocalRoot('internal', 'Internal', { type: 'subsegment', name: 'MyService' }, ['0:namespace']),
  notLocalRoot('consumer', 'Consumer', { name: 'myRemoteService' }, ['0:type', '0:namespace']),
  notLocalRoot(
    'client',
    'Client',
    { type: 'subsegment', namespace: 'remote', name: 'myRemoteService' },
    [],
  ),
  notLocalRoot(
    'producer',
    'Producer',
    { type: 'subsegment', namespace: 'remote', name: 'myRemoteService' },
    [],
  ),
  notLocalRoot(
    'server',
    'Server',
    { name: 'myLocalService' },
    ['0:type', '0:namespace'],
    ['aws.remote.service', 'aws.remote.operation'],
  ),
];

export const LOCAL_ROOT_VECTORS: VectorFile = { file: 'segment_test.go', vectors };
