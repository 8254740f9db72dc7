/**
 * What the benchmark compares: the task service under each tracing mode. A perf experiment adds
 * a mode here (extra environment on top of the base) and the harness runs and reports it.
 */
import { parseArgs } from 'node:util';
import type { RequestMix } from './load.js';

export type Store = 'memory' | 'dynamodb';

export interface TracingMode {
  /** Column label. */
  readonly name: string;
  /** What the column is, for the legend. */
  readonly about: string;
  /** Environment on top of the base; `off` must be first (ratios are against it). */
  readonly env: Readonly<Record<string, string>>;
  /** Needs an X-Ray sampling API (XRAY_SAMPLING_ENDPOINT is set by the harness). */
  readonly remoteSampling?: boolean;
}

const TUNED = { TASK_SERVICE_TRACING_PROFILE: 'tuned' };

const BASE_MODES: readonly TracingMode[] = [
  {
    name: 'off',
    about: 'OTEL_SDK_DISABLED=true: no SDK loaded',
    env: { OTEL_SDK_DISABLED: 'true' },
  },
  {
    name: 'always_off',
    about: 'tuned, sampler always_off: the SDK runs and records nothing',
    env: { ...TUNED, OTEL_TRACES_SAMPLER: 'always_off' },
  },
  {
    name: 'default',
    about: 'tuned, the shipped sampler: parent-based, 1 new trace/s + 5 %',
    env: { ...TUNED },
  },
  {
    name: 'sample-all',
    about: 'tuned, parentbased_always_on: every request traced',
    env: { ...TUNED, OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
  },
  {
    name: 'upstream',
    about: 'instrumentation-http + -express, BatchSpanProcessor, loader hook; sample-all',
    env: { TASK_SERVICE_TRACING_PROFILE: 'upstream', OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
  },
  {
    name: 'xray',
    about: "tuned, X-Ray remote sampling polling a loopback sampling API (X-Ray's Default rule)",
    env: { ...TUNED, OTEL_TRACES_SAMPLER: 'xray' },
    remoteSampling: true,
  },
  // Not run by default (--modes ratio0): the unsampled path of a parent-based ratio sampler alone.
  {
    name: 'ratio0',
    about: 'tuned, parentbased_traceidratio with ratio 0: the sampler runs, samples nothing',
    env: {
      ...TUNED,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    },
  },
];

/**
 * Not run by default (e.g. --modes default-semi8,default-v8-sized): the young generation with a
 * maximum semi-space of N MiB, or as V8 sizes it from the memory limit (no NODE_OPTIONS). The
 * other modes run with the chart's NODE_OPTIONS whenever the pod's memory limit applies.
 */
const SEMI_SPACE_MIB = [8, 16, 32];
const withNodeOptions = (mode: TracingMode, suffix: string, options: string): TracingMode => ({
  name: `${mode.name}-${suffix}`,
  about: `${mode.name} with NODE_OPTIONS=${JSON.stringify(options)}`,
  env: { ...mode.env, NODE_OPTIONS: options },
  ...(mode.remoteSampling === true && { remoteSampling: true }),
});

export const TRACING_MODES: readonly TracingMode[] = [
  ...BASE_MODES,
  ...BASE_MODES.filter((m) => ['off', 'default', 'sample-all'].includes(m.name)).flatMap((m) => [
    withNodeOptions(m, 'v8-sized', ''),
    ...SEMI_SPACE_MIB.map((mib) =>
      withNodeOptions(m, `semi${mib}`, `--max-semi-space-size=${mib}`),
    ),
  ]),
];

const DEFAULT_MODES = ['off', 'always_off', 'default', 'sample-all', 'upstream', 'xray'];

export interface BenchSettings {
  readonly modes: readonly TracingMode[];
  readonly store: Store;
  readonly mix: RequestMix;
  /** Interleaved rounds of the capacity table; the table reports medians. */
  readonly rounds: number;
  /** Seconds of warm-up load before each measured saturation. */
  readonly warmupSeconds: number;
  /** Seconds at saturation per mode and round (the CPU and throughput figures). */
  readonly saturationSeconds: number;
  readonly connections: number;
  /** Seconds at the fixed rate (p99, spans lost, SIGTERM). */
  readonly fixedRateSeconds: number;
  /** Fixed rate as a fraction of tracing off's saturation rate. */
  readonly fixedRateFraction: number;
  /** Run each server under the pod's memory limit (where a cgroup can be made). */
  readonly podMemoryLimit: boolean;
}

const USAGE = `usage: npm run bench:service -- [--quick] [--rounds N] [--seconds S] [--modes off,default,...]
       [--store memory|dynamodb] [--mix get|mixed] [--connections N] [--unlimited-memory]
modes: ${TRACING_MODES.map((m) => m.name).join(', ')} (default: ${DEFAULT_MODES.join(', ')})`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} ${raw}: expected a positive number\n${USAGE}`);
  return n;
}

/** Reads the command line. `--quick`: one round of 3 s, for a first look (about a minute). */
export function readSettings(argv: readonly string[] = process.argv.slice(2)): BenchSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      modes: { type: 'string' },
      store: { type: 'string', default: 'memory' },
      mix: { type: 'string', default: 'get' },
      connections: { type: 'string' },
      'unlimited-memory': { type: 'boolean', default: false },
    },
  });
  const names = values.modes?.split(',') ?? DEFAULT_MODES;
  const modes = names.map((name) => {
    const mode = TRACING_MODES.find((m) => m.name === name);
    if (mode === undefined) throw new Error(`--modes: unknown mode ${name}\n${USAGE}`);
    return mode;
  });
  if (modes[0]?.name !== 'off') modes.unshift(TRACING_MODES[0] as TracingMode);
  if (values.store !== 'memory' && values.store !== 'dynamodb')
    throw new Error(`--store ${values.store}: use memory or dynamodb\n${USAGE}`);
  if (values.mix !== 'get' && values.mix !== 'mixed')
    throw new Error(`--mix ${values.mix}: use get or mixed\n${USAGE}`);
  const quick = values.quick === true;
  const seconds = positive('seconds', values.seconds, quick ? 3 : 5);
  return {
    modes,
    store: values.store,
    mix: values.mix,
    rounds: Math.floor(positive('rounds', values.rounds, quick ? 1 : 3)),
    warmupSeconds: 1,
    saturationSeconds: seconds,
    connections: Math.floor(positive('connections', values.connections, 50)),
    fixedRateSeconds: seconds,
    fixedRateFraction: 0.5,
    podMemoryLimit: values['unlimited-memory'] !== true,
  };
}
