import type { XRayException } from '../types.js';

/**
 * A stack parser fills `exceptions[0].stack` and may append chained exceptions ("Caused by",
 * "During handling of…"); `newId` makes their ids. It throws ExporterPanic where Go panics.
 */
export type StackParser = (
  stacktrace: string,
  exceptions: XRayException[],
  newId: () => string,
) => void;
