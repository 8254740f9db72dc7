// How the local stack runs the task service: from build output with its telemetry bootstrap
// loaded by `node --import` (the OpenTelemetry ESM hook needs that; see DESIGN.md "ESM").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TASK_SERVICE_NAME } from '../../apps/task-service/src/contract.js';
import { otelEnv } from '../../src/constructs/otel-env.js';
import { TASK_SERVICE_MAIN, TASK_SERVICE_REGISTER } from '../../testkit/task-service/paths.js';

export interface TaskServiceLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export interface TaskServiceSettings {
  readonly repoRoot: string;
  /** Address to bind (the service's HOST); the stack passes loopback. */
  readonly host: string;
  readonly port: number;
  readonly dynamodbEndpoint: string;
  readonly otlpGrpcEndpoint: string;
  readonly corsAllowedOrigins: readonly string[];
  readonly table?: string;
  readonly region?: string;
}

/** What the downward API would tell a pod, for the local process: it runs "on EKS" in cluster `local`. */
export const LOCAL_POD = { cluster: 'local', namespace: 'local', name: 'task-service-local' };

/**
 * The OpenTelemetry environment the chart gives a task-service pod (otelEnv, the one
 * definition), resolved as the kubelet would: fieldRefs from LOCAL_POD, `$(VAR)` from earlier
 * entries. So locally too the service reports cloud.provider=aws and cloud.platform=aws_eks, and
 * its segments get the origin AWS::EKS::Container that X-Ray gives pods.
 */
export function podOtelEnv(otlpEndpoint: string): Record<string, string> {
  const fields: Record<string, string> = {
    'metadata.name': LOCAL_POD.name,
    'metadata.namespace': LOCAL_POD.namespace,
  };
  const env: Record<string, string> = {};
  for (const v of otelEnv({
    serviceName: TASK_SERVICE_NAME,
    clusterName: LOCAL_POD.cluster,
    otlpEndpoint,
  })) {
    const field = v.valueFrom?.fieldRef?.fieldPath;
    const value =
      field === undefined
        ? v.value?.replace(
            /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
            (ref, name: string) => env[name] ?? ref,
          )
        : fields[field];
    if (value !== undefined) env[v.name] = value;
  }
  return env;
}

export function taskServiceLaunch(
  settings: TaskServiceSettings,
  baseEnv: NodeJS.ProcessEnv,
): TaskServiceLaunch {
  const main = join(settings.repoRoot, TASK_SERVICE_MAIN);
  const register = join(settings.repoRoot, TASK_SERVICE_REGISTER);
  for (const file of [main, register]) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} does not exist. Run \`npm run build\` first (npm start does it unless LOCAL_STACK_SKIP_BUILD=1).`,
      );
    }
  }
  // A developer's profile or session token must not leak into a process that talks to dynalite.
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...inherited } = baseEnv;
  return {
    command: process.execPath,
    args: ['--enable-source-maps', '--import', register, main],
    env: {
      ...inherited,
      HOST: settings.host,
      PORT: String(settings.port),
      TASKS_TABLE: settings.table ?? 'tasks',
      TASKS_STORE: 'dynamodb',
      AWS_REGION: settings.region ?? 'us-east-1',
      // dynalite accepts any credentials; fixed dummies stop the SDK from probing for real ones
      // (and from ever using a developer's real keys against this local endpoint).
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DYNAMODB_ENDPOINT: settings.dynamodbEndpoint,
      ...podOtelEnv(settings.otlpGrpcEndpoint),
      // The service's production default samples 5 % of new traces; locally every request
      // should reach the map (traffic from `npm run traffic` starts new traces).
      OTEL_TRACES_SAMPLER: baseEnv.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on',
      CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins.join(','),
    },
  };
}
