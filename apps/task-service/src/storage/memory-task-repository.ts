import type { Task, TaskChanges, TaskPage } from '../domain/task.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { TaskRepository, WriteOutcome } from './task-repository.js';

/**
 * In-process repository (`TASKS_STORE=memory`) with the same conditional semantics as DynamoDB.
 * It exists so benchmarks can measure the instrumentation without the database's own cost.
 */
export class MemoryTaskRepository implements TaskRepository {
  private readonly tasks = new Map<string, Task>();

  async create(task: Task): Promise<void> {
    if (this.tasks.has(task.id)) throw new Error(`task id ${task.id} already exists`);
    this.tasks.set(task.id, task);
  }

  async get(id: string): Promise<Task | undefined> {
    return this.tasks.get(id);
  }

  async list(limit: number, cursor: string | undefined): Promise<TaskPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // Sorting on every call is O(n log n); fine for a benchmark/local store, not for millions.
    const ids = [...this.tasks.keys()].filter((id) => after === undefined || id > after).sort();
    const items = ids.slice(0, limit).map((id) => this.tasks.get(id) as Task);
    const last = items.at(-1);
    return ids.length > limit && last !== undefined
      ? { items, nextCursor: encodeCursor(last.id) }
      : { items };
  }

  async update(
    id: string,
    changes: TaskChanges,
    expectedVersion: number,
    now: string,
  ): Promise<WriteOutcome<Task>> {
    const current = this.tasks.get(id);
    if (current === undefined) return { kind: 'not_found' };
    if (current.version !== expectedVersion) {
      return { kind: 'conflict', currentVersion: current.version };
    }
    const updated: Task = {
      ...current,
      ...(changes.title !== undefined && { title: changes.title }),
      ...(changes.done !== undefined && { done: changes.done }),
      updatedAt: now,
      version: current.version + 1,
    };
    this.tasks.set(id, updated);
    return { kind: 'ok', value: updated };
  }

  async delete(id: string, expectedVersion: number | undefined): Promise<WriteOutcome<void>> {
    const current = this.tasks.get(id);
    if (current === undefined) return { kind: 'not_found' };
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      return { kind: 'conflict', currentVersion: current.version };
    }
    this.tasks.delete(id);
    return { kind: 'ok', value: undefined };
  }

  async ping(): Promise<void> {}
}
