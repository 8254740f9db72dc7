// segment_test.go: which attributes become annotations, which become metadata.
import { StatusCode } from '../span-builder.js';
import { DEFAULT_RESOURCE, goSpan } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

const ERROR = { code: StatusCode.ERROR, message: 'OK' };
const TWO_ATTRIBUTES = { 'attr1@1': 'val1', 'attr2@2': 'val2' };
const RESOURCE_KEYS = ['string', 'int', 'double', 'bool', 'map', 'array'].map(
  (k) => `otel.resource.${k}.key`,
);
const SPECIAL = { 'aws.operation': 'aws_operation_val', 'rpc.method': 'rpc_method_val' };

const vectors: Vector[] = [
  {
    test: 'TestSpanWithAttributesDefaultNotIndexed',
    span: goSpan('server', '/api/locations', TWO_ATTRIBUTES, ERROR),
    resource: DEFAULT_RESOURCE,
    documents: [
      {
        metadata: {
          default: {
            'attr1@1': 'val1',
            'attr2@2': 'val2',
            'otel.resource.string.key': 'string',
            'otel.resource.int.key': 10,
            'otel.resource.double.key': 5,
            'otel.resource.bool.key': true,
            'otel.resource.map.key': { key1: 1, key2: 'value' },
            'otel.resource.array.key': ['foo', 'bar'],
          },
        },
      },
    ],
    absent: ['0:annotations'],
  },
  {
    test: 'TestSpanWithResourceNotStoredIfSubsegment',
    span: goSpan('client', '/api/locations', TWO_ATTRIBUTES, {
      code: StatusCode.ERROR,
      message: 'ERROR',
    }),
    resource: DEFAULT_RESOURCE,
    documents: [{ metadata: { default: { 'attr1@1': 'val1', 'attr2@2': 'val2' } } }],
    sizes: { '0:metadata.default': 2 },
    absent: ['0:annotations'],
  },
  {
    test: 'TestSpanWithAttributesPartlyIndexed',
    span: goSpan('server', '/api/locations', TWO_ATTRIBUTES, ERROR),
    resource: DEFAULT_RESOURCE,
    options: { indexedAttributes: ['attr1@1', 'not_exist'] },
    documents: [{ annotations: { attr1_1: 'val1' }, metadata: { default: { 'attr2@2': 'val2' } } }],
    sizes: { '0:annotations': 1 },
  },
  {
    test: 'TestSpanWithAnnotationsAttribute',
    span: goSpan(
      'server',
      '/api/locations',
      {
        ...TWO_ATTRIBUTES,
        'aws.xray.annotations': ['attr2@2', 'not_exist'],
      },
      ERROR,
    ),
    resource: DEFAULT_RESOURCE,
    documents: [{ annotations: { attr2_2: 'val2' }, metadata: { default: { 'attr1@1': 'val1' } } }],
    sizes: { '0:annotations': 1 },
    notContains: ['aws.xray.annotations'],
  },
  {
    test: 'TestSpanWithAttributesAllIndexed',
    span: goSpan('server', '/api/locations', TWO_ATTRIBUTES, { code: StatusCode.OK }),
    resource: DEFAULT_RESOURCE,
    options: { indexedAttributes: ['attr1@1', 'not_exist'], indexAllAttributes: true },
    documents: [{ annotations: { attr1_1: 'val1', attr2_2: 'val2' } }],
  },
  {
    test: 'TestSpanWithAttributesSegmentMetadata',
    span: goSpan(
      'server',
      '/api/locations',
      {
        'attr1@1': 'val1',
        'aws.xray.metadata.default': '{"custom_key": "custom_value"}',
        'aws.xray.metadata.http': '{"connection":{"reused":false,"was_idle":false}}',
        'aws.xray.metadata.non-xray-sdk': 'retain-value',
      },
      ERROR,
    ),
    resource: DEFAULT_RESOURCE,
    documents: [
      {
        metadata: {
          default: {
            'attr1@1': 'val1',
            custom_key: 'custom_value',
            'aws.xray.metadata.non-xray-sdk': 'retain-value',
          },
          http: { connection: { reused: false, was_idle: false } },
        },
      },
    ],
    sizes: { '0:metadata': 2 },
    absent: ['0:annotations', '0:metadata.default.aws.xray.metadata.default'],
  },
  ...([false, true] as const).map((allowDot): Vector => ({
    test: allowDot
      ? 'TestResourceAttributesCanBeIndexedWithAllowDot'
      : 'TestResourceAttributesCanBeIndexed',
    span: goSpan('server', '/api/locations', {}, ERROR),
    resource: DEFAULT_RESOURCE,
    options: { allowDot, indexedAttributes: RESOURCE_KEYS },
    documents: [
      {
        annotations: Object.fromEntries(
          (
            [
              ['otel.resource.string.key', 'string'],
              ['otel.resource.int.key', 10],
              ['otel.resource.double.key', 5],
              ['otel.resource.bool.key', true],
            ] as const
          ).map(([key, value]) => [allowDot ? key : key.replaceAll('.', '_'), value]),
        ),
        // Maps and arrays cannot be annotations, so they stay metadata.
        metadata: {
          default: {
            'otel.resource.map.key': { key1: 1, key2: 'value' },
            'otel.resource.array.key': ['foo', 'bar'],
          },
        },
      },
    ],
    sizes: { '0:annotations': 4 },
  })),
  {
    test: 'TestResourceAttributesNotIndexedIfSubsegment',
    span: goSpan('client', '/api/locations', {}, ERROR),
    resource: DEFAULT_RESOURCE,
    options: { indexedAttributes: RESOURCE_KEYS },
    absent: ['0:annotations', '0:metadata'],
  },
  ...(
    [
      ['TestSpanWithSpecialAttributesAsListed', false, false],
      ['TestSpanWithSpecialAttributesAsListedWithAllowDot', true, false],
      ['TestSpanWithSpecialAttributesAsListedAndIndexAll', false, true],
      ['TestSpanWithSpecialAttributesAsListedAndIndexAllWithAllowDot', true, true],
    ] as const
  ).map(([test, allowDot, indexAllAttributes]): Vector => ({
    test,
    span: goSpan('server', '/api/locations', SPECIAL, ERROR),
    resource: DEFAULT_RESOURCE,
    options: { allowDot, indexAllAttributes, indexedAttributes: Object.keys(SPECIAL) },
    documents: [
      {
        annotations: allowDot
          ? SPECIAL
          : { aws_operation: 'aws_operation_val', rpc_method: 'rpc_method_val' },
      },
    ],
  })),
  {
    test: 'TestSpanWithSpecialAttributesNotListedAndIndexAll',
    span: goSpan(
      'server',
      '/api/locations',
      { 'aws.operation': 'val1', 'rpc.method': 'val2' },
      ERROR,
    ),
    resource: DEFAULT_RESOURCE,
    options: { indexAllAttributes: true },
    absent: [
      '0:annotations.aws.operation',
      '0:annotations.rpc.method',
      '0:annotations.aws_operation',
    ],
  },
];

export const ANNOTATION_VECTORS: VectorFile = { file: 'segment_test.go', vectors };
