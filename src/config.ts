/**
 * Deploy configuration for the charts: one zod schema (src/config/schema.ts), defaults equal to
 * the Terraform variable defaults (src/config/defaults.ts), and a loader that layers
 * environment and Terraform outputs on top (src/config/load.ts).
 */
export { deployConfigSchema, type DeployConfig } from './config/schema.js';
export {
  APP_DEFAULTS,
  ARN_FIELDS,
  CONFIG_ENV,
  OPTIONAL_ARN_FIELDS,
  OUTPUTS_FILE_ENV,
  PLACEHOLDER_ACCOUNT,
  STRICT_ENV,
  TERRAFORM_BACKED_FIELDS,
} from './config/defaults.js';
export {
  ConfigError,
  loadConfig,
  type LoadConfigOptions,
  type LoadedConfig,
} from './config/load.js';
