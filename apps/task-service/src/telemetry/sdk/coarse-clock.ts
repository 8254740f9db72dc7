// The time as of the last tick, for decisions that need the current second rather than the current
// millisecond: the sampler's per-second reservoir asks on every request, and a clock read measured
// 110-170 ns on the 2-core virtual machines this service is benchmarked on. One read every 50 ms
// on an unref'd timer serves them all.
const TICK_MS = 50;

let current = Date.now();
let timer: NodeJS.Timeout | undefined;

/** Milliseconds since the epoch, at most one tick old. */
export function coarseNow(): number {
  if (timer === undefined) {
    timer = setInterval(() => {
      current = Date.now();
    }, TICK_MS);
    timer.unref();
    current = Date.now();
  }
  return current;
}
