// UI state and user actions, without DOM. Each action is one traced span wrapping its fetches;
// the view only renders `state` and calls these methods.
import { ApiError } from './tasks-api.js';
import type { Task, TasksClient } from './tasks-api.js';
import type { ActionRunner } from './action.js';

export type Tone = 'info' | 'error';

export interface Notice {
  readonly tone: Tone;
  readonly text: string;
}

export interface TaskState {
  readonly tasks: readonly Task[];
  /** True while the first page loads. */
  readonly loading: boolean;
  /** Set when the list could not be loaded at all; the view offers a retry. */
  readonly loadError?: string;
  /** IDs of tasks with a request in flight (their buttons are disabled). */
  readonly busy: ReadonlySet<string>;
  readonly creating: boolean;
  readonly nextCursor?: string;
  readonly notice?: Notice;
}

export const PAGE_SIZE = 20;
/** Same limit as the task service (TITLE_MAX_LENGTH), checked here for a faster message. */
export const MAX_TITLE_LENGTH = 500;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TaskController {
  private current: TaskState = { tasks: [], loading: true, busy: new Set(), creating: false };
  private readonly listeners = new Set<(state: TaskState) => void>();

  constructor(
    private readonly client: TasksClient,
    private readonly action: ActionRunner,
  ) {}

  get state(): TaskState {
    return this.current;
  }

  subscribe(listener: (state: TaskState) => void): void {
    this.listeners.add(listener);
  }

  private update(patch: Partial<TaskState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  private setBusy(id: string, busy: boolean): void {
    const next = new Set(this.current.busy);
    if (busy) next.add(id);
    else next.delete(id);
    this.update({ busy: next });
  }

  private replace(task: Task): void {
    this.update({ tasks: this.current.tasks.map((t) => (t.id === task.id ? task : t)) });
  }

  private drop(id: string): void {
    this.update({ tasks: this.current.tasks.filter((t) => t.id !== id) });
  }

  async load(): Promise<void> {
    this.update({ loading: true, loadError: undefined });
    try {
      const page = await this.action('tasks.list', (run) =>
        run(() => this.client.list({ limit: PAGE_SIZE })),
      );
      this.update({ tasks: page.items, nextCursor: page.nextCursor, loading: false });
    } catch (error) {
      this.update({ loading: false, loadError: describe(error) });
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.current.nextCursor;
    if (cursor === undefined) return;
    try {
      const page = await this.action('tasks.list', (run) =>
        run(() => this.client.list({ limit: PAGE_SIZE, cursor })),
      );
      const known = new Set(this.current.tasks.map((t) => t.id));
      this.update({
        tasks: [...this.current.tasks, ...page.items.filter((t) => !known.has(t.id))],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      this.update({
        notice: { tone: 'error', text: `Could not load more tasks: ${describe(error)}` },
      });
    }
  }

  /** Returns true when the task was created (the view then clears the input). */
  async create(rawTitle: string): Promise<boolean> {
    const title = rawTitle.trim();
    if (title.length === 0) {
      this.update({ notice: { tone: 'error', text: 'Type a title first.' } });
      return false;
    }
    if (title.length > MAX_TITLE_LENGTH) {
      this.update({
        notice: {
          tone: 'error',
          text: `Titles are at most ${MAX_TITLE_LENGTH} characters (got ${title.length}).`,
        },
      });
      return false;
    }
    this.update({ creating: true, notice: undefined });
    try {
      const task = await this.action('tasks.create', (run) => run(() => this.client.create(title)));
      this.update({ tasks: [task, ...this.current.tasks], creating: false });
      return true;
    } catch (error) {
      this.update({
        creating: false,
        notice: { tone: 'error', text: `Could not add the task: ${describe(error)}` },
      });
      return false;
    }
  }

  async toggle(id: string): Promise<void> {
    const task = this.current.tasks.find((t) => t.id === id);
    if (task === undefined || this.current.busy.has(id)) return;
    this.setBusy(id, true);
    try {
      const updated = await this.action(task.done ? 'tasks.reopen' : 'tasks.complete', (run) =>
        run(() => this.client.setDone(task, !task.done)),
      );
      this.replace(updated);
      this.update({ notice: undefined });
    } catch (error) {
      await this.recover(task, error, task.done ? 'reopen' : 'complete');
    } finally {
      this.setBusy(id, false);
    }
  }

  async remove(id: string): Promise<void> {
    const task = this.current.tasks.find((t) => t.id === id);
    if (task === undefined || this.current.busy.has(id)) return;
    this.setBusy(id, true);
    try {
      await this.action('tasks.delete', (run) => run(() => this.client.remove(task)));
      this.drop(id);
      this.update({ notice: undefined });
    } catch (error) {
      await this.recover(task, error, 'delete');
    } finally {
      this.setBusy(id, false);
    }
  }

  /** After a failed change: re-read a task that changed elsewhere, forget one that is gone. */
  private async recover(task: Task, error: unknown, verb: string): Promise<void> {
    if (error instanceof ApiError && error.isNotFound) {
      this.drop(task.id);
      this.update({
        notice: { tone: 'info', text: `"${task.title}" was already deleted elsewhere.` },
      });
      return;
    }
    if (error instanceof ApiError && error.isConflict) {
      try {
        const latest = await this.action('tasks.refresh', (run) =>
          run(() => this.client.get(task.id)),
        );
        this.replace(latest);
        this.update({
          notice: {
            tone: 'info',
            text: `"${task.title}" was changed elsewhere (now version ${latest.version}). The latest version is shown; ${verb} again if you still want to.`,
          },
        });
      } catch (refreshError) {
        if (refreshError instanceof ApiError && refreshError.isNotFound) {
          this.drop(task.id);
          this.update({ notice: { tone: 'info', text: `"${task.title}" was deleted elsewhere.` } });
        } else {
          this.update({
            notice: {
              tone: 'error',
              text: `Could not reload "${task.title}": ${describe(refreshError)}`,
            },
          });
        }
      }
      return;
    }
    this.update({
      notice: { tone: 'error', text: `Could not ${verb} "${task.title}": ${describe(error)}` },
    });
  }
}
