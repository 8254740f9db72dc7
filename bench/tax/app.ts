// The reproduction app for the instrumentation-tax study: an Express 5 service shaped like the task
// service (JSON body parser, a CORS middleware, a router, a business-operation span per request, an
// error handler) over an in-memory map, so that only the tracing cost is measured.
// Tracing is whatever the `--import` module set up (./telemetry.ts), or nothing for the bare run.
import { randomUUID } from 'node:crypto';
import { getHeapSpaceStatistics } from 'node:v8';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Task as ContractTask } from '../../apps/task-service/src/contract.js';

/** The contract's task without its timestamps: only the tracing cost is measured here. */
type Task = Pick<ContractTask, 'id' | 'title' | 'done' | 'version'>;

const tracer = trace.getTracer('tax-app');
const tasks = new Map<string, Task>();
const BENCH_TASK: Task = { id: 'bench', title: 'bench', done: false, version: 1 };

/** The business-operation span (an X-Ray subsegment) with one low-cardinality annotation. */
function operation<T>(name: string, fn: () => T): T {
  return tracer.startActiveSpan(
    `tasks.${name}`,
    { attributes: { 'task.operation': name } },
    (span) => {
      try {
        return fn();
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

const app = express();
app.disable('x-powered-by');
app.use((req: Request, res: Response, next: NextFunction) => {
  const origin = req.headers.origin;
  if (origin === 'http://127.0.0.1:5173') res.setHeader('access-control-allow-origin', origin);
  next();
});
app.use(express.json({ limit: '64kb' }));
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});

const router = express.Router();
router.post('/', (req, res) => {
  const body = req.body as { title?: unknown };
  if (typeof body.title !== 'string') {
    res.status(400).json({ error: { code: 'bad_request', message: 'title must be a string' } });
    return;
  }
  const title = body.title;
  const task = operation('create', () => {
    const t: Task = { id: randomUUID(), title, done: false, version: 1 };
    // Bounded, so that memory measures tracing rather than how many tasks a faster run created.
    if (tasks.size > 10_000) {
      tasks.clear();
      tasks.set(BENCH_TASK.id, BENCH_TASK);
    }
    tasks.set(t.id, t);
    return t;
  });
  res.status(201).location(`/tasks/${task.id}`).json(task);
});
router.get('/:id', (req, res) => {
  const task = operation('get', () => tasks.get(req.params.id));
  if (task === undefined) {
    res
      .status(404)
      .json({ error: { code: 'not_found', message: `task ${req.params.id} not found` } });
    return;
  }
  res.json(task);
});
app.use('/tasks', router);
app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ error: { code: 'internal', message: err.message } });
});

// A fixed task that GET requests read, so GET and POST both hit the business span.
tasks.set(BENCH_TASK.id, BENCH_TASK);

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.send?.({ type: 'listening', port });
});

/** Where the memory is at exit (V8 rarely shrinks a grown heap at once): TAX_MEMLOG=1. */
function memoryReport(): object {
  const mb = (n: number): number => Math.round(n / 2 ** 20);
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]),
  );
  const m = process.memoryUsage();
  return {
    rss: mb(m.rss),
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    spaces,
  };
}

process.on('SIGTERM', () => {
  const started = Date.now();
  if (process.env.TAX_MEMLOG === '1')
    process.stderr.write(`memory ${JSON.stringify(memoryReport())}\n`);
  server.close();
  server.closeIdleConnections();
  // The telemetry bootstrap (if any) registers `globalThis.__taxShutdown` to flush spans, bounded,
  // and `__taxSpans` to tell how many it ended and how many the exporter delivered.
  const hooks = globalThis as {
    __taxShutdown?: () => Promise<void>;
    __taxSpans?: () => { ended: number; exported: number };
  };
  void (hooks.__taxShutdown ?? (() => Promise.resolve()))().finally(() => {
    const exit = (): never => process.exit(0);
    const spans = hooks.__taxSpans?.() ?? { ended: 0, exported: 0 };
    if (process.send === undefined) exit();
    else process.send({ type: 'exiting', flushMs: Date.now() - started, spans }, exit);
  });
});
