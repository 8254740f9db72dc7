/**
 * Reads the file written by `terraform output -json > terraform-outputs.json` (in terraform/).
 * The charts take ARNs and names from it; `tracectl doctor` compares the cluster against it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Where the outputs file is looked for when no path is given (relative to the repo root). */
export const DEFAULT_TERRAFORM_OUTPUTS_FILE = 'terraform-outputs.json';

/** Names of the Terraform outputs cdk8s reads. terraform/outputs.tf must declare each one. */
export const TERRAFORM_OUTPUT_NAMES = [
  'region',
  'cluster_name',
  'prod_namespace',
  'tracing_namespace',
  'task_service_account',
  'web_collector_service_account',
  'task_service_role_arn',
  'web_collector_role_arn',
  'tasks_table_name',
  'tasks_table_arn',
] as const;

export type TerraformOutputName = (typeof TERRAFORM_OUTPUT_NAMES)[number];
export type TerraformOutputs = Partial<Record<TerraformOutputName, string>>;

const outputEntry = z.object({ value: z.unknown() }).loose();
const outputsFile = z.record(z.string(), outputEntry);

export class TerraformOutputsError extends Error {
  override readonly name = 'TerraformOutputsError';
}

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
      `${source} is not valid JSON (${(err as Error).message}). Regenerate it with: terraform -chdir=terraform output -json > ${DEFAULT_TERRAFORM_OUTPUTS_FILE}`,
    );
  }
  const parsed = outputsFile.safeParse(raw);
  if (!parsed.success) {
    throw new TerraformOutputsError(
      `${source} does not look like \`terraform output -json\` output (expected {"<name>": {"value": ...}}). Regenerate it with: terraform -chdir=terraform output -json > ${DEFAULT_TERRAFORM_OUTPUTS_FILE}`,
    );
  }
  const result: TerraformOutputs = {};
  for (const name of TERRAFORM_OUTPUT_NAMES) {
    const entry = parsed.data[name];
    if (entry === undefined) continue;
    if (typeof entry.value !== 'string' || entry.value === '') {
      throw new TerraformOutputsError(
        `${source}: output "${name}" must be a non-empty string, got ${JSON.stringify(entry.value)}. Check terraform/outputs.tf and re-run terraform apply.`,
      );
    }
    result[name] = entry.value;
  }
  return result;
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
