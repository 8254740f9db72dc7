// `npm run traffic`: a bounded, loopback-only load generator for the local stack.
// Flags/env: --url (TRAFFIC_URL), --requests (TRAFFIC_REQUESTS), --duration (TRAFFIC_DURATION_SECONDS),
// --concurrency (TRAFFIC_CONCURRENCY), --seed (TRAFFIC_SEED). See options.ts for caps.
import { parseTrafficOptions } from './options.js';
import { runTraffic } from './runner.js';
import { formatSummary } from './summary.js';

try {
  const options = parseTrafficOptions(process.argv.slice(2), process.env);
  console.log(
    `traffic: up to ${options.requests} requests or ${options.durationSeconds} s against ${options.url}, ` +
      `${options.concurrency} in flight, seed ${options.seed}`,
  );
  const result = await runTraffic(options);
  console.log(formatSummary(result));
  if (result.stoppedBy === 'unreachable') {
    console.error(`traffic: ${options.url} is not answering. Is the stack running (npm start)?`);
    process.exitCode = 1;
  } else {
    console.log(
      'Open the X-Ray preview (default http://127.0.0.1:2000/) to see the map with these errors.',
    );
  }
} catch (error) {
  console.error(`traffic: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
