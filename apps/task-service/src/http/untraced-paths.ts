/**
 * Probe paths whose requests make no spans. Pure module: the telemetry bootstrap imports it
 * before Express is loaded (importing Express earlier would leave it uninstrumented).
 */
export const UNTRACED_PATHS: readonly string[] = ['/healthz', '/readyz'];

/** `req.url` includes the query string, so `/healthz?x=1` must match too. */
export function isUntracedUrl(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return UNTRACED_PATHS.includes(path);
}
