import { randomBytes } from 'node:crypto';

/** An X-Ray style trace id (hex): 8 digits of epoch seconds, then 24 random. */
export function xrayStyleTraceId(): string {
  return (
    Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(12).toString('hex')
  );
}

export const randomSpanId = (): string => randomBytes(8).toString('hex');

/** `Root=1-xxxxxxxx-yyyy...` form of a 32-hex trace id. */
export const xrayRoot = (traceId: string): string => `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
