/**
 * `npm run bench:service [-- --quick]`: what tracing costs the task service, as a pod with a CPU
 * and a memory limit pays it. The server runs alone on core 0, each in a memory cgroup with the
 * pod's limit (Node sizes its heap from it), the load (autocannon) and the OTLP receivers on
 * core 1. Every mode runs in one run: first the capacity table (interleaved rounds at
 * saturation, receivers that only acknowledge, the server's CPU per request answered, medians),
 * then one lifetime per mode at half of off's saturation rate with counting receivers (p99,
 * spans lost, SIGTERM to exit), then SIGTERM with the collector down. Prints a Markdown table,
 * ratios against tracing off, and the targets.
 * Not a test: absolute numbers move with the machine; ratios and µs per request much less.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startDynaliteProcess, type Dynalite } from '../../testkit/dynalite.js';
import { placeOnCores, peakRssMb } from '../../testkit/process/cpu.js';
import { podMemoryLimits, type MemoryLimits } from '../../testkit/process/memory-limit.js';
import {
  TASK_SERVICE_NODE_OPTIONS,
  WORKLOAD_RESOURCE_DEFAULTS,
} from '../../src/workload-resources.js';
import { buildService } from '../../testkit/task-service/build.js';
import { startPreview } from '../../apps/xray-preview/src/index.js';
import { measureCollectorDown, type CollectorDownResult } from './collector-down.js';
import { formatLegend, formatTable, median, type ModeResult } from './report.js';
import {
  measureLifetime,
  measureSaturation,
  pidOf,
  startService,
  type RunContext,
  type RunningService,
  type SaturationSample,
} from './run-scenario.js';
import { readSettings } from './scenarios.js';
import { checkTargets } from './targets.js';

const began = performance.now();
const settings = readSettings();
const placement = placeOnCores();
const say = (line: string): void =>
  console.log(`[${((performance.now() - began) / 1000).toFixed(0)} s] ${line}`);
const memory: MemoryLimits | undefined = settings.podMemoryLimit
  ? podMemoryLimits(WORKLOAD_RESOURCE_DEFAULTS.memoryLimitMiB)
  : undefined;
// With the pod's memory limit come the pod's Node options; a mode can still set its own.
const baseEnv: Record<string, string> =
  memory === undefined ? {} : { NODE_OPTIONS: TASK_SERVICE_NODE_OPTIONS };
const memoryLine =
  memory === undefined
    ? 'memory: not limited (--unlimited-memory), no NODE_OPTIONS'
    : `${memory.description}; NODE_OPTIONS=${TASK_SERVICE_NODE_OPTIONS} as the chart sets it`;
let servers = 0;
console.log(`CPU: ${placement.description}`);
console.log(memoryLine);
console.log(
  `load average before the run: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} (other processes share the machine: compare the spread between rounds)`,
);

say('building the service (tsc)...');
await buildService();
const dynamo: Dynalite | undefined =
  settings.store === 'dynamodb' ? await startDynaliteProcess() : undefined;
// The local X-Ray stand-in's sampling API, with X-Ray's default rule (1/s + 5 %).
const sampling = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
const samplingEndpoint = `http://127.0.0.1:${sampling.apiPort}`;
const context: RunContext = {
  settings,
  baseEnv,
  serverPrefix: (name) => [
    ...(memory?.prefix(`${name}-${++servers}`) ?? []),
    ...placement.serverPrefix,
  ],
  dynamodbEndpoint: dynamo?.endpoint,
  samplingEndpoint,
};

const running: RunningService[] = [];
const samples = new Map<string, SaturationSample[]>();
const results: ModeResult[] = [];
const down: CollectorDownResult[] = [];
try {
  for (const mode of settings.modes) {
    say(`starting tracing ${mode.name}...`);
    running.push(await startService(mode, context, 'discard'));
    samples.set(mode.name, []);
  }
  for (let round = 1; round <= settings.rounds; round++) {
    // Rotate the order, so no mode always runs right after the same neighbour.
    const order = running.map(
      (_, i) => running[(i + round - 1) % running.length] as RunningService,
    );
    for (const run of order) {
      // The first round also lets the JIT settle: a longer warm-up.
      const sample = await measureSaturation(
        run,
        settings,
        round === 1 ? settings.warmupSeconds * 3 : settings.warmupSeconds,
      );
      samples.get(run.mode.name)?.push(sample);
      say(
        `round ${round}/${settings.rounds} ${run.mode.name}: ${sample.requestsPerSecond.toFixed(0)} req/s, ` +
          `${sample.cpuUsPerRequest.toFixed(1)} µs CPU per request`,
      );
    }
  }
  const rss = new Map(running.map((r) => [r.mode.name, peakRssMb(pidOf(r))]));
  for (const run of running.splice(0)) {
    await run.service.stop();
    await run.collector.close();
  }

  const offRps = median((samples.get('off') ?? []).map((s) => s.requestsPerSecond));
  const rate = Math.max(10, Math.floor(offRps * settings.fixedRateFraction));
  for (const mode of settings.modes) {
    say(`fixed rate ${rate}/s, counting receiver, then SIGTERM: tracing ${mode.name}...`);
    const lifetime = await measureLifetime(mode, context, rate);
    results.push({
      mode,
      rounds: samples.get(mode.name) ?? [],
      coldStartMs: lifetime.coldStartMs,
      peakRssMb: rss.get(mode.name) ?? Number.NaN,
      lifetime,
    });
  }
  const sampleAll = settings.modes.find((m) => m.name === 'sample-all');
  if (sampleAll !== undefined) {
    say('collector down, then SIGTERM: tracing sample-all...');
    down.push(await measureCollectorDown(sampleAll, context, Math.floor(rate / 2)));
  }
} finally {
  for (const run of running) {
    run.service.child.signal('SIGKILL');
    await run.collector.close();
  }
  await sampling.close();
  await dynamo?.close();
  memory?.release();
}

console.log('');
console.log(formatTable(results));
console.log('');
console.log(formatLegend(results));
console.log('');
console.log('targets (this run):');
console.log(checkTargets(results, down));
console.log('');
console.log(
  [
    `CPU: ${placement.description}.`,
    `${memoryLine[0]?.toUpperCase()}${memoryLine.slice(1)}.`,
    `Load: autocannon, ${settings.connections} connections, ${settings.mix === 'get' ? 'GET /tasks/:id' : 'POST /tasks and GET /tasks/:id alternating'}, ${settings.store} store.`,
    `Capacity table: ${settings.rounds} interleaved round(s) of ${settings.warmupSeconds} s warm-up (${settings.warmupSeconds * 3} s in the first) + ${settings.saturationSeconds} s at saturation per mode, receivers acknowledging without decoding; µs CPU per request = the server's utime + stime (all threads) over the window ÷ requests answered, median of rounds (± = half the spread); capacity = off's µs ÷ the mode's, the throughput a CPU-bound pod would reach.`,
    `Fixed rate: ${settings.fixedRateSeconds} s at ${settings.fixedRateFraction * 100} % of off's saturation, 10 connections, a counting receiver; lost = spans the service ended (its shutdown log) − spans received, after SIGTERM.`,
    `Peak RSS: VmHWM after the saturation rounds. Cold start: spawn to the first 201.`,
    `Load average now: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}. Total ${((performance.now() - began) / 1000).toFixed(0)} s.`,
  ].join('\n'),
);
