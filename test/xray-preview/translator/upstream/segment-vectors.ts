// segment_test.go: names, namespaces, ids, errors, trace ids, annotations and metadata.
import { StatusCode } from '../span-builder.js';
import { DEFAULT_RESOURCE, goSpan, SENT_EVENT } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

const ERROR = { code: StatusCode.ERROR, message: 'OK' };
const REQUEST_ID = '18BO1FEPJSSAOGNJEDPTPCMIU7VV4KQNSO5AEMVJF66Q9ASUAAJG';
const DYNAMO_HTTP = {
  'http.method': 'POST',
  'http.scheme': 'https',
  'http.host': 'dynamodb.us-east-1.amazonaws.com',
  'http.target': '/',
};
const PEER_HTTP = {
  'http.method': 'GET',
  'http.scheme': 'https',
  'net.peer.ip': '2607:f8b0:4000:80c::2004',
  'net.peer.port': '9443',
  'http.target': '/',
};

const vectors: Vector[] = [
  {
    test: 'TestClientSpanWithRpcAwsSdkClientAttributes',
    span: goSpan('client', 'AmazonDynamoDB.getItem', {
      ...DYNAMO_HTTP,
      'rpc.service': 'DynamoDB',
      'rpc.method': 'GetItem',
      'rpc.system': 'aws-api',
      'aws.request_id': REQUEST_ID,
      'aws.table_name': 'otel-dev-Testing',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [
      { name: 'DynamoDB', namespace: 'aws', aws: { operation: 'GetItem' }, type: 'subsegment' },
    ],
    notContains: ['user'],
  },
  {
    test: 'TestClientSpanWithLegacyAwsSdkClientAttributes',
    span: goSpan('client', 'AmazonDynamoDB.getItem', {
      ...DYNAMO_HTTP,
      'aws.service': 'DynamoDB',
      'rpc.method': 'IncorrectAWSSDKOperation',
      'aws.operation': 'GetItem',
      'aws.request_id': REQUEST_ID,
      'aws.table_name': 'otel-dev-Testing',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [
      { name: 'DynamoDB', namespace: 'aws', aws: { operation: 'GetItem' }, type: 'subsegment' },
    ],
    notContains: ['user'],
  },
  {
    test: 'TestClientSpanWithPeerService',
    span: goSpan('client', 'AmazonDynamoDB.getItem', {
      ...DYNAMO_HTTP,
      'peer.service': 'cats-table',
      'aws.service': 'DynamoDB',
      'aws.operation': 'GetItem',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'cats-table' }],
  },
  ...(
    [
      [
        'TestServerSpanWithInternalServerError',
        500,
        { fault: true, error: false, throttle: false },
      ],
      ['TestServerSpanWithThrottle', 429, { fault: false, error: true, throttle: true }],
    ] as const
  ).map(([test, code, flags]): Vector => ({
    test,
    span: goSpan(
      'server',
      '/api/locations',
      {
        'http.method': 'POST',
        'http.url': 'https://api.example.org/api/locations',
        'http.target': '/api/locations',
        'http.status_code': code,
        'http.status_text': 'java.lang.NullPointerException',
        'http.user_agent': 'PostmanRuntime/7.21.0',
        'enduser.id': 'go.tester@example.com',
      },
      { code: StatusCode.ERROR, message: 'java.lang.NullPointerException' },
      { events: [SENT_EVENT] },
    ),
    resource: DEFAULT_RESOURCE,
    documents: [
      {
        name: 'signup_aggregator',
        user: 'go.tester@example.com',
        ...flags,
        cause: { exceptions: [{ message: 'java.lang.NullPointerException' }] },
      },
    ],
  })),
  {
    test: 'TestServerSpanNoParentId',
    span: goSpan('server', '/api/locations', {}, { code: StatusCode.OK }, { parentSpanId: '' }),
    resource: DEFAULT_RESOURCE,
    absent: ['0:parent_id'],
  },
  {
    test: 'TestSpanNoParentId',
    span: goSpan('producer', 'my-topic send', {}, { code: StatusCode.UNSET }, { parentSpanId: '' }),
    absent: ['0:parent_id', '0:type'],
  },
  {
    test: 'TestSpanWithNoStatus',
    span: goSpan('server', '', {}, { code: StatusCode.UNSET }),
    documents: [{ fault: false, error: false, throttle: false }],
  },
  {
    test: 'TestClientSpanWithDbComponent',
    span: goSpan('client', 'call update_user_preference( ?, ?, ? )', {
      'db.system': 'mysql',
      'db.name': 'customers',
      'db.statement': 'call update_user_preference( ?, ?, ? )',
      'db.user': 'userprefsvc',
      'db.connection_string': 'mysql://db.dev.example.com:3306',
      'net.peer.name': 'db.dev.example.com',
      'net.peer.port': '3306',
      'enterprise.app.id': '25F2E73B-4769-4C79-9DF3-7EBE85D571EA',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [
      {
        name: 'customers@db.dev.example.com',
        namespace: 'remote',
        fault: false,
        error: false,
        service: { version: 'semver:1.1.4' },
        metadata: { default: { 'enterprise.app.id': '25F2E73B-4769-4C79-9DF3-7EBE85D571EA' } },
        sql: {
          connection_string: 'mysql://db.dev.example.com:3306/customers',
          url: 'call update_user_preference( ?, ?, ? )',
          database_type: 'mysql',
          user: 'userprefsvc',
        },
      },
    ],
    absent: ['0:annotations', '0:cause', '0:http'],
    contains: ['"aws":{'],
  },
  {
    test: 'TestClientSpanWithHttpHost',
    span: goSpan('client', 'GET /', {
      ...PEER_HTTP,
      'http.host': 'foo.com',
      'net.peer.name': 'bar.com',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'foo.com' }],
  },
  {
    test: 'TestClientSpanWithoutHttpHost',
    span: goSpan('client', 'GET /', { ...PEER_HTTP, 'net.peer.name': 'bar.com' }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'bar.com' }],
  },
  {
    test: 'TestClientSpanWithRpcHost',
    span: goSpan('client', 'GET /com.foo.AnimalService/GetCats', {
      ...PEER_HTTP,
      'rpc.service': 'com.foo.AnimalService',
      'net.peer.name': 'bar.com',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ name: 'com.foo.AnimalService' }],
  },
  {
    test: 'TestSpanWithInvalidTraceId',
    span: goSpan('client', 'platformapi.widgets.searchWidgets', PEER_HTTP, undefined, {
      parentSpanId: '',
      traceId: '1153f1005c9a8d1e2f3a4b5c6d7e8f90',
    }),
    resource: DEFAULT_RESOURCE,
    lost: { kind: 'dropped', reason: 'trace-id-out-of-window' },
  },
  {
    test: 'TestSpanWithInvalidTraceIdWithoutTimestampValidation',
    span: goSpan(
      'producer',
      'ABC.payment',
      { ...DYNAMO_HTTP, 'rpc.service': 'ABC', 'aws.remote.service': 'ProducerService' },
      undefined,
      { traceId: '1153f1005c9a8d1e2f3a4b5c6d7e8f90' },
    ),
    resource: DEFAULT_RESOURCE,
    options: { skipTimestampValidation: true },
    documents: [
      {
        name: 'ProducerService',
        type: 'subsegment',
        trace_id: '1-1153f100-5c9a8d1e2f3a4b5c6d7e8f90',
      },
    ],
    notContains: ['user'],
  },
  ...(
    [
      ['EP @ test_15.testing-d\u00F6main.org#GO', 'EP @ test_15.testing-d\u00F6main.org#GO'],
      ['<subDomain>.example.com,1413', 'subDomain.example.com1413'],
      ['<>', 'span'],
    ] as const
  ).map(([spanName, name]): Vector => ({
    test: 'TestFixSegmentName',
    span: goSpan('client', spanName),
    documents: [{ name }],
  })),
  ...(
    [
      [false, { Key_1: 'a', Key_2: 'b', Key_3: 'c' }],
      [true, { Key_1: 'a', 'Key.2': 'b', Key_3: 'c' }],
    ] as const
  ).map(([allowDot, annotations]): Vector => ({
    test: allowDot ? 'TestFixAnnotationKeyWithAllowDot' : 'TestFixAnnotationKey',
    span: goSpan('client', 'x', { Key_1: 'a', 'Key.2': 'b', 'Key@3': 'c' }),
    options: { allowDot, indexedAttributes: ['Key_1', 'Key.2', 'Key@3'] },
    documents: [{ annotations }],
  })),
  {
    test: 'TestServerSpanWithNilAttributes',
    span: goSpan('server', '/api/locations', {}, ERROR, { events: [SENT_EVENT] }),
    resource: DEFAULT_RESOURCE,
    documents: [
      { name: 'signup_aggregator', fault: true, cause: { exceptions: [{ message: 'OK' }] } },
    ],
  },
];

export const SEGMENT_VECTORS: VectorFile = { file: 'segment_test.go', vectors };
