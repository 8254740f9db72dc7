import type { Task, TaskChanges, TaskPage } from '../domain/task.js';

/** Result of a conditional update or delete. */
export type WriteOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'conflict'; readonly currentVersion: number };

/**
 * Data access for tasks. Implementations: DynamoDB (the default) and memory (benchmarks, quick
 * local runs). Every write is conditional, so two writers can never silently overwrite each other.
 */
export interface TaskRepository {
  /** Stores a new task; fails if the id exists (it never should: ids are random UUIDs). */
  create(task: Task): Promise<void>;
  get(id: string): Promise<Task | undefined>;
  /** One page, at most `limit` tasks, in a stable order. `cursor` comes from the previous page. */
  list(limit: number, cursor: string | undefined): Promise<TaskPage>;
  /** Applies `changes` only if the stored version is `expectedVersion`; bumps the version. */
  update(
    id: string,
    changes: TaskChanges,
    expectedVersion: number,
    now: string,
  ): Promise<WriteOutcome<Task>>;
  /** Deletes; with `expectedVersion`, only if the stored version matches. */
  delete(id: string, expectedVersion: number | undefined): Promise<WriteOutcome<void>>;
  /** Throws if the store cannot be reached (readiness). */
  ping(): Promise<void>;
}
