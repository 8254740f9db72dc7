// span_links_test.go, sql_test.go and service_test.go.
import { StatusCode } from '../span-builder.js';
import { DEFAULT_RESOURCE, goSpan } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

const NOW_TRACE = '6553f1005c9a8d1e2f3a4b5c6d7e8f91';
const NOW_XRAY = '1-6553f100-5c9a8d1e2f3a4b5c6d7e8f91';
const OLD_TRACE = '652ace005c9a8d1e2f3a4b5c6d7e8f91';
const OK = { code: StatusCode.OK, message: 'OK' };

const linkVectors: Vector[] = [
  {
    test: 'TestSpanLinkSimple',
    span: goSpan('server', 'ProcessingMessage', {}, OK, {
      links: [{ traceId: NOW_TRACE, spanId: '1111111111111111' }],
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ links: [{ trace_id: NOW_XRAY, id: '1111111111111111' }] }],
    absent: ['0:links.0.attributes'],
  },
  {
    test: 'TestSpanLinkEmpty',
    span: goSpan('server', 'ProcessingMessage', {}, OK),
    resource: DEFAULT_RESOURCE,
    notContains: ['links'],
  },
  {
    test: 'TestOldSpanLinkError',
    span: goSpan('server', 'ProcessingMessage', {}, OK, {
      links: [{ traceId: OLD_TRACE, spanId: '1111111111111111' }],
    }),
    resource: DEFAULT_RESOURCE,
    lost: { kind: 'dropped', reason: 'link-trace-id-out-of-window' },
  },
  {
    test: 'TestTwoSpanLinks',
    span: goSpan('server', 'ProcessingMessage', {}, OK, {
      links: [
        { traceId: NOW_TRACE, spanId: '1111111111111111', attributes: { myKey1: 'ABC' } },
        { traceId: NOW_TRACE, spanId: '2222222222222222', attributes: { myKey2: 1234 } },
      ],
    }),
    resource: DEFAULT_RESOURCE,
    documents: [
      {
        links: [
          { trace_id: NOW_XRAY, id: '1111111111111111', attributes: { myKey1: 'ABC' } },
          { trace_id: NOW_XRAY, id: '2222222222222222', attributes: { myKey2: 1234 } },
        ],
      },
    ],
  },
  {
    test: 'TestSpanLinkComplexAttributes',
    span: goSpan('server', 'ProcessingMessage', {}, OK, {
      links: [
        {
          traceId: NOW_TRACE,
          spanId: '1111111111111111',
          attributes: {
            myKey1: 'myValue',
            myKey2: true,
            myKey3: 112233,
            myKey4: 3.1415,
            myKey5: ['apple', 'pear', 'banana'],
            myKey6: [true, false, false, true],
            myKey7: [1234, 5678, 9012],
            myKey8: [2.718, 1.618],
          },
        },
      ],
    }),
    resource: DEFAULT_RESOURCE,
    documents: [
      {
        links: [
          {
            attributes: {
              myKey1: 'myValue',
              myKey2: true,
              myKey3: 112233,
              myKey4: 3.1415,
              myKey5: ['apple', 'pear', 'banana'],
              myKey6: [true, false, false, true],
              myKey7: [1234, 5678, 9012],
              myKey8: [2.718, 1.618],
            },
          },
        ],
      },
    ],
    sizes: { '0:links.0.attributes': 8 },
  },
];

/** `constructSQLSpan`: a CLIENT span named users.findUnique. */
const sqlSpan = (attributes: Record<string, string>) =>
  goSpan('client', 'users.findUnique', attributes);

const sqlVectors: Vector[] = [
  {
    test: 'TestClientSpanWithStatementAttribute',
    span: sqlSpan({
      'db.system': 'mysql',
      'db.name': 'customers',
      'db.statement': 'SELECT * FROM user WHERE user_id = ?',
      'db.user': 'readonly_user',
      'db.connection_string': 'mysql://db.example.com:3306',
    }),
    documents: [
      {
        sql: {
          connection_string: 'mysql://db.example.com:3306/customers',
          url: 'users.findUnique',
          sanitized_query: 'SELECT * FROM user WHERE user_id = ?',
          database_type: 'mysql',
          user: 'readonly_user',
        },
      },
    ],
  },
  {
    test: 'TestClientSpanWithNonSQLDatabase',
    span: sqlSpan({
      'db.system': 'redis',
      'db.name': '0',
      'db.statement': 'SET key value',
      'db.user': 'readonly_user',
    }),
    documents: [
      { metadata: { default: { 'db.system': 'redis', 'db.statement': 'SET key value' } } },
    ],
    absent: ['0:sql'],
  },
  {
    test: 'TestClientSpanWithoutDBurlAttribute',
    span: sqlSpan({
      'db.system': 'postgresql',
      'db.name': 'customers',
      'db.statement': 'SELECT 1',
      'db.user': 'u',
    }),
    documents: [{ sql: { url: 'users.findUnique', connection_string: 'localhost/customers' } }],
  },
];

const service = (
  test: string,
  resource: Vector['resource'],
  expected: object | undefined,
): Vector => ({
  test,
  span: goSpan('server', '/service', {}, OK),
  resource,
  ...(expected === undefined
    ? { absent: ['0:service' as const] }
    : { documents: [{ service: expected }] }),
});

const { 'service.version': _version, ...withoutVersion } = DEFAULT_RESOURCE;

const serviceVectors: Vector[] = [
  service('TestServiceFromResource', DEFAULT_RESOURCE, { version: 'semver:1.1.4' }),
  service('TestServiceFromResourceWithNoServiceVersion', withoutVersion, { version: 'v1' }),
  service('TestServiceFromNullResource', {}, undefined),
];

export const LINK_VECTORS: VectorFile = { file: 'span_links_test.go', vectors: linkVectors };
export const SQL_VECTORS: VectorFile = { file: 'sql_test.go', vectors: sqlVectors };
export const SERVICE_VECTORS: VectorFile = { file: 'service_test.go', vectors: serviceVectors };
