// The supervisor survives its preview: the real preview, in its own process with a small heap,
// is flooded until V8 gives up; dynalite, task-web and the service keep answering, the supervisor
// says what happened and starts the preview again on the same ports. A preview that keeps dying
// stops the stack cleanly instead.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_FREE_PORTS } from '../../scripts/local-stack/ports.js';
import { previewProcess } from '../../scripts/local-stack/preview.js';
import type { PreviewHandle, PreviewStarter } from '../../scripts/local-stack/preview.js';
import { startLocalStack } from '../../scripts/local-stack/stack.js';
import type { LocalStack } from '../../scripts/local-stack/stack.js';
import { portIsFree } from '../../testkit/process/ports.js';
import { flood, floodBody } from './support/flood.js';
import { listTables } from './support/http.js';
import { LineLog } from './support/line-log.js';
import { standIn } from './support/stand-in.js';

/** Small enough that a bounded flood fills it long before any store cap evicts. */
const PREVIEW_HEAP_MB = 64;
/** Generous: each request adds ~0.4 MB, so the heap is gone after a few hundred at most. */
const MAX_FLOOD_REQUESTS = 2_000;

// Above every wait inside (starting the stack, the flood until the restart, the restart itself).
describe('local stack when the preview dies', { timeout: 300_000 }, () => {
  let webRoot: string;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'stack-web-'));
    await writeFile(join(webRoot, 'index.html'), '<main id="app"></main>');
  });

  afterAll(async () => {
    await rm(webRoot, { recursive: true, force: true });
  });

  const start = (log: LineLog, maxPreviewRestarts?: number) => {
    const previews: PreviewHandle[] = [];
    const real = previewProcess({
      execArgv: [`--max-old-space-size=${PREVIEW_HEAP_MB}`],
      onLine: log.push,
    });
    const startPreview: PreviewStarter = async (request) => {
      const handle = await real(request);
      previews.push(handle);
      return handle;
    };
    const stack = startLocalStack({
      repoRoot: process.cwd(),
      ports: ANY_FREE_PORTS,
      webRoot,
      launchTaskService: standIn,
      onServiceLine: log.push,
      print: log.push,
      log: log.push,
      startPreview,
      ...(maxPreviewRestarts !== undefined && { maxPreviewRestarts }),
    });
    return { stack, previews };
  };

  /** The other parts answer: dynalite, task-web, the task service. */
  const othersAnswer = async (stack: LocalStack): Promise<void> => {
    expect((await listTables(stack.urls.dynamodb)).status).toBe(200);
    expect((await fetch(`${stack.urls.app}/`)).status).toBe(200);
    expect((await fetch(`${stack.urls.api}/readyz`)).status).toBe(200);
  };

  it('GIVEN a flood that exhausts the preview heap WHEN V8 kills it THEN the others keep serving and the preview is back on the same ports', async () => {
    const log = new LineLog();
    const { stack: starting, previews } = start(log);
    const stack = await starting;
    let failed: Error | undefined;
    void stack.failure.then((error) => (failed = error));
    try {
      const restarted = log.waitFor(
        'restarting xray-preview on the same ports',
        'the supervisor restarting the preview after the flood',
        120_000,
      );
      let restarting = false;
      void restarted.then(() => (restarting = true));
      const result = await flood(
        stack.urls.otlpHttp,
        floodBody(40, 5),
        MAX_FLOOD_REQUESTS,
        () => restarting,
      );
      expect(result.sent, `statuses: ${JSON.stringify([...result.statuses])}`).toBeLessThan(
        MAX_FLOOD_REQUESTS,
      );
      const message = await restarted;
      const crash = log.lines.join('\n');
      expect(crash).toMatch(
        /xray-preview was killed by SIGABRT after it ran out of heap|xray-preview exited with code 134 after it ran out of heap/,
      );
      expect(crash).toContain('heap out of memory');
      expect(message).toContain('the traces it held are gone');

      // The supervisor and everything it runs besides the preview did not notice.
      await othersAnswer(stack);
      await log.waitFor('xray-preview is running again', 'the restarted preview', 60_000);
      expect(previews).toHaveLength(2);
      expect(previews[1]).toMatchObject({
        grpcPort: stack.ports.previewGrpc,
        httpPort: stack.ports.previewHttp,
        apiPort: stack.ports.previewApi,
      });
      const stats = await fetch(`${stack.urls.previewApi}/api/stats`);
      expect(stats.status).toBe(200);
      expect(failed).toBeUndefined();
    } finally {
      await stack.stop();
    }
    for (const port of Object.values(stack.ports)) expect(await portIsFree(port)).toBe(true);
  });

  it('GIVEN no restarts left WHEN the preview is killed THEN failure says so, the others still answer, and stop frees every port', async () => {
    const log = new LineLog();
    const { stack: starting, previews } = start(log, 0);
    const stack = await starting;
    try {
      process.kill(previews[0]!.pid!, 'SIGKILL');
      const failure = await stack.failure;
      expect(failure.message).toContain('xray-preview was killed by SIGKILL');
      expect(failure.message).toContain('The preview has died 1 time(s); not restarting it again.');
      await othersAnswer(stack);
    } finally {
      await stack.stop();
    }
    for (const port of Object.values(stack.ports)) expect(await portIsFree(port)).toBe(true);
  });
});
