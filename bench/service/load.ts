import autocannon from 'autocannon';

/** The request mix: create a task, read one back (one write, one read per pair). */
function requests(readId: string): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: '/tasks',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'benchmark task' }),
    },
    { method: 'GET', path: `/tasks/${readId}` },
  ];
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Non-2xx answers plus socket errors and timeouts. */
  readonly failures: number;
  readonly total: number;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly readId: string;
  readonly seconds: number;
  readonly connections: number;
  /** Requests per second over all connections; unset = as fast as possible (saturation). */
  readonly rate?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: requests(options.readId),
    timeout: 10,
    ...(options.rate !== undefined && { overallRate: options.rate }),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  };
}
