import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';

let dynamo: Dynalite;
let service: RunningService;

beforeAll(async () => {
  dynamo = await startDynalite();
  service = await startInProcessService({ dynamodbEndpoint: dynamo.endpoint });
});
afterAll(async () => {
  await service?.close();
  await dynamo?.close();
});

const createTask = (title: string) =>
  fetch(`${service.baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });

describe('GIVEN many clients at once', () => {
  it('WHEN 200 creates run in parallel THEN 200 distinct tasks exist and each reads back', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => createTask(`parallel ${i}`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    const tasks = (await Promise.all(responses.map((r) => r.json()))) as {
      id: string;
      title: string;
    }[];
    expect(new Set(tasks.map((t) => t.id)).size).toBe(200);

    const reads = await Promise.all(tasks.map((t) => fetch(`${service.baseUrl}/tasks/${t.id}`)));
    expect(reads.map((r) => r.status)).toEqual(Array(200).fill(200));
    const titles = ((await Promise.all(reads.map((r) => r.json()))) as { title: string }[]).map(
      (t) => t.title,
    );
    expect(new Set(titles)).toEqual(new Set(tasks.map((t) => t.title)));
  });

  it('WHEN two writers update with the same version THEN exactly one succeeds and one gets 409', async () => {
    const task = (await (await createTask('contended')).json()) as { id: string };
    const write = (title: string) =>
      fetch(`${service.baseUrl}/tasks/${task.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title, version: 1 }),
      });
    const [a, b] = await Promise.all([write('writer A'), write('writer B')]);
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    const winner = a?.status === 200 ? 'writer A' : 'writer B';
    const stored = (await (await fetch(`${service.baseUrl}/tasks/${task.id}`)).json()) as {
      title: string;
      version: number;
    };
    expect(stored).toMatchObject({ title: winner, version: 2 });
  });

  it('WHEN ten writers race on one version via If-Match THEN one wins and nine get 412', async () => {
    const task = (await (await createTask('ten writers')).json()) as { id: string };
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${service.baseUrl}/tasks/${task.id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'if-match': '"1"' },
          body: JSON.stringify({ title: `w${i}` }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(9);
  });
});
