import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Router } from 'express';
import type { TaskService } from '../domain/task-service.js';
import { TASK_SERVICE_PROBES } from '../contract.js';
import { AppError } from '../errors.js';

export interface Lifecycle {
  /** True once SIGTERM arrived: readiness fails so the load balancer stops sending traffic. */
  readonly isShuttingDown: () => boolean;
}

/**
 * `/healthz`: the process serves HTTP. `/readyz`: it can reach the store and is not shutting down.
 * Neither makes spans: the HTTP instrumentation ignores them, and the readiness probe's store
 * call runs with tracing suppressed (otherwise it would start a root span of its own).
 */
export function healthRoutes(service: TaskService, lifecycle: Lifecycle): Router {
  const router = Router();
  router.get(TASK_SERVICE_PROBES.liveness, (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get(TASK_SERVICE_PROBES.readiness, async (_req, res) => {
    if (lifecycle.isShuttingDown()) {
      throw new AppError(503, 'shutting_down', 'the service is shutting down; use another replica');
    }
    await context.with(suppressTracing(context.active()), () => service.ready());
    res.json({ status: 'ready' });
  });
  return router;
}
