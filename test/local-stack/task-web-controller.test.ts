// task-web's UI logic (no DOM) against the real task service app: two "tabs" on one store show
// how the app handles lost updates, deletions elsewhere and an unreachable API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRunner } from '../../apps/task-web/src/action.js';
import { MAX_TITLE_LENGTH, TaskController } from '../../apps/task-web/src/controller.js';
import { TasksClient } from '../../apps/task-web/src/tasks-api.js';
import { freePort } from '../../testkit/process/ports.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';

/** Records action names; no tracer (the browser one needs a DOM). */
function recordingRunner(names: string[]): ActionRunner {
  return (name, fn) => {
    names.push(name);
    return fn((inner) => inner());
  };
}

describe('task-web controller against the task service', () => {
  let api: RunningService;
  let apiUrl: string;

  beforeAll(async () => {
    api = await startInProcessService();
    apiUrl = api.baseUrl;
  });

  afterAll(async () => {
    await api.close();
  });

  const tab = (names: string[] = []) =>
    new TaskController(new TasksClient(apiUrl), recordingRunner(names));

  it('GIVEN a title WHEN created and completed THEN the list shows it done, each step as one action', async () => {
    const names: string[] = [];
    const controller = tab(names);
    await controller.load();
    expect(await controller.create('  Water the plants  ')).toBe(true);
    const task = controller.state.tasks.find((t) => t.title === 'Water the plants');
    expect(task?.done).toBe(false);
    await controller.toggle(task!.id);
    expect(controller.state.tasks.find((t) => t.id === task!.id)).toMatchObject({
      done: true,
      version: 2,
    });
    expect(names).toEqual(['tasks.list', 'tasks.create', 'tasks.complete']);
    expect(controller.state.busy.size).toBe(0);
  });

  it('GIVEN an empty or too long title WHEN submitted THEN nothing is sent and the notice says why', async () => {
    const names: string[] = [];
    const controller = tab(names);
    expect(await controller.create('   ')).toBe(false);
    expect(controller.state.notice).toEqual({ tone: 'error', text: 'Type a title first.' });
    expect(await controller.create('x'.repeat(MAX_TITLE_LENGTH + 1))).toBe(false);
    expect(controller.state.notice?.text).toContain(`at most ${MAX_TITLE_LENGTH} characters`);
    expect(names).toEqual([]);
  });

  it('GIVEN two tabs WHEN the stale tab completes a task changed elsewhere THEN it reloads the latest version and a retry works', async () => {
    const first = tab();
    const second = tab();
    await first.create('Shared task');
    await second.load();
    const id = first.state.tasks.find((t) => t.title === 'Shared task')!.id;

    await first.toggle(id); // version 2, done
    await first.toggle(id); // version 3, not done
    await second.toggle(id); // still holds version 1 -> 409

    expect(second.state.notice?.tone).toBe('info');
    expect(second.state.notice?.text).toContain('was changed elsewhere (now version 3)');
    expect(second.state.tasks.find((t) => t.id === id)).toMatchObject({ version: 3, done: false });

    await second.toggle(id);
    expect(second.state.tasks.find((t) => t.id === id)).toMatchObject({ version: 4, done: true });
    expect(second.state.notice).toBeUndefined();
  });

  it('GIVEN a task deleted in another tab WHEN this tab completes it THEN it disappears with a notice', async () => {
    const first = tab();
    const second = tab();
    await first.create('Short-lived');
    await second.load();
    const id = first.state.tasks.find((t) => t.title === 'Short-lived')!.id;
    await first.remove(id);
    expect(first.state.tasks.some((t) => t.id === id)).toBe(false);

    await second.toggle(id);
    expect(second.state.tasks.some((t) => t.id === id)).toBe(false);
    expect(second.state.notice?.text).toContain('"Short-lived" was already deleted elsewhere.');
  });

  it('GIVEN the API is down WHEN the list loads THEN the error says where it tried, and loading ends', async () => {
    const port = await freePort();
    const controller = new TaskController(
      new TasksClient(`http://127.0.0.1:${port}`),
      recordingRunner([]),
    );
    await controller.load();
    expect(controller.state.loading).toBe(false);
    expect(controller.state.loadError).toContain(
      `Cannot reach the task service at http://127.0.0.1:${port}`,
    );
  });
});
