// The xray-preview as the local stack runs it: in its own process, so a flood that exhausts its
// heap ends the preview alone (the supervisor restarts it) and not dynalite and task-web with it.
// The stack decides its ports, host and origins, and indexes the deploy config's keys; the other
// XRAY_PREVIEW_* settings (store caps, ...) still come from the environment, as with
// `npm run xray-preview`.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TASK_WEB_EXPORT_LIMITS } from '../../apps/task-web/src/contract.js';
import { settingsInputFromEnv } from '../../apps/xray-preview/src/index.js';
import type { PreviewSettings } from '../../apps/xray-preview/src/index.js';
import { STRICT_ENV } from '../../src/config/defaults.js';
import { loadConfig } from '../../src/config/load.js';
import { describeEnd, startComponentProcess } from './component-process.js';
import { LOOPBACK } from './runtime-config.js';

/** X-Ray's default rule, as a file to edit: the preview re-reads it while the stack runs. */
export const LOCAL_SAMPLING_RULES_FILE = join(import.meta.dirname, 'sampling-rules.json');

export interface PreviewRequest {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
  /** Exact browser origins allowed to send spans to the preview (task-web's). */
  readonly corsAllowedOrigins: readonly string[];
}

export interface PreviewPorts {
  /** The address the preview bound. */
  readonly host: string;
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
}

export interface PreviewHandle extends PreviewPorts {
  /** Its process, while it runs. */
  readonly pid: number | undefined;
  /** Settles with a description when the preview ends without close() (its process died). */
  readonly ended: Promise<string>;
  close(): Promise<void>;
}

export type PreviewStarter = (request: PreviewRequest) => Promise<PreviewHandle>;

/**
 * The keys the deployed collectors index (`indexed_attributes`), read the way `npm run synth`
 * reads them: the deploy config's default, or TRACING_INDEXED_ATTRIBUTES. Strict mode is about
 * Terraform outputs, which this does not need.
 */
export function deployedIndexedAttributes(env: NodeJS.ProcessEnv, cwd: string): readonly string[] {
  return loadConfig({ env: { ...env, [STRICT_ENV]: undefined }, cwd }).config.indexedAttributes;
}

/**
 * The preview's settings under the stack. The indexed attributes are the deployed collectors'
 * (XRAY_PREVIEW_INDEXED_ATTRIBUTES is not read), so local annotations match the ones X-Ray will
 * have. CORS allows task-web's origins plus only those XRAY_PREVIEW_CORS_ALLOWED_ORIGINS lists
 * explicitly. The OTLP/HTTP port takes only what task-web sends (as the public web collector
 * does); the task service's spans arrive over gRPC, which has no such policy.
 */
export function previewSettings(
  request: PreviewRequest,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Partial<PreviewSettings> {
  const fromEnv = settingsInputFromEnv(env);
  return {
    ...fromEnv,
    indexedAttributes: [...deployedIndexedAttributes(env, cwd)],
    host: LOOPBACK,
    grpcPort: request.grpcPort,
    httpPort: request.httpPort,
    apiPort: request.apiPort,
    corsAllowedOrigins: [
      ...new Set([...request.corsAllowedOrigins, ...(fromEnv.corsAllowedOrigins ?? [])]),
    ],
    ingestPolicy: TASK_WEB_EXPORT_LIMITS,
    samplingRulesFile: fromEnv.samplingRulesFile ?? LOCAL_SAMPLING_RULES_FILE,
  };
}

export interface PreviewProcessOptions {
  /** Node flags of the preview process, e.g. a heap limit. @default none */
  readonly execArgv?: readonly string[];
  /** Output lines of the preview. @default `[xray-preview] line` on stdout */
  readonly onLine?: (line: string) => void;
  /** Where the settings are read from. @default process.env and process.cwd() */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

const ENTRY = fileURLToPath(new URL('./preview-process.ts', import.meta.url));

/** Starts the preview in its own process; each call is a fresh process. */
export function previewProcess(options: PreviewProcessOptions = {}): PreviewStarter {
  const onLine = options.onLine ?? ((line) => process.stdout.write(`[xray-preview] ${line}\n`));
  const env = options.env ?? process.env;
  return async (request) => {
    if (env.XRAY_PREVIEW_INDEXED_ATTRIBUTES) {
      onLine(
        'XRAY_PREVIEW_INDEXED_ATTRIBUTES is ignored under the local stack: the preview indexes ' +
          "the deploy config's keys (set TRACING_INDEXED_ATTRIBUTES to change both)",
      );
    }
    const { child, ready } = await startComponentProcess<Partial<PreviewSettings>, PreviewPorts>({
      name: 'xray-preview',
      entry: ENTRY,
      config: previewSettings(request, env, options.cwd),
      onLine,
      ...(options.execArgv !== undefined && { execArgv: options.execArgv }),
    });
    let closing = false;
    return {
      ...ready,
      pid: child.pid,
      ended: child.exited.then((exit) =>
        closing ? new Promise<string>(() => {}) : describeEnd('xray-preview', exit, child.tail()),
      ),
      close: async () => {
        closing = true;
        await child.stop(10_000);
      },
    };
  };
}

/** The preview as `npm start` runs it: its own process, output as `[xray-preview] line`. */
export const startXrayPreview: PreviewStarter = previewProcess();
