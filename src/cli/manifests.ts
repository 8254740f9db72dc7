/**
 * Reads what `npm run synth` wrote (every *.yaml / *.yml in a directory, multi-document) and
 * puts it in apply order.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError, EXIT } from './errors.js';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export const OTEL_GROUP = 'opentelemetry.io';
export const OTEL_VERSION = 'v1beta1';
export const OTEL_API_VERSION = `${OTEL_GROUP}/${OTEL_VERSION}`;
export const COLLECTOR_KIND = 'OpenTelemetryCollector';

/** `ns/name` or `name`, for messages. */
export function ref(m: { metadata: { name?: string; namespace?: string } }): string {
  return m.metadata.namespace
    ? `${m.metadata.namespace}/${m.metadata.name}`
    : (m.metadata.name ?? '?');
}

export function loadManifests(dir: string): Manifest[] {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    throw new CliError(
      `manifest directory ${dir} does not exist. Run npm run synth first, or pass the directory: tracectl apply <dir>`,
      EXIT.usage,
    );
  }
  const out: Manifest[] = [];
  for (const file of files) {
    const path = join(dir, file);
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (doc.errors.length > 0) {
        throw new CliError(
          `${path}: invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`,
          EXIT.usage,
        );
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) continue;
      out.push(validate(value, path));
    }
  }
  if (out.length === 0) {
    throw new CliError(
      `no Kubernetes objects in ${dir}/*.yaml. Run npm run synth first`,
      EXIT.usage,
    );
  }
  return out;
}

function validate(value: unknown, path: string): Manifest {
  const m = value as Partial<Manifest> | null;
  const name = m?.metadata?.name;
  if (
    typeof m?.apiVersion !== 'string' ||
    typeof m.kind !== 'string' ||
    typeof name !== 'string' ||
    name === ''
  ) {
    throw new CliError(
      `${path}: every document needs apiVersion, kind and metadata.name; got apiVersion=${JSON.stringify(m?.apiVersion)} kind=${JSON.stringify(m?.kind)} name=${JSON.stringify(name)}`,
      EXIT.usage,
    );
  }
  return m as Manifest;
}

/**
 * Namespaces first (everything else lives in them), then ServiceAccounts (pods and the
 * collector reference them, and IRSA must be on the account before a pod starts, since the
 * pod identity webhook only mutates at creation), then collectors (the sidecar CR must exist
 * before app pods are created, or the operator's webhook silently skips injection:
 * opentelemetry-operator #1765), then the rest. Stable within a rank.
 */
export function applyRank(m: Manifest): number {
  if (m.kind === 'Namespace') return 0;
  if (m.kind === 'ServiceAccount') return 1;
  if (m.kind === COLLECTOR_KIND) return 2;
  return 3;
}

export function orderForApply(manifests: readonly Manifest[]): Manifest[] {
  return manifests
    .map((m, i) => ({ m, i }))
    .sort((a, b) => applyRank(a.m) - applyRank(b.m) || a.i - b.i)
    .map(({ m }) => m);
}
