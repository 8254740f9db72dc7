/**
 * The Go tests' shared fixtures, as data: `constructDefaultResource`, `getBasicResource`,
 * `getBasicAttributes` and the message events (segment_test.go).
 */
import type { AttrMap, AttrValue } from '../../../../apps/xray-preview/src/model.js';
import { double, SpanKind, StatusCode } from '../span-builder.js';
import type { SpanInput } from '../span-builder.js';

/** `constructDefaultResource`: 19 attributes of every type. */
export const DEFAULT_RESOURCE: Record<string, AttrValue> = {
  'service.name': 'signup_aggregator',
  'service.version': 'semver:1.1.4',
  'container.name': 'signup_aggregator',
  'container.image.name': 'otel/signupaggregator',
  'container.image.tag': 'v1',
  'k8s.cluster.name': 'production',
  'k8s.namespace.name': 'default',
  'k8s.deployment.name': 'signup_aggregator',
  'k8s.pod.name': 'signup_aggregator-x82ufje83',
  'cloud.provider': 'aws',
  'cloud.account.id': '123456789',
  'cloud.region': 'us-east-1',
  'cloud.availability_zone': 'us-east-1c',
  'string.key': 'string',
  'int.key': 10,
  'double.key': double(5),
  'bool.key': true,
  'map.key': new Map<string, AttrValue>([
    ['key1', 1],
    ['key2', 'value'],
  ]),
  'array.key': ['foo', 'bar'],
};

/** `getBasicResource`: the default resource plus an SDK and a distro version (22 attributes). */
export const BASIC_RESOURCE: Record<string, AttrValue> = {
  ...DEFAULT_RESOURCE,
  'telemetry.sdk.name': 'MySDK',
  'telemetry.sdk.version': '1.20.0',
  'telemetry.distro.version': '1.2.3',
};

/** `getBasicAttributes`: what an Application Signals SDK puts on a local-root span. */
export const BASIC_ATTRIBUTES: Record<string, AttrValue> = {
  'http.method': 'POST',
  'messaging.operation': 'receive',
  'otel.resource.attributes': 'service.name=myTest',
  'aws.span.kind': 'LOCAL_ROOT',
  'aws.remote.service': 'myRemoteService',
  'aws.remote.operation': 'myRemoteOperation',
  remoteTarget: 'myTarget',
  'K8s.RemoteNamespace': 'k8sRemoteNamespace',
  'aws.local.service': 'myLocalService',
  'aws.local.operation': 'awsLocalOperation',
  myAnnotationKey: 'myAnnotationValue',
  'aws.operation': 'UpdateItem',
  'aws.account_id': 'AWSAccountAttribute',
  'aws.region': 'AWSRegionAttribute',
  'aws.request_id': 'AWSRequestIDAttribute',
  'aws.queue_url': 'AWSQueueURLAttribute',
  'aws.table_name': 'TableName',
};

/** The span kinds the Go tests construct (constructServerSpan and friends). */
export const KIND = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
} as const;

export const PARENT = 'bbbbbbbbbbbbbbbb';
export const LINK = { traceId: '6553f1005c9a8d1e2f3a4b5c6d7e8f91', spanId: 'cccccccccccccccc' };

/** A span as `construct<Kind>Span(parent, name, code, message, attributes)` builds it. */
export function goSpan(
  kind: keyof typeof KIND,
  name: string,
  attributes: Record<string, AttrValue> | AttrMap = {},
  status: { code: StatusCode; message?: string } = { code: StatusCode.UNSET, message: 'OK' },
  extra: Partial<SpanInput> = {},
): SpanInput {
  return { kind: KIND[kind], name, parentSpanId: PARENT, attributes, status, ...extra };
}

/** `constructTimedEventsWithReceivedMessageEvent`: a RECEIVED message of 12452 bytes. */
export const RECEIVED_EVENT = {
  name: '',
  attributes: {
    'message.type': 'RECEIVED',
    'messaging.message_id': 1,
    'messaging.message_payload_compressed_size_bytes': 6478,
    'messaging.message_payload_size_bytes': 12452,
  },
};

/** `constructTimedEventsWithSentMessageEvent`: a SENT message (no response size). */
export const SENT_EVENT = {
  name: '',
  attributes: {
    'message.type': 'SENT',
    'messaging.message_id': 1,
    'messaging.message_payload_size_bytes': 7480,
  },
};
