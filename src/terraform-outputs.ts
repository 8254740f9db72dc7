/**
 * Reads the file written by `terraform output -json > terraform-outputs.json` (in terraform/).
 * The charts take ARNs and names from it; `tracectl doctor` compares the cluster against it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Where the outputs file is looked for when no path is given (relative to the repo root). */
export const DEFAULT_TERRAFORM_OUTPUTS_FILE = 'terraform-outputs.json';

/**
 * The Terraform outputs cdk8s reads, each with the kind of value it holds. terraform/outputs.tf
 * must declare exactly these (a test compares). `nullable-string` outputs are null when the
 * feature is off; Terraform then leaves them out of `terraform output -json` entirely, because it
 * does not store null root outputs, so readers treat "absent" like null.
 */
export const TERRAFORM_OUTPUT_KINDS = {
  region: 'string',
  cluster_name: 'string',
  prod_namespace: 'string',
  tracing_namespace: 'string',
  task_service_account: 'string',
  web_collector_service_account: 'string',
  task_service_role_arn: 'string',
  web_collector_role_arn: 'string',
  tasks_table_name: 'string',
  tasks_table_arn: 'string',
  exporter: 'string',
  remote_sampling: 'boolean',
  web_collector_waf_acl_arn: 'nullable-string',
  task_service_repository_url: 'string',
  task_web_repository_url: 'string',
} as const;

export type TerraformOutputName = keyof typeof TERRAFORM_OUTPUT_KINDS;

/** Names of the Terraform outputs cdk8s reads, in declaration order. */
export const TERRAFORM_OUTPUT_NAMES = Object.keys(
  TERRAFORM_OUTPUT_KINDS,
) as readonly TerraformOutputName[];

interface KindValues {
  readonly string: string;
  readonly boolean: boolean;
  readonly 'nullable-string': string | null;
}

/** Parsed outputs: an output missing from the file is an absent key. */
export type TerraformOutputs = {
  -readonly [N in TerraformOutputName]?: KindValues[(typeof TERRAFORM_OUTPUT_KINDS)[N]];
};

const outputEntry = z.object({ value: z.unknown() }).loose();
const outputsFile = z.record(z.string(), outputEntry);

export class TerraformOutputsError extends Error {
  override readonly name = 'TerraformOutputsError';
}

const REGENERATE = `terraform -chdir=terraform output -json > ${DEFAULT_TERRAFORM_OUTPUTS_FILE}`;

/** Parses the JSON text of `terraform output -json`. Unknown outputs are ignored. */
export function parseTerraformOutputs(
  text: string,
  source = 'terraform outputs',
): TerraformOutputs {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new TerraformOutputsError(
      `${source} is not valid JSON (${(err as Error).message}). Regenerate it with: ${REGENERATE}`,
    );
  }
  const parsed = outputsFile.safeParse(raw);
  if (!parsed.success) {
    throw new TerraformOutputsError(
      `${source} does not look like \`terraform output -json\` output (expected {"<name>": {"value": ...}}). Regenerate it with: ${REGENERATE}`,
    );
  }
  const result: Record<string, string | boolean | null> = {};
  for (const name of TERRAFORM_OUTPUT_NAMES) {
    const entry = parsed.data[name];
    if (entry === undefined) continue;
    result[name] = checkValue(name, entry.value, source);
  }
  return result as TerraformOutputs;
}

function checkValue(
  name: TerraformOutputName,
  value: unknown,
  source: string,
): string | boolean | null {
  const kind = TERRAFORM_OUTPUT_KINDS[name];
  if (kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    throw new TerraformOutputsError(
      `${source}: output "${name}" must be true or false, got ${JSON.stringify(value)}. Check terraform/outputs.tf and re-run terraform apply.`,
    );
  }
  if (kind === 'nullable-string' && value === null) return null;
  if (typeof value === 'string' && value !== '') return value;
  const expected = kind === 'nullable-string' ? 'a non-empty string or null' : 'a non-empty string';
  throw new TerraformOutputsError(
    `${source}: output "${name}" must be ${expected}, got ${JSON.stringify(value)}. Check terraform/outputs.tf and re-run terraform apply.`,
  );
}

/** Reads and parses an outputs file; a missing file is an error naming the path and the fix. */
export function readTerraformOutputs(path: string): TerraformOutputs {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new TerraformOutputsError(
      `Terraform outputs file not found: ${path}. Create it with: terraform -chdir=terraform output -json > ${path}`,
    );
  }
  return parseTerraformOutputs(text, path);
}
