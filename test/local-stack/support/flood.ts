// A bounded flood of large, valid OTLP/JSON span batches shaped like task-web's (service name,
// attribute length and body size within TASK_WEB_EXPORT_LIMITS), for loopback only.
import { randomBytes } from 'node:crypto';
import { TASK_WEB_EXPORT_LIMITS } from '../../../apps/task-web/src/contract.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** One export request of `spans` spans, each with `attributes` random strings of the longest allowed length. */
export function floodBody(spans: number, attributes: number): string {
  const chars = TASK_WEB_EXPORT_LIMITS.maxAttributeValueLength;
  const now = BigInt(Date.now()) * 1_000_000n;
  const epoch = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: 'task-web' } }],
        },
        scopeSpans: [
          {
            scope: { name: 'flood' },
            spans: Array.from({ length: spans }, () => ({
              traceId: `${epoch}${hex(12)}`,
              spanId: hex(8),
              name: 'tasks.create',
              kind: 1,
              startTimeUnixNano: String(now),
              endTimeUnixNano: String(now + 1_000_000n),
              attributes: Array.from({ length: attributes }, (_, i) => ({
                key: `flood.${i}`,
                value: { stringValue: hex(chars / 2) },
              })),
            })),
          },
        ],
      },
    ],
  });
  if (Buffer.byteLength(body) > TASK_WEB_EXPORT_LIMITS.maxRequestBodyBytes) {
    throw new Error(
      `floodBody(${spans}, ${attributes}) is over task-web's body limit; use fewer spans`,
    );
  }
  return body;
}

export interface FloodResult {
  readonly sent: number;
  /** Status counts; 0 = the connection failed (the receiver died). */
  readonly statuses: ReadonlyMap<number, number>;
}

/**
 * Posts `body` to `url` one request at a time until `stop()` says so or `maxRequests` were sent.
 */
export async function flood(
  url: string,
  body: string,
  maxRequests: number,
  stop: () => boolean,
): Promise<FloodResult> {
  const statuses = new Map<number, number>();
  let sent = 0;
  while (sent < maxRequests && !stop()) {
    sent += 1;
    const status = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).then(
      async (response) => {
        await response.body?.cancel();
        return response.status;
      },
      () => 0,
    );
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  return { sent, statuses };
}
