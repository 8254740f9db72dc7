/**
 * `npm run bench:service:profile -- --modes always_off,sample-all [--seconds 8]`: CPU-profiles the
 * task service (pinned and memory-limited like bench:service) at saturation, one mode after the other, and says
 * where the busy time went: by owner (the innermost library or app frame, Node internals charged
 * to their caller), and the top functions. With µs per request from the same window, a share of
 * busy time reads as µs per request.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startReceiverProcess } from '../../testkit/otlp/receiver-process.js';
import { mainThreadCpuMs, placeOnCores } from '../../testkit/process/cpu.js';
import { podMemoryLimits } from '../../testkit/process/memory-limit.js';
import {
  TASK_SERVICE_NODE_OPTIONS,
  WORKLOAD_RESOURCE_DEFAULTS,
} from '../../src/workload-resources.js';
import { buildService } from '../../testkit/task-service/build.js';
import { startPreview } from '../../apps/xray-preview/src/index.js';
import { summarizeProfile } from '../tax/cpu-profile-summary.js';
import { runLoad } from './load.js';
import { startSeeded } from './run-scenario.js';
import { TRACING_MODES } from './scenarios.js';

const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: 'off,always_off,sample-all' },
    seconds: { type: 'string', default: '8' },
    out: { type: 'string', default: '/tmp/task-service-prof' },
    top: { type: 'string', default: '25' },
  },
});
const placement = placeOnCores();
const memory = podMemoryLimits(WORKLOAD_RESOURCE_DEFAULTS.memoryLimitMiB);
console.log(`CPU: ${placement.description}`);
console.log(memory.description);
await buildService();
// The local X-Ray stand-in's sampling API, with X-Ray's default rule (1/s + 5 %).
const sampling = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
const samplingEndpoint = `http://127.0.0.1:${sampling.apiPort}`;
const fmt = (rows: readonly (readonly [string, number])[], perRequestUs: number): string =>
  rows
    .map(
      ([k, v]) =>
        `    ${v.toFixed(1).padStart(5)} %  ${((v * perRequestUs) / 100).toFixed(2).padStart(6)} µs  ${k}`,
    )
    .join('\n');

for (const name of (values.modes ?? '').split(',')) {
  const mode = TRACING_MODES.find((m) => m.name === name);
  if (mode === undefined) throw new Error(`unknown mode ${name}`);
  const dir = join(values.out ?? '/tmp/task-service-prof', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const receiver = await startReceiverProcess({ mode: 'discard' });
  const started = performance.now();
  const { service, readId } = await startSeeded(
    {
      TASKS_STORE: 'memory',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      XRAY_SAMPLING_ENDPOINT: samplingEndpoint,
      ...(memory.limited && { NODE_OPTIONS: TASK_SERVICE_NODE_OPTIONS }),
      ...mode.env,
    },
    [...memory.prefix(name), ...placement.serverPrefix],
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100'],
  );
  const load = { baseUrl: service.baseUrl, readId, mix: 'get' as const, connections: 50 };
  await runLoad({ ...load, seconds: 2 });
  const profiledFrom = performance.now() - started;
  const pid = service.child.pid as number;
  const cpu0 = mainThreadCpuMs(pid);
  const result = await runLoad({ ...load, seconds: Number(values.seconds) });
  const usPerRequest = (1000 * (mainThreadCpuMs(pid) - cpu0)) / result.total;
  await service.stop();
  await receiver.close();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile written in ${dir}`);
  const s = summarizeProfile(join(dir, file), profiledFrom);
  console.log(
    `\n== ${name}: ${result.requestsPerSecond.toFixed(0)} req/s, ${usPerRequest.toFixed(1)} µs main-thread CPU per request; ` +
      `tracing owns ${s.tracingPct.toFixed(1)} % of busy time (${((s.tracingPct * usPerRequest) / 100).toFixed(2)} µs)`,
  );
  console.log(`  by owner:\n${fmt(s.byOwner, usPerRequest)}`);
  console.log(
    `  top functions (self):\n${fmt(s.topFunctions.slice(0, Number(values.top)), usPerRequest)}`,
  );
}
await sampling.close();
memory.release();
