// The trace id task-web shows after each action, in the form X-Ray prints and searches
// (`1-6b15cc9b-…`), and the link that opens it in a trace viewer that reads `#trace=<id>` (the
// local preview). AWSXRayIdGenerator puts the epoch seconds in the first 8 hex digits, which is
// exactly X-Ray's layout, so the conversion only inserts the dashes.

const OTEL_TRACE_ID = /^[0-9a-f]{32}$/;

/** `6b15cc9b0123…` (32 hex) -> `1-6b15cc9b-0123…`; anything else is returned as it is. */
export function xrayTraceId(traceId: string): string {
  return OTEL_TRACE_ID.test(traceId) ? `1-${traceId.slice(0, 8)}-${traceId.slice(8)}` : traceId;
}

/** `<viewer>/#trace=<X-Ray trace id>`. */
export function traceViewerLink(viewerUrl: string, traceId: string): string {
  return `${viewerUrl.replace(/\/+$/, '')}/#trace=${encodeURIComponent(xrayTraceId(traceId))}`;
}
