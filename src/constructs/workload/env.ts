import * as kplus from 'cdk8s-plus-28';
import type { NamedEnvVar } from '../otel-env.js';

/**
 * Plain env entries (literal values or downward-API fields) as cdk8s-plus env values, keeping
 * their order and their compile-time names. Other sources are refused: nothing here uses them.
 */
export function envValues<N extends string>(
  entries: readonly NamedEnvVar<N>[],
): Record<N, kplus.EnvValue> {
  const result = {} as Record<N, kplus.EnvValue>;
  for (const entry of entries) {
    const fieldPath = entry.valueFrom?.fieldRef?.fieldPath;
    if (entry.value !== undefined) {
      result[entry.name] = kplus.EnvValue.fromValue(entry.value);
    } else if (fieldPath !== undefined) {
      result[entry.name] = kplus.EnvValue.fromFieldRef(fieldPath as kplus.EnvFieldPaths);
    } else {
      throw new Error(
        `env ${entry.name}: only literal values and downward-API fields are supported`,
      );
    }
  }
  return result;
}
