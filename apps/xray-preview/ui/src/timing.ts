/**
 * How often the UI polls the query API while live refresh is on. Its own module (no imports) so
 * the browser tests can drive a fake clock by it without type-checking the whole UI.
 */
export const POLL_INTERVAL_MS = 2500;
