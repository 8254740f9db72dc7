/**
 * Preview settings: one zod schema gives the type, the defaults and the validation. Env names
 * mirror the awsxray exporter's settings (indexed_attributes, index_all_attributes, the two
 * feature gates) plus ports, the store caps, CORS origins, the browser port's ingest policy and
 * the sampling rules.
 */
import { z } from 'zod';
import { PREVIEW_DEFAULT_PORTS } from './contract.js';
import { OTLP_HTTP_MAX_BODY_BYTES } from './limits.js';
import { defaultUiDir } from './server/static-ui.js';

const port = z.number().int().min(0).max(65535);
const positive = z.number().int().min(1);

/** The OTLP/HTTP port's policy; see IngestPolicy in contract.ts. */
const ingestPolicySchema = z.object({
  serviceNames: z.array(z.string().min(1)).min(1).readonly().optional(),
  maxSpansPerRequest: positive.optional(),
  maxAttributeValueLength: positive.optional(),
  maxRequestBodyBytes: positive
    .max(OTLP_HTTP_MAX_BODY_BYTES, `at most the port's ceiling, ${OTLP_HTTP_MAX_BODY_BYTES} bytes`)
    .optional(),
});

export const previewSettingsSchema = z.object({
  /** Interface all three listeners bind to. */
  host: z.string().min(1).default('127.0.0.1'),
  grpcPort: port.default(PREVIEW_DEFAULT_PORTS.grpc),
  httpPort: port.default(PREVIEW_DEFAULT_PORTS.http),
  /** Query API + UI. */
  apiPort: port.default(PREVIEW_DEFAULT_PORTS.api),
  /**
   * `indexed_attributes`. Alone, the preview indexes nothing (the exporter's own default); the
   * local stack passes the deploy config's keys, as the deployed collectors get them.
   */
  indexedAttributes: z.array(z.string().min(1)).default([]),
  indexAllAttributes: z.boolean().default(false),
  skipTimestampValidation: z.boolean().default(true),
  allowDot: z.boolean().default(true),
  logGroupNames: z.array(z.string().min(1)).default([]),
  /** Cap on stored segment documents (≈ spans); oldest traces are evicted past it. */
  maxSpans: positive.default(50_000),
  /** Cap on the bytes the stored documents hold; oldest traces are evicted past it. */
  maxStoreBytes: positive.min(1024 * 1024, 'at least 1 MiB (1048576)').default(128 * 1024 * 1024),
  /** Exactly the browser origins allowed; nothing is merged in. */
  corsAllowedOrigins: z
    .array(z.url().refine((o) => !o.endsWith('/'), 'an origin has no trailing slash or path'))
    .default(['http://localhost:5173', 'http://127.0.0.1:5173']),
  uiDir: z
    .string()
    .min(1)
    .default(() => defaultUiDir()),
  /** Applied on the OTLP/HTTP port only; empty accepts every service (previewing any source). */
  ingestPolicy: ingestPolicySchema.default({}),
  /** JSON file of sampling rules, re-read when it changes; see docs/xray-preview.md. */
  samplingRulesFile: z.string().min(1).optional(),
  /** The same JSON given inline; ignored when a file is set. */
  samplingRules: z.string().min(1).optional(),
});

export type PreviewSettings = z.output<typeof previewSettingsSchema>;

type EnvKind = 'string' | 'int' | 'bool' | 'list';
type PolicyKey = keyof z.output<typeof ingestPolicySchema>;

/** Env variable → settings key (or `ingestPolicy.<key>`), and how to read its text. */
const ENV: Record<string, [keyof PreviewSettings | `ingestPolicy.${PolicyKey}`, EnvKind]> = {
  XRAY_PREVIEW_HOST: ['host', 'string'],
  XRAY_PREVIEW_GRPC_PORT: ['grpcPort', 'int'],
  XRAY_PREVIEW_HTTP_PORT: ['httpPort', 'int'],
  XRAY_PREVIEW_PORT: ['apiPort', 'int'],
  XRAY_PREVIEW_INDEXED_ATTRIBUTES: ['indexedAttributes', 'list'],
  XRAY_PREVIEW_INDEX_ALL_ATTRIBUTES: ['indexAllAttributes', 'bool'],
  XRAY_PREVIEW_SKIP_TIMESTAMP_VALIDATION: ['skipTimestampValidation', 'bool'],
  XRAY_PREVIEW_ALLOW_DOT: ['allowDot', 'bool'],
  XRAY_PREVIEW_AWS_LOG_GROUPS: ['logGroupNames', 'list'],
  XRAY_PREVIEW_MAX_SPANS: ['maxSpans', 'int'],
  XRAY_PREVIEW_MAX_STORE_BYTES: ['maxStoreBytes', 'int'],
  XRAY_PREVIEW_CORS_ALLOWED_ORIGINS: ['corsAllowedOrigins', 'list'],
  XRAY_PREVIEW_UI_DIR: ['uiDir', 'string'],
  XRAY_PREVIEW_HTTP_ALLOWED_SERVICES: ['ingestPolicy.serviceNames', 'list'],
  XRAY_PREVIEW_HTTP_MAX_SPANS_PER_REQUEST: ['ingestPolicy.maxSpansPerRequest', 'int'],
  XRAY_PREVIEW_HTTP_MAX_ATTRIBUTE_LENGTH: ['ingestPolicy.maxAttributeValueLength', 'int'],
  XRAY_PREVIEW_HTTP_MAX_BODY_BYTES: ['ingestPolicy.maxRequestBodyBytes', 'int'],
  XRAY_PREVIEW_SAMPLING_RULES_FILE: ['samplingRulesFile', 'string'],
  XRAY_PREVIEW_SAMPLING_RULES: ['samplingRules', 'string'],
};

export const PREVIEW_ENV_VARIABLES = Object.keys(ENV);

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

function parseEnvValue(name: string, text: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'int':
      if (!/^\d+$/.test(text.trim())) {
        throw new SettingsError(`${name}="${text}" is not a whole number; set it to e.g. 4317`);
      }
      return Number.parseInt(text, 10);
    case 'bool': {
      const value = text.trim().toLowerCase();
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      throw new SettingsError(`${name}="${text}" is not a boolean; set it to true or false`);
    }
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
  }
}

/** Validates settings; errors name the setting (and its env variable), the value and the fix. */
export function resolveSettings(input: Partial<PreviewSettings>): PreviewSettings {
  const result = previewSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.slice(0, 2).map(String).join('.');
    const envName = Object.entries(ENV).find(([, [k]]) => k === key || k === issue.path[0])?.[0];
    let value: unknown = input;
    for (const part of issue.path.slice(0, 2)) {
      value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
    }
    return `${envName ?? key} (${key}) = ${JSON.stringify(value)}: ${issue.message}`;
  });
  throw new SettingsError(`invalid X-Ray preview settings:\n  ${lines.join('\n  ')}`);
}

/**
 * Only the settings the XRAY_PREVIEW_* variables set (unset or empty ones are left out), so a
 * caller can tell configured values from defaults.
 */
export function settingsInputFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Partial<PreviewSettings> {
  const input: Record<string, unknown> = {};
  const policy: Record<string, unknown> = {};
  for (const [name, [key, kind]] of Object.entries(ENV)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = parseEnvValue(name, text, kind);
    if (key.startsWith('ingestPolicy.')) policy[key.slice('ingestPolicy.'.length)] = value;
    else input[key] = value;
  }
  if (Object.keys(policy).length > 0) input.ingestPolicy = policy;
  return input as Partial<PreviewSettings>;
}

/** Reads XRAY_PREVIEW_* variables; unset or empty variables keep the defaults. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): PreviewSettings {
  return resolveSettings(settingsInputFromEnv(env));
}
