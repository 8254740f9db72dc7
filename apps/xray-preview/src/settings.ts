/**
 * Preview settings: one zod schema gives the type, the defaults and the validation. Env names
 * mirror the awsxray exporter's settings (indexed_attributes, index_all_attributes, the two
 * feature gates) plus ports, the store cap and CORS origins.
 */
import { z } from 'zod';
import { defaultUiDir } from './server/static-ui.js';

const port = z.number().int().min(0).max(65535);

export const previewSettingsSchema = z.object({
  /** Interface all three listeners bind to. */
  host: z.string().min(1).default('127.0.0.1'),
  grpcPort: port.default(4317),
  httpPort: port.default(4318),
  /** Query API + UI. */
  apiPort: port.default(2000),
  indexedAttributes: z.array(z.string().min(1)).default([]),
  indexAllAttributes: z.boolean().default(false),
  skipTimestampValidation: z.boolean().default(true),
  allowDot: z.boolean().default(true),
  logGroupNames: z.array(z.string().min(1)).default([]),
  /** Cap on stored segment documents (≈ spans); oldest traces are evicted past it. */
  maxSpans: z.number().int().min(1).default(50_000),
  corsAllowedOrigins: z
    .array(z.url().refine((o) => !o.endsWith('/'), 'an origin has no trailing slash or path'))
    .default(['http://localhost:5173', 'http://127.0.0.1:5173']),
  uiDir: z
    .string()
    .min(1)
    .default(() => defaultUiDir()),
});

export type PreviewSettings = z.output<typeof previewSettingsSchema>;

/** Env variable → settings key, and how to read its text. */
const ENV: Record<string, [keyof PreviewSettings, 'string' | 'int' | 'bool' | 'list']> = {
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
  XRAY_PREVIEW_CORS_ALLOWED_ORIGINS: ['corsAllowedOrigins', 'list'],
  XRAY_PREVIEW_UI_DIR: ['uiDir', 'string'],
};

export const PREVIEW_ENV_VARIABLES = Object.keys(ENV);

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

function parseEnvValue(
  name: string,
  text: string,
  kind: 'string' | 'int' | 'bool' | 'list',
): unknown {
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
    const key = String(issue.path[0] ?? '');
    const envName = Object.entries(ENV).find(([, [k]]) => k === key)?.[0];
    const value = JSON.stringify((input as Record<string, unknown>)[key]);
    return `${envName ?? key} (${key}) = ${value}: ${issue.message}`;
  });
  throw new SettingsError(`invalid X-Ray preview settings:\n  ${lines.join('\n  ')}`);
}

/** Reads XRAY_PREVIEW_* variables; unset or empty variables keep the defaults. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): PreviewSettings {
  const input: Record<string, unknown> = {};
  for (const [name, [key, kind]] of Object.entries(ENV)) {
    const text = env[name];
    if (text !== undefined && text !== '') input[key] = parseEnvValue(name, text, kind);
  }
  return resolveSettings(input as Partial<PreviewSettings>);
}
