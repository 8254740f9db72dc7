import { TASK_ANNOTATION_KEYS } from '../../apps/task-service/src/contract.js';
import type { TerraformOutputName } from '../terraform-outputs.js';
import type { DeployConfig } from './schema.js';

/**
 * Config fields that Terraform also owns, with the Terraform variable and output that carry
 * them. Their defaults must equal the variable defaults in terraform/variables.tf; a test
 * parses the .tf files and compares.
 */
export const TERRAFORM_BACKED_FIELDS = {
  region: { variable: 'region', output: 'region', default: 'us-east-1' },
  clusterName: { variable: 'cluster_name', output: 'cluster_name', default: 'eks-xray' },
  prodNamespace: { variable: 'prod_namespace', output: 'prod_namespace', default: 'prod' },
  tracingNamespace: {
    variable: 'tracing_namespace',
    output: 'tracing_namespace',
    default: 'tracing',
  },
  taskServiceAccount: {
    variable: 'task_service_account',
    output: 'task_service_account',
    default: 'task-service',
  },
  webCollectorServiceAccount: {
    variable: 'web_collector_service_account',
    output: 'web_collector_service_account',
    default: 'otel-web-collector',
  },
  tasksTableName: { variable: 'tasks_table_name', output: 'tasks_table_name', default: 'tasks' },
  /** Terraform grants the IAM actions of this exporter; the collectors must use the same one. */
  exporter: { variable: 'exporter', output: 'exporter', default: 'awsxray' },
  /** Terraform grants the sampling reads only when this is on. */
  remoteSampling: { variable: 'remote_sampling', output: 'remote_sampling', default: false },
} as const satisfies Partial<
  Record<
    keyof DeployConfig,
    { variable: string; output: TerraformOutputName; default: string | boolean }
  >
>;

/** ARN fields: only Terraform outputs know them; without outputs they get placeholders. */
export const ARN_FIELDS = {
  taskServiceRoleArn: 'task_service_role_arn',
  webCollectorRoleArn: 'web_collector_role_arn',
  tasksTableArn: 'tasks_table_arn',
} as const satisfies Partial<Record<keyof DeployConfig, TerraformOutputName>>;

/**
 * ARN fields Terraform may leave out: null when the feature is off there. Terraform keeps no null
 * root outputs, so an outputs file without the output means "off"; only a missing file means
 * "unknown" (placeholder and warning).
 */
export const OPTIONAL_ARN_FIELDS = {
  webCollectorWafAclArn: 'web_collector_waf_acl_arn',
} as const satisfies Partial<Record<keyof DeployConfig, TerraformOutputName>>;

/** Account id of every placeholder ARN: clearly not real, and refused by AWS. */
export const PLACEHOLDER_ACCOUNT = '000000000000';

export function placeholderArns(
  region: string,
  tableName: string,
): Record<keyof typeof ARN_FIELDS | keyof typeof OPTIONAL_ARN_FIELDS, string> {
  return {
    taskServiceRoleArn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/PLACEHOLDER-run-terraform-task-service`,
    webCollectorRoleArn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/PLACEHOLDER-run-terraform-otel-web-collector`,
    tasksTableArn: `arn:aws:dynamodb:${region}:${PLACEHOLDER_ACCOUNT}:table/${tableName}`,
    webCollectorWafAclArn: `arn:aws:wafv2:${region}:${PLACEHOLDER_ACCOUNT}:regional/webacl/PLACEHOLDER-run-terraform-otel-web/00000000-0000-0000-0000-000000000000`,
  };
}

/** Defaults of the fields Terraform does not own. Hosts and images are examples to override. */
export const APP_DEFAULTS = {
  apiHost: 'api.example.com',
  webHost: 'app.example.com',
  collectorHost: 'otel.example.com',
  albGroupName: 'eks-xray',
  taskServiceImage: 'task-service:0.1.0',
  taskWebImage: 'task-web:0.1.0',
  taskServiceReplicas: 2,
  taskWebReplicas: 2,
  /**
   * About 50 people clicking at once (a task-web action makes one to three spans). At X-Ray's
   * $5 per million traces recorded, the worst case is 100 x 3600 x $5 / 1e6 = $1.80 an hour.
   */
  webCollectorSpansPerSecond: 100,
  /** Low-cardinality keys the task service sets on its spans, read from the app itself. */
  indexedAttributes: [...TASK_ANNOTATION_KEYS],
} as const satisfies Partial<DeployConfig>;

/** Environment variable for each config field. Only the config loader reads them. */
export const CONFIG_ENV = {
  region: 'TRACING_REGION',
  clusterName: 'TRACING_CLUSTER_NAME',
  prodNamespace: 'TRACING_PROD_NAMESPACE',
  tracingNamespace: 'TRACING_TRACING_NAMESPACE',
  taskServiceAccount: 'TRACING_TASK_SERVICE_ACCOUNT',
  webCollectorServiceAccount: 'TRACING_WEB_COLLECTOR_SERVICE_ACCOUNT',
  tasksTableName: 'TRACING_TASKS_TABLE_NAME',
  apiHost: 'TRACING_API_HOST',
  webHost: 'TRACING_WEB_HOST',
  collectorHost: 'TRACING_COLLECTOR_HOST',
  webOrigins: 'TRACING_WEB_ORIGINS',
  certificateArn: 'TRACING_CERTIFICATE_ARN',
  albGroupName: 'TRACING_ALB_GROUP',
  taskServiceImage: 'TRACING_TASK_SERVICE_IMAGE',
  taskWebImage: 'TRACING_TASK_WEB_IMAGE',
  taskServiceReplicas: 'TRACING_TASK_SERVICE_REPLICAS',
  taskWebReplicas: 'TRACING_TASK_WEB_REPLICAS',
  webCollectorSpansPerSecond: 'TRACING_WEB_COLLECTOR_SPANS_PER_SECOND',
  indexedAttributes: 'TRACING_INDEXED_ATTRIBUTES',
  exporter: 'TRACING_EXPORTER',
  remoteSampling: 'TRACING_REMOTE_SAMPLING',
} as const satisfies Partial<Record<keyof DeployConfig, string>>;

/** Path of the `terraform output -json` file. @default terraform-outputs.json in the working directory */
export const OUTPUTS_FILE_ENV = 'TRACING_TERRAFORM_OUTPUTS';
/** `1`/`true`: missing Terraform outputs fail synth instead of using placeholders (CI/CD). */
export const STRICT_ENV = 'TRACING_STRICT';
