/**
 * What a workload container may use unless its chart says otherwise. Plain numbers, so the
 * benchmarks that measure what a pod pays can run the service under the same limits.
 */
export const WORKLOAD_RESOURCE_DEFAULTS = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 500,
  memoryRequestMiB: 128,
  memoryLimitMiB: 256,
} as const;

/**
 * Node's options for the task service in its pod. Under a memory limit Node sizes V8's heap from
 * the limit, which leaves the young generation small: spans waiting for their export batch then
 * survive many scavenges and get promoted. A 16 MiB semi-space measured +4 µs of CPU per request
 * for the default sampler instead of +9 µs under the 256 MiB limit, for about 25 MiB more peak
 * RSS (docs/benchmarks.md).
 */
export const TASK_SERVICE_NODE_OPTIONS = '--max-semi-space-size=16';
