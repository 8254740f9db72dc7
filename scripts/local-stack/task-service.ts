// How the local stack runs the task service: from build output with its telemetry bootstrap
// loaded by `node --import` (the OpenTelemetry ESM hook needs that; see DESIGN.md "ESM").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TASK_SERVICE_MAIN, TASK_SERVICE_REGISTER } from '../../testkit/task-service/paths.js';

export interface TaskServiceLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export interface TaskServiceSettings {
  readonly repoRoot: string;
  readonly port: number;
  readonly dynamodbEndpoint: string;
  readonly otlpGrpcEndpoint: string;
  readonly corsAllowedOrigins: readonly string[];
  readonly table?: string;
  readonly region?: string;
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
      PORT: String(settings.port),
      TASKS_TABLE: settings.table ?? 'tasks',
      TASKS_STORE: 'dynamodb',
      AWS_REGION: settings.region ?? 'us-east-1',
      // dynalite accepts any credentials; fixed dummies stop the SDK from probing for real ones
      // (and from ever using a developer's real keys against this local endpoint).
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DYNAMODB_ENDPOINT: settings.dynamodbEndpoint,
      OTEL_EXPORTER_OTLP_ENDPOINT: settings.otlpGrpcEndpoint,
      OTEL_SERVICE_NAME: 'task-service',
      // The service's production default samples 5 % of new traces; locally every request
      // should reach the map (traffic from `npm run traffic` starts new traces).
      OTEL_TRACES_SAMPLER: baseEnv.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on',
      CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins.join(','),
    },
  };
}
