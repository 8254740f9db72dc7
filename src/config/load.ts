import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_TERRAFORM_OUTPUTS_FILE,
  readTerraformOutputs,
  type TerraformOutputs,
} from '../terraform-outputs.js';
import {
  APP_DEFAULTS,
  ARN_FIELDS,
  CONFIG_ENV,
  OPTIONAL_ARN_FIELDS,
  OUTPUTS_FILE_ENV,
  PLACEHOLDER_ACCOUNT,
  STRICT_ENV,
  TERRAFORM_BACKED_FIELDS,
  placeholderArns,
} from './defaults.js';
import { deployConfigSchema, type DeployConfig } from './schema.js';

export interface LoadConfigOptions {
  /** Environment to read (charts/main.ts passes process.env; tests pass their own). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory a relative outputs path is resolved against (the repo root for `npm run synth`). */
  readonly cwd: string;
}

export interface LoadedConfig {
  readonly config: DeployConfig;
  /** Absolute path the Terraform outputs were looked for at. */
  readonly outputsFile: string;
  readonly outputsFound: boolean;
  /** Set when placeholders were used: print it once. */
  readonly warning?: string;
}

/** Bad configuration: the message lists each field with its value, its source and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Raw = Record<string, unknown>;
type Sources = Record<string, string>;

const LIST_FIELDS = new Set<string>(['webOrigins', 'indexedAttributes']);
const NUMBER_FIELDS = new Set<string>([
  'taskServiceReplicas',
  'taskWebReplicas',
  'webCollectorSpansPerSecond',
]);
const BOOLEAN_FIELDS = new Set<string>(['remoteSampling']);
const BOOLEAN_TEXT: Readonly<Record<string, boolean>> = {
  true: true,
  '1': true,
  false: false,
  '0': false,
};

/**
 * Builds the deploy config: defaults, then environment, then Terraform outputs for the names
 * and ARNs Terraform owns. Without outputs, ARNs are placeholders (account 000000000000) and a
 * warning is returned; with TRACING_STRICT=1 that is an error instead.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const { env } = options;
  const strict = parseStrict(env[STRICT_ENV]);
  const explicitPath = env[OUTPUTS_FILE_ENV];
  const outputsFile = resolve(options.cwd, explicitPath ?? DEFAULT_TERRAFORM_OUTPUTS_FILE);
  const outputsFound = existsSync(outputsFile);
  if (!outputsFound && explicitPath !== undefined) {
    throw new ConfigError(
      `${OUTPUTS_FILE_ENV}=${explicitPath}: no file at ${outputsFile}. Create it with: terraform -chdir=terraform output -json > ${outputsFile}, or unset ${OUTPUTS_FILE_ENV}.`,
    );
  }
  const outputs: TerraformOutputs = outputsFound ? readTerraformOutputs(outputsFile) : {};

  const raw: Raw = {};
  const sources: Sources = {};
  for (const [field, meta] of Object.entries(TERRAFORM_BACKED_FIELDS)) {
    const envName = CONFIG_ENV[field as keyof typeof CONFIG_ENV];
    const envText = env[envName];
    const fromEnv = envText === undefined ? undefined : parseEnvValue(field, envText);
    const fromOutputs = outputs[meta.output];
    if (fromEnv !== undefined && fromOutputs !== undefined && fromEnv !== fromOutputs) {
      throw new ConfigError(
        `config.${field}: ${envName}=${JSON.stringify(envText)} disagrees with Terraform output ${meta.output}=${JSON.stringify(fromOutputs)} in ${outputsFile}. Unset ${envName}, or re-apply Terraform with -var ${meta.variable}=${envText} and save the outputs again.`,
      );
    }
    setValue(raw, sources, field, meta.default, 'default');
    if (fromEnv !== undefined) setValue(raw, sources, field, fromEnv, `env ${envName}`);
    if (fromOutputs !== undefined) {
      setValue(raw, sources, field, fromOutputs, `terraform output ${meta.output}`);
    }
  }

  for (const [field, value] of Object.entries(APP_DEFAULTS)) {
    setValue(raw, sources, field, value, 'default');
  }
  setValue(
    raw,
    sources,
    'webOrigins',
    [`https://${String(raw.webHost)}`],
    'default (https://<webHost>)',
  );
  for (const [field, envName] of Object.entries(CONFIG_ENV)) {
    if (field in TERRAFORM_BACKED_FIELDS) continue;
    const text = env[envName];
    if (text === undefined) continue;
    setValue(raw, sources, field, parseEnvValue(field, text), `env ${envName}`);
    if (field === 'webHost' && env[CONFIG_ENV.webOrigins] === undefined) {
      setValue(
        raw,
        sources,
        'webOrigins',
        [`https://${text}`],
        `env ${envName} (https://<webHost>)`,
      );
    }
  }

  const placeholders = placeholderArns(String(raw.region), String(raw.tasksTableName));
  const missing: string[] = [];
  const usePlaceholder = (field: keyof typeof placeholders, output: string): void => {
    missing.push(output);
    setValue(raw, sources, field, placeholders[field], 'placeholder');
  };
  for (const [field, output] of Object.entries(ARN_FIELDS)) {
    const value = outputs[output];
    if (value !== undefined) {
      setValue(raw, sources, field, value, `terraform output ${output}`);
    } else {
      usePlaceholder(field as keyof typeof ARN_FIELDS, output);
    }
  }
  for (const [field, output] of Object.entries(OPTIONAL_ARN_FIELDS)) {
    if (outputsFound) {
      setValue(raw, sources, field, outputs[output] ?? null, `terraform output ${output}`);
    } else {
      usePlaceholder(field as keyof typeof OPTIONAL_ARN_FIELDS, output);
    }
  }

  let warning: string | undefined;
  if (missing.length > 0) {
    const why = outputsFound
      ? `${outputsFile} lacks ${missing.join(', ')}`
      : `no Terraform outputs at ${outputsFile}`;
    const fix = `run: terraform -chdir=terraform output -json > ${outputsFile}`;
    if (strict) {
      throw new ConfigError(
        `${STRICT_ENV} is set and ${why}. Apply terraform/ and ${fix} (or point ${OUTPUTS_FILE_ENV} at the file).`,
      );
    }
    warning = `warning: ${why}; using PLACEHOLDER ARNs (account ${PLACEHOLDER_ACCOUNT}) that will not work on AWS. To fix, ${fix} (${STRICT_ENV}=1 makes this an error).`;
  }

  const parsed = deployConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const field = path[0] ?? '(root)';
      const value = path.reduce<unknown>(
        (at, key) => (at !== null && typeof at === 'object' ? (at as Raw)[key] : undefined),
        raw,
      );
      return `  config.${path.join('.')} = ${JSON.stringify(value)} (from ${sources[field] ?? 'unknown'}): ${issue.message}`;
    });
    throw new ConfigError(`Invalid deploy configuration:\n${lines.join('\n')}`);
  }
  return { config: parsed.data, outputsFile, outputsFound, ...(warning ? { warning } : {}) };
}

function setValue(raw: Raw, sources: Sources, field: string, value: unknown, source: string): void {
  raw[field] = value;
  sources[field] = source;
}

function parseEnvValue(field: string, text: string): unknown {
  if (LIST_FIELDS.has(field)) {
    return text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  if (BOOLEAN_FIELDS.has(field)) return BOOLEAN_TEXT[text.trim().toLowerCase()] ?? text;
  if (NUMBER_FIELDS.has(field)) {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  return text;
}

function parseStrict(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(
    `${STRICT_ENV}=${JSON.stringify(value)} is not understood. Use ${STRICT_ENV}=1 to fail on missing Terraform outputs, or unset it.`,
  );
}
