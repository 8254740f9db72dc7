// Settings of `npm run traffic`, from flags (--requests=300) or env (TRAFFIC_REQUESTS=300).
// Every setting has a hard cap so the generator stays a bounded, loopback-only tool.

export interface TrafficOptions {
  /** Base URL of the task service; must be loopback. */
  readonly url: string;
  /** Stop after this many requests. */
  readonly requests: number;
  /** Stop after this many seconds, whichever comes first. */
  readonly durationSeconds: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Seed of the plan: one seed sends the same requests, in the same order per task, at any concurrency. */
  readonly seed: number;
}

interface Setting {
  readonly key: Exclude<keyof TrafficOptions, 'url'>;
  readonly flag: string;
  readonly env: string;
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
}

export const TRAFFIC_SETTINGS: readonly Setting[] = [
  {
    key: 'requests',
    flag: 'requests',
    env: 'TRAFFIC_REQUESTS',
    fallback: 300,
    min: 1,
    max: 20_000,
  },
  {
    key: 'durationSeconds',
    flag: 'duration',
    env: 'TRAFFIC_DURATION_SECONDS',
    fallback: 30,
    min: 1,
    max: 600,
  },
  {
    key: 'concurrency',
    flag: 'concurrency',
    env: 'TRAFFIC_CONCURRENCY',
    fallback: 4,
    min: 1,
    max: 32,
  },
  { key: 'seed', flag: 'seed', env: 'TRAFFIC_SEED', fallback: 1, min: 0, max: 2 ** 31 - 1 },
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function flagValues(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new Error(
        `Unknown argument ${JSON.stringify(arg)}; use --name=value, e.g. --requests=500.`,
      );
    }
    values.set(match[1], match[2]);
  }
  return values;
}

export function parseTrafficOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): TrafficOptions {
  const flags = flagValues(argv);
  const known = new Set(['url', ...TRAFFIC_SETTINGS.map((s) => s.flag)]);
  for (const name of flags.keys()) {
    if (!known.has(name)) {
      throw new Error(
        `Unknown flag --${name}; known flags: ${[...known].map((k) => `--${k}`).join(', ')}.`,
      );
    }
  }
  const numbers: Record<string, number> = {};
  for (const s of TRAFFIC_SETTINGS) {
    const raw = flags.get(s.flag) ?? env[s.env];
    const source = flags.has(s.flag) ? `--${s.flag}` : s.env;
    if (raw === undefined || raw.trim() === '') {
      numbers[s.key] = s.fallback;
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < s.min || value > s.max) {
      throw new Error(
        `${source}=${JSON.stringify(raw)} is out of range; use an integer from ${s.min} to ${s.max}.`,
      );
    }
    numbers[s.key] = value;
  }
  const port = env.TASK_SERVICE_PORT?.trim() || '8080';
  const url = (flags.get('url') ?? env.TRAFFIC_URL ?? `http://127.0.0.1:${port}`).replace(
    /\/+$/,
    '',
  );
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error(
      `TRAFFIC_URL/--url=${JSON.stringify(url)} is not a URL; use e.g. http://127.0.0.1:8080.`,
    );
  }
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(
      `TRAFFIC_URL/--url=${JSON.stringify(url)} is not loopback; the load generator only targets 127.0.0.1/localhost.`,
    );
  }
  return { url, ...(numbers as Omit<TrafficOptions, 'url'>) };
}
