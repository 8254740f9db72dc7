import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { TaskRepository, WriteOutcome } from '../storage/task-repository.js';
import { TASK_STORE, traced } from '../telemetry/index.js';
import type { CreateTaskBody, PatchTaskBody, Task, TaskPage } from './task.js';

/**
 * Where the version a writer read comes from. A stale `If-Match` is a failed precondition (412);
 * a stale body `version` is a conflict (409).
 */
export type ExpectedVersion =
  | { readonly source: 'if-match'; readonly version: number | '*' }
  | { readonly source: 'body'; readonly version: number }
  | { readonly source: 'none' };

/** The business operations. Routes call these; these call the repository. */
export class TaskService {
  private readonly attributes;

  constructor(
    private readonly repository: TaskRepository,
    storeKind: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.attributes = { [TASK_STORE]: storeKind };
  }

  create(body: CreateTaskBody): Promise<Task> {
    return traced('create', this.attributes, async () => {
      const now = this.clock().toISOString();
      const task: Task = {
        id: randomUUID(),
        title: body.title,
        done: body.done ?? false,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await this.repository.create(task);
      return task;
    });
  }

  get(id: string): Promise<Task> {
    return traced('get', this.attributes, async () => {
      const task = await this.repository.get(id);
      if (task === undefined) throw notFound(id);
      return task;
    });
  }

  list(limit: number, cursor: string | undefined): Promise<TaskPage> {
    return traced('list', this.attributes, () => this.repository.list(limit, cursor));
  }

  update(id: string, body: PatchTaskBody, expected: ExpectedVersion): Promise<Task> {
    return traced('update', this.attributes, async () => {
      if (expected.source === 'none') {
        throw new AppError(
          428,
          'precondition_required',
          'PATCH needs the version you read: send it as "version" in the body or as an If-Match header (the ETag of GET /tasks/:id)',
        );
      }
      let version = expected.version;
      if (version === '*') {
        // `If-Match: *` means "any current version": still a conditional write on what we read.
        const current = await this.repository.get(id);
        if (current === undefined) throw notFound(id);
        version = current.version;
      }
      const changes = {
        ...(body.title !== undefined && { title: body.title }),
        ...(body.done !== undefined && { done: body.done }),
      };
      const outcome = await this.repository.update(
        id,
        changes,
        version,
        this.clock().toISOString(),
      );
      return unwrap(outcome, id, version, expected.source);
    });
  }

  delete(id: string, expected: ExpectedVersion): Promise<void> {
    return traced('delete', this.attributes, async () => {
      if (expected.source === 'body') throw AppError.validation('DELETE takes no body');
      const version =
        expected.source === 'if-match' && expected.version !== '*' ? expected.version : undefined;
      const outcome = await this.repository.delete(id, version);
      unwrap(outcome, id, version ?? 0, expected.source);
    });
  }

  /** Readiness: the store answers. */
  ready(): Promise<void> {
    return this.repository.ping();
  }
}

function notFound(id: string): AppError {
  return AppError.notFound(`task ${id} does not exist; list tasks with GET /tasks`);
}

function unwrap<T>(
  outcome: WriteOutcome<T>,
  id: string,
  expectedVersion: number,
  source: ExpectedVersion['source'],
): T {
  if (outcome.kind === 'ok') return outcome.value;
  if (outcome.kind === 'not_found') throw notFound(id);
  const message = `task ${id} is at version ${outcome.currentVersion}, not ${expectedVersion}: someone else changed it; GET it again and retry with the new version`;
  throw source === 'if-match'
    ? new AppError(412, 'precondition_failed', message)
    : new AppError(409, 'version_conflict', message);
}
