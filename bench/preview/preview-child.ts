/**
 * The preview under benchmark, in its own process so the load generator does not share its
 * event loop. Prints its ports as one JSON line, then runs until killed.
 */
import { startPreview } from '../../apps/xray-preview/src/index.js';

const maxSpans = Number(process.env.BENCH_MAX_SPANS ?? 50_000);
const preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0, maxSpans });
console.log(
  JSON.stringify({
    grpcPort: preview.grpcPort,
    httpPort: preview.httpPort,
    apiPort: preview.apiPort,
  }),
);
process.on('SIGTERM', () => void preview.close().then(() => process.exit(0)));

// The benchmark asks for a full GC before reading memory (node runs this with --expose-gc), so
// "heap after GC" shows what the store retains, apart from garbage not yet collected.
const gc = (globalThis as { gc?: () => void }).gc;
process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  console.log(JSON.stringify({ rss, heapUsed }));
});
