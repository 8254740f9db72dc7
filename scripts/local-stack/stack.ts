// Starts the whole local system in dependency order and stops it in reverse:
// dynalite -> xray-preview -> task-web static server -> task service (child process).
// Used by `npm start` (main.ts) and by the end-to-end test (with every port 0).
import { describeExit, startChild } from '../../testkit/process/child.js';
import type { Child } from '../../testkit/process/child.js';
import { startDynalite } from '../../testkit/dynalite.js';
import { freePort } from '../../testkit/process/ports.js';
import { formatLogLine } from './log-line.js';
import { explainPortError } from './ports.js';
import type { StackPorts } from './ports.js';
import { startXrayPreview } from './preview.js';
import type { PreviewHandle, PreviewStarter } from './preview.js';
import { LOOPBACK, localRuntimeConfig, webOrigins } from './runtime-config.js';
import { startStaticServer } from './static-server.js';
import { taskServiceLaunch } from './task-service.js';
import { waitForHttpOk } from '../../testkit/process/http-ready.js';

export interface LocalStackOptions {
  readonly repoRoot: string;
  readonly ports: StackPorts;
  /** Directory of the task-web Vite build. */
  readonly webRoot: string;
  /** Progress messages ("starting dynalite on 8000"). */
  readonly log?: (line: string) => void;
  /** Output lines of the task service; default: `[task-service] line` on stdout. */
  readonly onServiceLine?: (line: string) => void;
  /** How long the task service may take to answer /readyz. @default 60000 */
  readonly readyTimeoutMs?: number;
  /** @default the in-process xray-preview */
  readonly startPreview?: PreviewStarter;
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
  /** Settles with an error if a component dies while the stack runs; never settles otherwise. */
  readonly failure: Promise<Error>;
  /** Stops everything, task service first so it can flush its spans. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const env = options.env ?? process.env;
  const stoppers: { name: string; stop: () => Promise<unknown> }[] = [];
  let stopping = false;

  const stopAll = async (): Promise<void> => {
    stopping = true;
    const errors: string[] = [];
    while (stoppers.length > 0) {
      const { name, stop } = stoppers.pop()!;
      log(`stopping ${name}`);
      await stop().catch((error: unknown) => errors.push(`${name}: ${String(error)}`));
    }
    if (errors.length > 0) throw new Error(`some parts did not stop cleanly: ${errors.join('; ')}`);
  };

  // Which component is starting, so a port clash names the right variable.
  let current: (keyof StackPorts)[] = ['dynamodb'];
  try {
    log(`starting dynalite on ${portLabel(options.ports.dynamodb)}`);
    const dynamo = await startDynalite({ port: options.ports.dynamodb });
    stoppers.push({ name: 'dynalite', stop: () => dynamo.close() });

    // The web port decides the CORS origins the preview and the service must allow, so bind it
    // first when it is ephemeral; the config it serves is filled in once the service port is known.
    let runtimeConfig: unknown = {};
    current = ['taskWeb'];
    log(`starting task-web static server on ${portLabel(options.ports.taskWeb)}`);
    const web = await startStaticServer({
      root: options.webRoot,
      port: options.ports.taskWeb,
      runtimeConfig: () => runtimeConfig,
    });
    stoppers.push({ name: 'task-web', stop: () => web.close() });
    const origins = webOrigins(web.port);

    log(
      `starting xray-preview (OTLP gRPC ${portLabel(options.ports.previewGrpc)}, ` +
        `OTLP/HTTP ${portLabel(options.ports.previewHttp)}, UI ${portLabel(options.ports.previewApi)})`,
    );
    current = ['previewGrpc', 'previewHttp', 'previewApi'];
    // Only task-web's origins: the preview UI calls its own query API same-origin.
    const preview: PreviewHandle = await (options.startPreview ?? startXrayPreview)({
      grpcPort: options.ports.previewGrpc,
      httpPort: options.ports.previewHttp,
      apiPort: options.ports.previewApi,
      corsAllowedOrigins: origins,
    });
    stoppers.push({ name: 'xray-preview', stop: () => preview.close() });

    const servicePort =
      options.ports.taskService === 0 ? await freePort() : options.ports.taskService;
    runtimeConfig = localRuntimeConfig(servicePort, preview.httpPort);
    const launch = (options.launchTaskService ?? taskServiceLaunch)(
      {
        repoRoot: options.repoRoot,
        port: servicePort,
        dynamodbEndpoint: dynamo.endpoint,
        otlpGrpcEndpoint: `http://${LOOPBACK}:${preview.grpcPort}`,
        corsAllowedOrigins: origins,
      },
      env,
    );
    log(`starting task-service on ${servicePort}`);
    const service: Child = startChild({
      name: 'task-service',
      ...launch,
      cwd: options.repoRoot,
      onLine:
        options.onServiceLine ??
        ((line) => process.stdout.write(`[task-service] ${formatLogLine(line)}\n`)),
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

    return {
      ports: {
        dynamodb: dynamo.port,
        taskService: servicePort,
        taskWeb: web.port,
        previewGrpc: preview.grpcPort,
        previewHttp: preview.httpPort,
        previewApi: preview.apiPort,
      },
      urls: {
        app: web.url,
        api: apiUrl,
        previewUi: `http://${LOOPBACK}:${preview.apiPort}/`,
        previewApi: `http://${LOOPBACK}:${preview.apiPort}`,
        otlpHttp: `http://${LOOPBACK}:${preview.httpPort}/v1/traces`,
        otlpGrpc: `http://${LOOPBACK}:${preview.grpcPort}`,
        dynamodb: dynamo.endpoint,
      },
      // A crash after a requested stop is not a failure.
      failure: crashed.then((error) => error ?? new Promise<Error>(() => {})),
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
