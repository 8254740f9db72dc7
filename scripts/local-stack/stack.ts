// Starts the whole local system in dependency order and stops it in reverse: task-web's static
// server (in this process), then dynalite and the xray-preview (each in its own process), then
// the task service (its own process). Everything binds 127.0.0.1. Used by `npm start` (main.ts)
// and by the end-to-end test (with every port 0).
import { describeExit, startChild } from '../../testkit/process/child.js';
import type { Child } from '../../testkit/process/child.js';
import { waitForHttpOk } from '../../testkit/process/http-ready.js';
import { freePort } from '../../testkit/process/ports.js';
import { startDynamo } from './dynamo.js';
import { keepPreviewRunning } from './keep-running.js';
import { formatLogLine } from './log-line.js';
import { explainPortError } from './ports.js';
import type { StackPorts } from './ports.js';
import { previewProcess } from './preview.js';
import type { PreviewStarter } from './preview.js';
import { LOOPBACK, localRuntimeConfig, webOrigins } from './runtime-config.js';
import { startStaticServer } from './static-server.js';
import { taskServiceLaunch } from './task-service.js';

export interface LocalStackOptions {
  readonly repoRoot: string;
  readonly ports: StackPorts;
  /** Directory of the task-web Vite build. */
  readonly webRoot: string;
  /** Progress messages ("starting dynalite on 8000"). */
  readonly log?: (line: string) => void;
  /** Output lines of dynalite and the preview, prefixed. @default stdout */
  readonly print?: (line: string) => void;
  /** Output lines of the task service; default: `[task-service] line` through `print`. */
  readonly onServiceLine?: (line: string) => void;
  /** How long the task service may take to answer /readyz. @default 60000 */
  readonly readyTimeoutMs?: number;
  /** @default the preview in its own process */
  readonly startPreview?: PreviewStarter;
  /** Times a dead preview is started again before the stack gives up. @default 3 */
  readonly maxPreviewRestarts?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** How to run the task service. @default node --import <register> <main> from build/ */
  readonly launchTaskService?: typeof taskServiceLaunch;
}

export interface StackUrls {
  readonly app: string;
  readonly api: string;
  readonly previewUi: string;
  readonly previewApi: string;
  readonly otlpHttp: string;
  readonly otlpGrpc: string;
  readonly dynamodb: string;
}

export interface LocalStack {
  /** Ports actually bound (differ from the requested ones where those were 0). */
  readonly ports: StackPorts;
  readonly urls: StackUrls;
  /**
   * Settles with an error when a part dies and the stack cannot carry on (the task service,
   * dynalite, or a preview out of restarts); never settles otherwise.
   */
  readonly failure: Promise<Error>;
  /** Stops everything, task service first so it can flush its spans. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = options.env ?? process.env;
  const stoppers: { name: string; stop: () => Promise<unknown> }[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;

  const stopAll = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      const errors: string[] = [];
      while (stoppers.length > 0) {
        const { name, stop } = stoppers.pop()!;
        log(`stopping ${name}`);
        await stop().catch((error: unknown) => errors.push(`${name}: ${String(error)}`));
      }
      if (errors.length > 0)
        throw new Error(`some parts did not stop cleanly: ${errors.join('; ')}`);
    })());

  // Which components are starting, so a port clash names the right variables.
  let current: (keyof StackPorts)[] = ['taskWeb'];
  try {
    // The web port decides the CORS origins the preview and the service must allow, so bind it
    // first when it is ephemeral; the config it serves is filled in once the service port is known.
    let runtimeConfig: unknown = {};
    log(`starting task-web static server on ${portLabel(options.ports.taskWeb)}`);
    const web = await startStaticServer({
      root: options.webRoot,
      port: options.ports.taskWeb,
      runtimeConfig: () => runtimeConfig,
    });
    stoppers.push({ name: 'task-web', stop: () => web.close() });
    const origins = webOrigins(web.port);

    current = ['dynamodb', 'previewGrpc', 'previewHttp', 'previewApi'];
    log(
      `starting dynalite on ${portLabel(options.ports.dynamodb)} and xray-preview (OTLP gRPC ` +
        `${portLabel(options.ports.previewGrpc)}, OTLP/HTTP ${portLabel(options.ports.previewHttp)}, ` +
        `UI ${portLabel(options.ports.previewApi)})`,
    );
    const [dynamoStart, previewStart] = await Promise.allSettled([
      startDynamo(options.ports.dynamodb, (line) => print(`[dynalite] ${line}`)),
      keepPreviewRunning({
        start:
          options.startPreview ??
          previewProcess({ onLine: (line) => print(`[xray-preview] ${line}`) }),
        // Only task-web's origins: the preview UI calls its own query API same-origin.
        request: {
          grpcPort: options.ports.previewGrpc,
          httpPort: options.ports.previewHttp,
          apiPort: options.ports.previewApi,
          corsAllowedOrigins: origins,
        },
        log,
        ...(options.maxPreviewRestarts !== undefined && {
          maxRestarts: options.maxPreviewRestarts,
        }),
      }),
    ]);
    if (dynamoStart.status === 'fulfilled') {
      stoppers.push({ name: 'dynalite', stop: () => dynamoStart.value.close() });
    }
    if (previewStart.status === 'fulfilled') {
      stoppers.push({ name: 'xray-preview', stop: () => previewStart.value.close() });
    }
    if (dynamoStart.status === 'rejected') {
      current = ['dynamodb'];
      throw dynamoStart.reason;
    }
    if (previewStart.status === 'rejected') {
      current = ['previewGrpc', 'previewHttp', 'previewApi'];
      throw previewStart.reason;
    }
    const dynamo = dynamoStart.value;
    const preview = previewStart.value;
    const previewPorts = preview.ports;

    current = ['taskService'];
    const servicePort =
      options.ports.taskService === 0 ? await freePort() : options.ports.taskService;
    runtimeConfig = localRuntimeConfig({
      taskService: servicePort,
      previewHttp: previewPorts.httpPort,
      previewApi: previewPorts.apiPort,
    });
    const launch = (options.launchTaskService ?? taskServiceLaunch)(
      {
        repoRoot: options.repoRoot,
        host: LOOPBACK,
        port: servicePort,
        dynamodbEndpoint: dynamo.endpoint,
        otlpGrpcEndpoint: `http://${LOOPBACK}:${previewPorts.grpcPort}`,
        corsAllowedOrigins: origins,
      },
      env,
    );
    log(`starting task-service on ${servicePort}`);
    const service: Child = startChild({
      name: 'task-service',
      ...launch,
      cwd: options.repoRoot,
      onLine: options.onServiceLine ?? ((line) => print(`[task-service] ${formatLogLine(line)}`)),
    });
    stoppers.push({ name: 'task-service', stop: () => service.stop(15_000) });

    const apiUrl = `http://${LOOPBACK}:${servicePort}`;
    const crashed = service.exited.then((exit) => {
      if (stopping) return undefined;
      return new Error(
        `task-service ${describeExit(exit)}. Its last output:\n` +
          service
            .tail()
            .map((line) => `  ${formatLogLine(line)}`)
            .join('\n'),
      );
    });
    try {
      await waitForHttpOk(`${apiUrl}/readyz`, {
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        abandon: crashed,
      });
    } catch (error) {
      const crash = await Promise.race([crashed, Promise.resolve(undefined)]);
      throw crash ?? error;
    }
    log('task-service is ready');

    const never = new Promise<Error>(() => {});
    const dynamoDied = dynamo.ended.then((what) => (stopping ? never : new Error(what)));
    return {
      ports: {
        dynamodb: dynamo.port,
        taskService: servicePort,
        taskWeb: web.port,
        previewGrpc: previewPorts.grpcPort,
        previewHttp: previewPorts.httpPort,
        previewApi: previewPorts.apiPort,
      },
      urls: {
        app: web.url,
        api: apiUrl,
        previewUi: `http://${LOOPBACK}:${previewPorts.apiPort}/`,
        previewApi: `http://${LOOPBACK}:${previewPorts.apiPort}`,
        otlpHttp: `http://${LOOPBACK}:${previewPorts.httpPort}/v1/traces`,
        otlpGrpc: `http://${LOOPBACK}:${previewPorts.grpcPort}`,
        dynamodb: dynamo.endpoint,
      },
      // A crash after a requested stop is not a failure.
      failure: Promise.race([
        crashed.then((error) => error ?? never),
        dynamoDied,
        preview.failure.then((error) => (stopping ? never : error)),
      ]),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw explainPortError(error, current, options.ports);
  }
}

function portLabel(port: number): string {
  return port === 0 ? 'a free port' : String(port);
}
