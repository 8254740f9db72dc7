import type { XRayException } from '../types.js';

/**
 * A stack parser fills `exceptions[0].stack` and may append chained exceptions ("Caused by").
 * `newId` makes the ids of appended entries.
 */
export type StackParser = (
  stacktrace: string,
  exceptions: XRayException[],
  newId: () => string,
) => void;
