// Instrumentation-tax study: the reproduction app (./app.ts) with one telemetry setup per variant,
// side by side in one run, in interleaved rounds so that machine noise hits every variant alike.
// As a pod with a CPU limit pays it: the app alone on core 0, the load and the OTLP receivers on
// core 1 (when there are two cores), CPU per request from the app's own utime + stime.
// Usage: node build/bench/tax/run.js [--rounds 2] [--seconds 6] [--only bare,stock,...]
// Not a test: it prints ratios against bare Express, measured on whatever machine runs it.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { cpuMs, load, median, peakRssMb, sigterm, startApp } from './harness.js';
import { startReceiverProcess, type ReceiverProcess } from '../../testkit/otlp/receiver-process.js';
import { placeOnCores } from '../../testkit/process/cpu.js';

const VARIANTS: Readonly<Record<string, string | undefined>> = {
  bare: undefined,
  stock: '',
  noexport: 'noexport',
  nolayers: 'nolayers',
  noexpress: 'noexpress',
  'nolayers+pipeline': 'nolayers,pipeline',
  'noexpress+pipeline': 'noexpress,pipeline',
  'noexpress+pipeline+slimattrs': 'noexpress,pipeline,slimattrs',
  'noexpress+worker': 'noexpress,worker',
  'noexpress+pipeline+sampled5%': 'noexpress,pipeline,sampled',
  hookexpress: 'hookexpress',
  'lean+pipeline': 'lean,pipeline',
  'lean+worker': 'lean,worker',
  'lean+pipeline+sampled5%': 'lean,pipeline,sampled',
  'lean+pipeline+alwaysoff': 'lean,pipeline,alwaysoff',
  'lean+bindbody+pipeline': 'lean,bindbody,pipeline',
  'lean+bindbody+pipeline+alwaysoff': 'lean,bindbody,pipeline,alwaysoff',
  'sdk-only': 'lean,pipeline,alwaysoff,noserver',
};

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '6' },
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const names =
  values.only === undefined
    ? Object.keys(VARIANTS)
    : ['bare', ...values.only.split(',').filter((n) => n !== 'bare')];
for (const n of names)
  if (!(n in VARIANTS))
    throw new Error(`--only: unknown variant ${n}; known: ${Object.keys(VARIANTS).join(', ')}`);

const telemetry = fileURLToPath(new URL('./telemetry.js', import.meta.url));

interface Sample {
  satRps: number;
  satP99: number;
  satLossPct: number;
  fixedP99: number;
  fixedLost: number;
  rssMb: number;
  coldMs: number;
  exitMs: number;
  coldCpuMs: number;
  mainUs: number;
  totalUs: number;
}
const samples = new Map<string, Sample[]>(names.map((n) => [n, []]));
const placement = placeOnCores();
console.error(`CPU: ${placement.description}`);

/**
 * One app lifetime: start, load, SIGTERM. CPU per request is taken over the load window. Spans
 * lost = ended in the app - delivered by its exporter (counted in the app, so the receiver may
 * discard without reading); at the fixed rate the counting receiver must agree.
 */
async function lifetime(sink: ReceiverProcess, name: string, rate: number | undefined) {
  const levers = VARIANTS[name];
  const env: Record<string, string> = {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
    TAX_LEVERS: levers ?? '',
  };
  const before = await sink.spanCount();
  const app = await startApp({
    telemetry: levers === undefined ? undefined : telemetry,
    env,
    serverPrefix: placement.serverPrefix,
  });
  const coldCpuMs = cpuMs(app).total;
  const cpu0 = cpuMs(app);
  const result = await load(app.url, seconds, rate);
  const cpu1 = cpuMs(app);
  const mainUsPerReq = (1000 * (cpu1.main - cpu0.main)) / result.total;
  const totalUsPerReq = (1000 * (cpu1.total - cpu0.total)) / result.total;
  const rssMb = peakRssMb(app);
  const { exitMs, spans } = await sigterm(app);
  const received = (await sink.spanCount()) - before;
  return {
    result,
    ended: spans.ended,
    lost: spans.ended - spans.exported,
    unreceived: spans.ended - received,
    rssMb,
    exitMs,
    coldMs: app.coldStartMs,
    coldCpuMs,
    mainUsPerReq,
    totalUsPerReq,
  };
}

// Saturation: the receiver only acknowledges (decoding would take the load generator's core).
const discard = await startReceiverProcess({ mode: 'discard' });
const count = await startReceiverProcess({ mode: 'count' });
for (let round = 1; round <= rounds; round++) {
  let rate = 0;
  for (const name of names) {
    const sat = await lifetime(discard, name, undefined);
    if (name === 'bare') rate = Math.round(sat.result.rps / 2);
    const fixed = await lifetime(count, name, rate);
    samples.get(name)?.push({
      satRps: sat.result.rps,
      satP99: sat.result.p99,
      satLossPct: sat.ended === 0 ? 0 : (100 * sat.lost) / sat.ended,
      fixedP99: fixed.result.p99,
      fixedLost: Math.max(fixed.lost, fixed.unreceived),
      rssMb: sat.rssMb,
      coldMs: Math.min(sat.coldMs, fixed.coldMs),
      exitMs: sat.exitMs,
      coldCpuMs: Math.min(sat.coldCpuMs, fixed.coldCpuMs),
      // CPU per request at saturation, every thread: what a pod's CPU limit counts.
      mainUs: sat.mainUsPerReq,
      totalUs: sat.totalUsPerReq,
    });
    process.stderr.write(
      `round ${round} ${name}: ${sat.result.rps.toFixed(0)} req/s, ${sat.totalUsPerReq.toFixed(1)} µs CPU/req, ` +
        `lost ${sat.lost}/${sat.ended} at saturation, ${fixed.lost}/${fixed.ended} at ${rate} req/s ` +
        `(${fixed.unreceived} not received), exit ${sat.exitMs.toFixed(0)} ms\n`,
    );
  }
}
await discard.close();
await count.close();

const m = (name: string, key: keyof Sample): number =>
  median((samples.get(name) ?? []).map((s) => s[key]));
const spread = (name: string, key: keyof Sample): string => {
  const xs = (samples.get(name) ?? []).map((s) => s[key]);
  const med = median(xs);
  return med === 0
    ? ''
    : ` ±${((100 * (Math.max(...xs) - Math.min(...xs))) / 2 / med).toFixed(0)}%`;
};
const rows = names.map((name) => ({
  variant: name,
  'req/s (sat)': `${m(name, 'satRps').toFixed(0)}${spread(name, 'satRps')}`,
  'x bare': (m(name, 'satRps') / m('bare', 'satRps')).toFixed(2),
  'CPU us/req': `${m(name, 'totalUs').toFixed(1)}${spread(name, 'totalUs')}`,
  'CPU x bare': (m('bare', 'totalUs') / m(name, 'totalUs')).toFixed(2),
  'of which main thread': m(name, 'mainUs').toFixed(1),
  'lost % (sat)': m(name, 'satLossPct').toFixed(1),
  'p99 ms (sat)': m(name, 'satP99'),
  'lost (50% rate)': m(name, 'fixedLost'),
  'p99 ms (50% rate)': m(name, 'fixedP99'),
  'p99 added': m(name, 'fixedP99') - m('bare', 'fixedP99'),
  'peak RSS MB': m(name, 'rssMb').toFixed(0),
  'RSS added': (m(name, 'rssMb') - m('bare', 'rssMb')).toFixed(0),
  'cold start ms': m(name, 'coldMs').toFixed(0),
  'cold added': (m(name, 'coldMs') - m('bare', 'coldMs')).toFixed(0),
  'cold CPU ms': m(name, 'coldCpuMs').toFixed(0),
  'SIGTERM exit ms': m(name, 'exitMs').toFixed(0),
}));
console.log(
  `\ninstrumentation tax: ${rounds} rounds x ${seconds}s phases, medians (± = half the spread)\n` +
    `CPU: ${placement.description}. CPU us/req = the app's utime + stime (all threads) at ` +
    `saturation ÷ requests answered; x bare = bare's ÷ the variant's. Lost at saturation = ended ` +
    `- delivered, counted in the app (the receiver only acknowledges); at 50 % of bare's rate a ` +
    `counting receiver checks it.`,
);
console.table(rows);
