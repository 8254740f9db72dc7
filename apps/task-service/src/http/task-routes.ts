import { Router, type Request } from 'express';
import { TASKS_PATH } from '../contract.js';
import type { TaskService } from '../domain/task-service.js';
import { CreateTaskBody, ListTasksQuery, PatchTaskBody, TaskId } from '../domain/task.js';
import { AppError } from '../errors.js';
import { jsonBody } from './json-body.js';
import { etagOf, expectedVersion } from './preconditions.js';
import { parseOr400 } from './validate.js';

/** Ids are UUIDs we issued; anything else cannot exist, so it is a 404 without a lookup. */
function taskId(req: Request): string {
  const raw = req.params['id'];
  const id = typeof raw === 'string' ? raw : '';
  if (!TaskId.safeParse(id).success) {
    throw AppError.notFound(`task ${id.slice(0, 64)} does not exist; task ids are UUIDs`);
  }
  return id;
}

/**
 * Whether a request carries a body, by its framing (RFC 9112 §6.3): any Transfer-Encoding, or a
 * Content-Length above zero.
 */
function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && Number(length) > 0);
}

const TASK_PATH = `${TASKS_PATH}/:id`;

/** Thin routes: parse and validate, call the service, shape the response. */
export function taskRoutes(service: TaskService): Router {
  const router = Router();

  router.post(TASKS_PATH, jsonBody(), async (req, res) => {
    const body = parseOr400(CreateTaskBody, req.body, 'body');
    const task = await service.create(body);
    res.status(201).location(`${TASKS_PATH}/${task.id}`).setHeader('ETag', etagOf(task)).json(task);
  });

  router.get(TASKS_PATH, async (req, res) => {
    const query = parseOr400(ListTasksQuery, req.query, 'query');
    res.json(await service.list(query.limit, query.cursor));
  });

  router.get(TASK_PATH, async (req, res) => {
    const task = await service.get(taskId(req));
    res.setHeader('ETag', etagOf(task)).json(task);
  });

  router.patch(TASK_PATH, jsonBody(), async (req, res) => {
    const id = taskId(req);
    const body = parseOr400(PatchTaskBody, req.body, 'body');
    const task = await service.update(id, body, expectedVersion(req, body.version));
    res.setHeader('ETag', etagOf(task)).json(task);
  });

  router.delete(TASK_PATH, async (req, res) => {
    const id = taskId(req);
    if (hasBody(req)) {
      throw AppError.validation('DELETE takes no body; send the version as If-Match instead');
    }
    await service.delete(id, expectedVersion(req, undefined));
    res.status(204).end();
  });

  return router;
}
