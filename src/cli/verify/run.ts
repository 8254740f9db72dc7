/**
 * `tracectl verify`: send real traced requests (and, with --collector-url, task-web's spans for
 * them), then poll X-Ray with backoff until every hop is on the map or --timeout passes.
 */
import { TASK_WEB_SERVICE_NAME } from '../../../apps/task-web/src/contract.js';
import { EXIT } from '../errors.js';
import type { Io } from '../io.js';
import { Progress, type ProgressItem } from '../progress.js';
import { ok, TaskApi, type ApiCall, type Caller, type Operation } from './api.js';
import { browserBatch, browserMakes, postBatch, type BatchPost } from './browser-batch.js';
import { evaluateHops, passed, type Evidence, type HopResult } from './hops.js';
import { newTraceIds } from './ids.js';
import { renderHuman, renderJson, type Cleanup } from './report.js';
import { classifyXrayError, serviceMap, traceDocs, xrayClient, type XrayFailure } from './xray.js';

export interface VerifyOptions {
  readonly apiUrl: string;
  readonly collectorUrl?: string;
  readonly webOrigin?: string;
  readonly xrayEndpoint?: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly json: boolean;
}

const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 10_000;
/** The map's window starts this long before the run, for clock skew between here and X-Ray. */
const WINDOW_SLACK_MS = 60_000;
/** An X-Ray that failed this many polls in a row (other than by throttling) will not recover by itself. */
const FAILED_POLLS = 3;

/** The create, get and delete of verify's own task; the delete is retried once if it failed. */
async function sendRequests(
  api: TaskApi,
  callerFor: (op: Operation) => Caller,
): Promise<{ calls: ApiCall[]; cleanup?: Cleanup }> {
  const calls: ApiCall[] = [];
  const create = await api.send('create', callerFor('create'), undefined, {
    title: 'tracectl verify',
  });
  calls.push(create);
  const id = create.taskId;
  if (id === undefined) return { calls };
  let deleted = false;
  try {
    calls.push(await api.send('get', callerFor('get'), id));
    const del = await api.send('delete', callerFor('delete'), id);
    calls.push(del);
    deleted = ok(del) || del.status === 404;
  } finally {
    if (!deleted) {
      // Cleaned up even when something above failed: a second, untracked-by-the-map attempt.
      const retry = await api.send('delete', 'client', id);
      deleted = ok(retry) || retry.status === 404;
    }
  }
  return { calls, cleanup: { taskId: id, deleted, url: `${create.url}/${id}` } };
}

const progressItem = (h: HopResult): ProgressItem => ({
  label: h.id === 'table' ? 'task-service -> DynamoDB table' : h.hop,
  done: h.status === 'found',
  failed: false,
  message:
    h.status === 'found' ? 'found' : h.inTrace ? 'in the trace, not on the map yet' : 'waiting',
});

export async function runVerify(opts: VerifyOptions, io: Io): Promise<number> {
  const started = Date.now();
  const trace = newTraceIds(started);
  const api = new TaskApi(opts.apiUrl, trace);
  const web = opts.collectorUrl !== undefined;
  const callerFor = (op: Operation): Caller =>
    web && browserMakes(op) ? TASK_WEB_SERVICE_NAME : 'client';
  const { calls, cleanup } = await sendRequests(api, callerFor);

  let batch: BatchPost | undefined;
  if (opts.collectorUrl !== undefined) {
    const browserCalls = calls.filter((c) => c.caller === TASK_WEB_SERVICE_NAME);
    batch = await postBatch(opts.collectorUrl, browserBatch(trace, browserCalls), opts.webOrigin);
  }

  let evidence: Evidence = {
    traceId: trace.xray,
    apiUrl: opts.apiUrl,
    ...(opts.xrayEndpoint === undefined ? {} : { xrayEndpoint: opts.xrayEndpoint }),
    region: opts.region,
    calls,
    ...(batch === undefined ? {} : { batch }),
  };
  let hops = evaluateHops(evidence);
  // Without a created task (no answer, or not the task API's) there is no trace to wait for,
  // and the run has failed already: say so now rather than after --timeout.
  if (cleanup !== undefined) {
    const client = xrayClient(opts.xrayEndpoint, opts.region);
    const progress = new Progress(io.stderr, Date.now, 'found');
    const checked = (hs: HopResult[]): HopResult[] => hs.filter((h) => h.status !== 'skipped');
    progress.track(checked(hops).map(progressItem));
    const deadline = Date.now() + opts.timeoutMs;
    let delay = FIRST_POLL_MS;
    let failedPolls = 0;
    try {
      for (;;) {
        let failure: XrayFailure | undefined;
        try {
          const docs = await traceDocs(client, trace.xray);
          const edges = await serviceMap(
            client,
            new Date(started - WINDOW_SLACK_MS),
            new Date(Date.now() + 1000),
          );
          evidence = { ...evidence, docs, edges };
          failedPolls = 0;
        } catch (err) {
          failure = classifyXrayError(err);
          failedPolls = failure.kind === 'throttled' ? 0 : failedPolls + 1;
        }
        const { xrayError: _previous, ...rest } = evidence;
        evidence = failure ? { ...rest, xrayError: failure } : rest;
        hops = evaluateHops(evidence);
        progress.update(checked(hops).map(progressItem));
        // The task-web hop cannot appear when the collector did not take the browser spans.
        const settled = (h: HopResult): boolean =>
          h.status === 'found' || (h.id === 'task-web' && batch?.accepted === false);
        if (checked(hops).every(settled)) break;
        if (failure?.kind === 'credentials' || failure?.kind === 'denied') break;
        if (failedPolls >= FAILED_POLLS) break;
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
        delay = Math.min(Math.round(delay * 1.5), MAX_POLL_MS);
      }
    } finally {
      progress.finish([]);
      client.destroy();
    }
  }

  const report = {
    opts,
    traceId: trace.xray,
    calls,
    batch,
    hops,
    cleanup,
    elapsedMs: Date.now() - started,
    ok: passed(hops, calls),
  };
  io.stdout.write(opts.json ? renderJson(report) : renderHuman(report));
  if (!report.ok) {
    const missing = hops.filter((h) => h.status === 'missing').map((h) => h.hop);
    const failedCalls = calls
      .filter((c) => !ok(c))
      .map((c) => `${c.method} ${new URL(c.url).pathname}`);
    const what = [
      missing.length > 0 &&
        `${missing.length} hop${missing.length > 1 ? 's' : ''} missing (${missing.join(', ')})`,
      failedCalls.length > 0 &&
        `failed request${failedCalls.length > 1 ? 's' : ''}: ${failedCalls.join(', ')}`,
    ].filter(Boolean);
    io.stderr.write(`error: verify failed: ${what.join('; ')}; see the causes above\n`);
  }
  return report.ok ? EXIT.ok : EXIT.failed;
}
