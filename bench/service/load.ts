import autocannon from 'autocannon';

/**
 * What the load asks: `get` reads one task (GET /tasks/:id), the request the capacity table is
 * measured with; `mixed` alternates a create and a read, which adds body parsing and a store write.
 */
export type RequestMix = 'get' | 'mixed';

function requests(mix: RequestMix, readId: string): autocannon.Request[] {
  const read: autocannon.Request = { method: 'GET', path: `/tasks/${readId}` };
  if (mix === 'get') return [read];
  return [
    {
      method: 'POST',
      path: '/tasks',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'benchmark task' }),
    },
    read,
  ];
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Non-2xx answers plus socket errors and timeouts. */
  readonly failures: number;
  /** Requests answered. */
  readonly total: number;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly readId: string;
  readonly mix: RequestMix;
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
    requests: requests(options.mix, options.readId),
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
