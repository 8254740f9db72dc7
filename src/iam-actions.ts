/**
 * Which AWS API actions each part of the deployment calls, so the IRSA roles in terraform/ can
 * grant exactly those (a test compares them for every exporter and sampling choice). Each fact
 * names the upstream source it was read from, at the versions this project pins: the ADOT
 * collector v0.49.0 (which vendors opentelemetry-collector-contrib v0.156.0) and the task
 * service's own code.
 */
import { z } from 'zod';

/** An IAM action, `service:Action`. */
export type IamAction = `${string}:${string}`;

/**
 * The X-Ray actions of the `awsxray` exporter. It sends segments with PutTraceSegments
 * (exporter/awsxrayexporter/awsxray.go, `xrayClient.PutTraceSegments`). PutTelemetryRecords is
 * sent only by its telemetry sender, which is a no-op unless `telemetry.enabled` is true
 * (same file, `telemetry.NewNopSender()` unless `cfg.TelemetryConfig.Enabled`;
 * internal/aws/xray/telemetry/sender.go).
 */
export const AWSXRAY_EXPORTER_ACTIONS = ['xray:PutTraceSegments'] as const;
export const AWSXRAY_TELEMETRY_ACTIONS = ['xray:PutTelemetryRecords'] as const;

/**
 * The actions behind the X-Ray OTLP endpoint (`https://xray.<region>.amazonaws.com/v1/traces`,
 * reached by `otlp_http` signed by `sigv4auth` for service `xray`). AWS's Service Authorization
 * Reference for X-Ray defines PutSpans (upload spans) and PutSpansForIndexing (upload spans to be
 * indexed by Transaction Search), both Write with no resource types; the CloudWatch OTLP endpoint
 * pages do not say which of the two the endpoint evaluates, so both are granted.
 */
export const XRAY_OTLP_ACTIONS = ['xray:PutSpans', 'xray:PutSpansForIndexing'] as const;

/**
 * The actions behind the `awsproxy` extension. It signs whatever reaches it for service `xray`
 * and forwards it (internal/aws/proxy/server.go), so what it needs is what its client sends: the
 * X-Ray remote sampler polls POST /GetSamplingRules and POST /SamplingTargets
 * (opentelemetry-js-contrib packages/sampler-aws-xray/src/aws-xray-sampling-client.ts), the
 * GetSamplingRules and GetSamplingTargets APIs. GetSamplingStatisticSummaries is a console read
 * no sampler calls.
 */
export const REMOTE_SAMPLING_ACTIONS = [
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
] as const;

/**
 * DynamoDB actions of the task service against AWS, on its table only: the commands of
 * apps/task-service/src/storage/dynamodb-task-repository.ts (Put, Get, Scan, Update, Delete).
 * Describe/CreateTable run only against a local endpoint (storage/dynamodb-table.ts).
 */
export const TASK_SERVICE_TABLE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
] as const;

/** Collector components in the ADOT v0.49.0 image that make no AWS call of their own. */
const NO_AWS_CALLS = {
  receivers: ['otlp', 'jaeger', 'zipkin'],
  processors: [
    'memory_limiter',
    'batch',
    'filter',
    'attributes',
    'resource',
    'span',
    'probabilistic_sampler',
    'tail_sampling',
    'groupbytrace',
  ],
  exporters: ['debug'],
  // sigv4auth only signs; the exporter that uses it accounts for the actions.
  extensions: ['health_check', 'pprof', 'zpages', 'sigv4auth'],
} as const;

type Kind = keyof typeof NO_AWS_CALLS;

const componentMap = z.record(z.string(), z.unknown()).optional();
const collectorConfig = z.object({
  receivers: componentMap,
  processors: componentMap,
  exporters: componentMap,
  extensions: componentMap,
  service: z.object({
    extensions: z.array(z.string()).optional(),
    pipelines: z.record(
      z.string(),
      z.object({
        receivers: z.array(z.string()).optional(),
        processors: z.array(z.string()).optional(),
        exporters: z.array(z.string()).optional(),
      }),
    ),
  }),
});
type CollectorConfig = z.infer<typeof collectorConfig>;

export class IamActionsError extends Error {
  override readonly name = 'IamActionsError';
}

/**
 * The AWS actions a collector with this config calls (sorted, no duplicates). Only components
 * in use (in a pipeline or in `service.extensions`) count. A component whose AWS calls are not
 * known here is an error naming it, so a new component cannot silently widen or break the roles.
 */
export function collectorActions(config: unknown): IamAction[] {
  const parsed = collectorConfig.safeParse(config);
  if (!parsed.success) {
    throw new IamActionsError(
      `not a collector config (${parsed.error.issues[0]?.message ?? 'unknown shape'}); pass the spec.config of an OpenTelemetryCollector`,
    );
  }
  const cfg = parsed.data;
  const actions = new Set<IamAction>();
  const inUse: [Kind, string][] = [
    ...(cfg.service.extensions ?? []).map((id): [Kind, string] => ['extensions', id]),
  ];
  for (const pipeline of Object.values(cfg.service.pipelines)) {
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      for (const id of pipeline[kind] ?? []) inUse.push([kind, id]);
    }
  }
  for (const [kind, id] of inUse) {
    for (const action of componentActions(cfg, kind, id)) actions.add(action);
  }
  return [...actions].sort();
}

function componentActions(cfg: CollectorConfig, kind: Kind, id: string): readonly IamAction[] {
  const type = id.split('/')[0] ?? id;
  const settings = asRecord(cfg[kind]?.[id]);
  if ((NO_AWS_CALLS[kind] as readonly string[]).includes(type)) return [];
  if (kind === 'exporters' && type === 'awsxray') {
    refuseRoleArn(kind, id, settings);
    const telemetry = asRecord(settings.telemetry);
    return telemetry.enabled === true
      ? [...AWSXRAY_EXPORTER_ACTIONS, ...AWSXRAY_TELEMETRY_ACTIONS]
      : AWSXRAY_EXPORTER_ACTIONS;
  }
  // otlphttp is the deprecated alias of otlp_http, still accepted by the collector.
  if (kind === 'exporters' && (type === 'otlp_http' || type === 'otlphttp'))
    return otlpHttpActions(cfg, id, settings);
  if (kind === 'extensions' && type === 'awsproxy') {
    refuseRoleArn(kind, id, settings);
    if (settings.service_name !== undefined && settings.service_name !== 'xray') {
      throw notModelled(kind, id, `service_name ${JSON.stringify(settings.service_name)}`);
    }
    return REMOTE_SAMPLING_ACTIONS;
  }
  throw notModelled(kind, id, 'which AWS actions it calls');
}

/** otlp_http calls AWS only when signed by sigv4auth; for service xray that is the OTLP endpoint. */
function otlpHttpActions(
  cfg: CollectorConfig,
  id: string,
  settings: Record<string, unknown>,
): readonly IamAction[] {
  const authenticator = asRecord(settings.auth).authenticator;
  if (typeof authenticator !== 'string' || authenticator.split('/')[0] !== 'sigv4auth') return [];
  const signer = asRecord(cfg.extensions?.[authenticator]);
  refuseRoleArn('extensions', authenticator, signer);
  const endpoint = String(settings.traces_endpoint ?? settings.endpoint ?? '');
  if (
    signer.service !== 'xray' ||
    !/^https:\/\/xray\.[a-z0-9-]+\.amazonaws\.com\//.test(endpoint)
  ) {
    throw notModelled(
      'exporters',
      id,
      `a sigv4auth-signed endpoint other than X-Ray's (${endpoint})`,
    );
  }
  return XRAY_OTLP_ACTIONS;
}

function refuseRoleArn(kind: Kind, id: string, settings: Record<string, unknown>): void {
  // A role_arn makes the component call sts:AssumeRole into another role, whose policy this
  // project does not manage.
  if (settings.role_arn !== undefined && settings.role_arn !== '') {
    throw notModelled(kind, id, 'role_arn makes it call sts:AssumeRole into another role');
  }
}

function notModelled(kind: Kind, id: string, what: string): IamActionsError {
  return new IamActionsError(
    `${kind}.${id}: not modelled in src/iam-actions.ts (${what}). Read the component's source at the pinned ADOT version, add its AWS actions there and to terraform/iam.tf.`,
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
