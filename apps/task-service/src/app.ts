import express, { type Express } from 'express';
import type { TaskService } from './domain/task-service.js';
import { cors } from './http/cors.js';
import { errorMiddleware, notFoundRoute } from './http/error-middleware.js';
import { healthRoutes, type Lifecycle } from './http/health-routes.js';
import { taskRoutes } from './http/task-routes.js';
import { jsonLogger, type Logger } from './log.js';

export interface AppOptions {
  readonly service: TaskService;
  /** Exact origins allowed by CORS; empty = no cross-origin access. */
  readonly corsAllowedOrigins: readonly string[];
  /** @default never shutting down */
  readonly lifecycle?: Lifecycle;
  /** @default JSON lines on stdout/stderr */
  readonly log?: Logger;
}

/** Builds the Express app. It never listens: `main.ts` (or a test) does. */
export function createApp(options: AppOptions): Express {
  const lifecycle = options.lifecycle ?? { isShuttingDown: () => false };
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((_req, res, next) => {
    // While draining, ask keep-alive clients to reconnect (to another replica).
    if (lifecycle.isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(healthRoutes(options.service, lifecycle));
  app.use(cors(options.corsAllowedOrigins));
  app.use(taskRoutes(options.service));
  app.use(notFoundRoute);
  app.use(errorMiddleware(options.log ?? jsonLogger));
  return app;
}
