/**
 * OTLP/JSON requests for the translator's end-to-end tests, and a client for the preview's
 * OTLP/HTTP receiver and query API.
 */
import type { RunningPreview } from '../../../apps/xray-preview/src/index.js';

export type JsonValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number | string }
  | { boolValue: boolean }
  | { arrayValue: { values: JsonValue[] } };

/** A key/value from a JS literal: strings, integers (ints), booleans, or an explicit AnyValue. */
export function kv(key: string, value: string | number | boolean | JsonValue) {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (typeof value === 'number') return { key, value: { intValue: String(value) } };
  return { key, value };
}

export interface JsonSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes?: readonly ReturnType<typeof kv>[];
  readonly events?: readonly {
    name: string;
    timeUnixNano: string;
    attributes: readonly ReturnType<typeof kv>[];
  }[];
  readonly status?: { code: number; message?: string };
}

/** Epoch seconds the trace ids below start with (2023-11-14T22:13:20Z). */
export const TRACE_SECONDS = 1_700_000_000;

/** A trace id in X-Ray form and OTel form; `n` makes it unique within a test file. */
export function traceIds(n: number): { otel: string; xray: string } {
  const head = TRACE_SECONDS.toString(16);
  const tail = n.toString(16).padStart(24, '0');
  return { otel: head + tail, xray: `1-${head}-${tail}` };
}

export function request(
  resource: readonly ReturnType<typeof kv>[],
  spans: readonly JsonSpan[],
): Record<string, unknown> {
  const ns = String(BigInt(TRACE_SECONDS) * 1_000_000_000n);
  const end = String(BigInt(TRACE_SECONDS) * 1_000_000_000n + 250_000_000n);
  return {
    resourceSpans: [
      {
        resource: { attributes: [...resource] },
        scopeSpans: [
          {
            spans: spans.map((span) => ({
              startTimeUnixNano: ns,
              endTimeUnixNano: end,
              status: { code: 0 },
              ...span,
            })),
          },
        ],
      },
    ],
  };
}

export interface PostResult {
  readonly status: number;
  readonly body: { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } };
}

export async function postJson(
  preview: RunningPreview,
  body: Record<string, unknown>,
): Promise<PostResult> {
  const res = await fetch(`http://127.0.0.1:${preview.httpPort}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as PostResult['body'] };
}

/** The stored documents of a trace, parsed from the exporter's text. */
export async function documentsOf(
  preview: RunningPreview,
  xrayTraceId: string,
): Promise<Record<string, unknown>[]> {
  const res = await fetch(
    `http://127.0.0.1:${preview.apiPort}/api/segment-documents?traceId=${xrayTraceId}`,
  );
  return (await res.json()) as Record<string, unknown>[];
}

export async function getJson<T>(preview: RunningPreview, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${preview.apiPort}${path}`);
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}
