// End to end: the whole local stack on free ports, task-web driven in Debian chromium, and the
// result read back through the preview's X-Ray API with the real AWS SDK client.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XRayClient } from '@aws-sdk/client-xray';
import { ANY_FREE_PORTS } from '../../scripts/local-stack/ports.js';
import { startLocalStack } from '../../scripts/local-stack/stack.js';
import type { LocalStack } from '../../scripts/local-stack/stack.js';
import { listeningAddresses } from '../../testkit/process/listening.js';
import { listTables, requestWithHost } from '../local-stack/support/http.js';
import { launchChromium } from './chromium.js';
import {
  eventually,
  Pending,
  rawDocuments,
  serviceGraph,
  toXrayTraceId,
  traceSegments,
  xrayClient,
} from './service-graph.js';
import type { GraphFacts } from './service-graph.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const artifacts = join(repoRoot, 'test-results');
const TABLE = 'tasks';

describe('local stack end to end', () => {
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;
  let xray: XRayClient;
  const startedAt = new Date(Date.now() - 60_000);
  /** OTel trace ID of the "complete" click (its W3C traceparent, which the footer shows in X-Ray form). */
  let completeTraceId = '';

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startLocalStack({
      repoRoot,
      ports: ANY_FREE_PORTS,
      webRoot: join(repoRoot, 'apps/task-web/dist'),
      log: (l) => console.log(`[e2e] ${l}`),
      onServiceLine: () => {},
    });
    xray = xrayClient(stack.urls.previewApi);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    xray?.destroy();
    await stack?.stop();
  });

  it('GIVEN task-web in chromium WHEN a task is created and completed THEN the list shows it done and the PATCH carries both trace headers', async () => {
    const title = `e2e task ${Date.now()}`;
    await page.goto(`${stack.urls.app}/`);
    await page.getByTestId('new-task-title').fill(title);
    await page.getByTestId('add-task').click();
    const item = page.getByTestId('task').filter({ hasText: title });
    await item.waitFor();
    expect(await item.getAttribute('data-done')).toBe('false');

    const patch = page.waitForRequest(
      (r) => r.method() === 'PATCH' && r.url().startsWith(stack.urls.api),
    );
    await item.getByTestId('toggle-task').check();
    // Both propagation headers go out, naming the same trace (W3C and X-Ray formats).
    const headers = (await patch).headers();
    const w3cTraceId = /^00-([0-9a-f]{32})-/.exec(headers.traceparent ?? '')?.[1];
    const xrayRoot = /Root=1-([0-9a-f]{8})-([0-9a-f]{24})/.exec(headers['x-amzn-trace-id'] ?? '');
    expect(w3cTraceId).toBeDefined();
    expect(`${xrayRoot?.[1]}${xrayRoot?.[2]}`).toBe(w3cTraceId);
    await page.locator('[data-testid=task][data-done=true]').filter({ hasText: title }).waitFor();
    // The footer shows the click's trace in X-Ray form, linking to it in the preview.
    const link = page.getByTestId('trace-link');
    const shown = (await link.textContent()) ?? '';
    expect(shown).toBe(toXrayTraceId(w3cTraceId!));
    expect(await page.getByTestId('trace-id').textContent()).toBe(`Last action trace: ${shown}`);
    expect(await link.getAttribute('href')).toBe(`${stack.urls.previewUi}#trace=${shown}`);
    completeTraceId = w3cTraceId!;
    await page.screenshot({ path: join(artifacts, 'task-web.png') });
  });

  it('GIVEN that traffic WHEN GetServiceGraph is called THEN task-web -> task-service -> DynamoDB table are nodes and edges', async () => {
    const complete = (facts: GraphFacts): boolean =>
      facts.edges.has('task-web -> task-service') && facts.edges.has(`task-service -> ${TABLE}`);
    const facts = await eventually(
      'the service graph showing task-web -> task-service -> tasks',
      async () => {
        const current = await serviceGraph(xray, startedAt);
        return complete(current)
          ? current
          : new Pending(
              `nodes ${current.nodes.map((n) => n.name).join(', ')}; edges ${[...current.edges].join(', ')}`,
            );
      },
    );

    const node = (name: string) => facts.nodes.find((n) => n.name === name);
    expect(node('task-web')).toBeDefined();
    expect(node('task-service')).toBeDefined();
    expect(node(TABLE)?.type).toBe('AWS::DynamoDB::Table');
    expect(facts.edges).toContain('task-web -> task-service');
    expect(facts.edges).toContain(`task-service -> ${TABLE}`);
  });

  it('GIVEN the complete click trace WHEN read back THEN browser and API spans share its trace ID', async () => {
    const xrayTraceId = toXrayTraceId(completeTraceId);
    const docs = await eventually(
      'the complete trace holding task-web, task-service and DynamoDB',
      async () => {
        const current = await rawDocuments(stack.urls.previewApi, xrayTraceId);
        const names = new Set(current.map((d) => d.name));
        const hasDynamo = current.some((d) => d.namespace === 'aws' && d.aws?.table_name === TABLE);
        // The fetch span can end, and be exported, a batch after its action span (it waits for
        // the resource timing): wait for the service segment's parent too, not only the names.
        const service = current.find((d) => d.name === 'task-service' && d.type === undefined);
        const hasCaller = current.some((d) => d.id === service?.parent_id);
        return names.has('task-web') && names.has('task-service') && hasDynamo && hasCaller
          ? current
          : new Pending(
              `documents named ${[...names].join(', ')}; service segment's caller ${hasCaller ? 'present' : 'not yet'}`,
            );
      },
    );
    expect(new Set(docs.map((d) => d.trace_id))).toEqual(new Set([xrayTraceId]));

    // The service segment's parent is the browser's fetch subsegment, inside task-web's segment.
    const byId = new Map(docs.map((d) => [d.id, d]));
    const serviceSegment = docs.find((d) => d.name === 'task-service' && d.type === undefined);
    const caller =
      serviceSegment?.parent_id === undefined ? undefined : byId.get(serviceSegment.parent_id);
    expect(caller?.type).toBe('subsegment');
    const callerSegment = caller?.parent_id === undefined ? undefined : byId.get(caller.parent_id);
    expect(callerSegment?.name).toBe('task-web');

    // The same trace through BatchGetTraces, as the X-Ray console would load it.
    const segments = await traceSegments(xray, xrayTraceId);
    expect(segments.map((s) => s.name)).toEqual(
      expect.arrayContaining(['task-web', 'task-service']),
    );
  });

  it("GIVEN task-web's trace link WHEN clicked THEN the preview opens in a new tab with that trace selected and its timeline shown", async () => {
    const xrayTraceId = toXrayTraceId(completeTraceId);
    const opened = page.context().waitForEvent('page', { timeout: 30_000 });
    await page.getByTestId('trace-link').click();
    const preview = await opened;
    try {
      await preview.waitForLoadState('domcontentloaded', { timeout: 30_000 });
      expect(new URL(preview.url()).hash).toBe(`#trace=${xrayTraceId}`);
      // The UI polls every 2.5 s; the trace is already stored (previous test).
      await preview.locator('#detail-title', { hasText: xrayTraceId }).waitFor({ timeout: 45_000 });
      await preview
        .locator(`tr.trace.selected[data-trace-id="${xrayTraceId}"]`)
        .waitFor({ timeout: 45_000 });
      await preview.locator('.tl-rows .tl-title', { hasText: 'task-service' }).first().waitFor();
      expect(await preview.locator('.tl-rows .tl-title').allTextContents()).toEqual(
        expect.arrayContaining(['task-web', 'task-service']),
      );
    } finally {
      await preview.close();
    }
  });

  it('GIVEN the running stack WHEN the kernel socket table is read THEN each of its six listeners is bound to 127.0.0.1 only, and each refuses a DNS-rebinding Host', async () => {
    const bound: Record<string, string[]> = {};
    for (const [part, port] of Object.entries(stack.ports)) {
      bound[part] = await listeningAddresses(port);
    }
    expect(bound).toEqual({
      dynamodb: ['127.0.0.1'],
      taskService: ['127.0.0.1'],
      taskWeb: ['127.0.0.1'],
      previewGrpc: ['127.0.0.1'],
      previewHttp: ['127.0.0.1'],
      previewApi: ['127.0.0.1'],
    });
    // The task service answers 421 Misdirected Request; the others 403.
    const rebind = 'rebind.example';
    expect((await requestWithHost(`${stack.urls.api}/tasks`, rebind)).status).toBe(421);
    expect((await requestWithHost(`${stack.urls.app}/`, rebind)).status).toBe(403);
    expect((await requestWithHost(stack.urls.previewUi, rebind)).status).toBe(403);
    expect(
      (await requestWithHost(stack.urls.otlpHttp, rebind, { method: 'POST', body: '{}' })).status,
    ).toBe(403);
    expect((await listTables(stack.urls.dynamodb, rebind)).status).toBe(403);
  });

  it('GIVEN the preview UI WHEN opened THEN the service map draws the nodes and a screenshot is saved', async () => {
    const ui = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await ui.goto(stack.urls.previewUi);
    for (const name of ['task-web', 'task-service', TABLE]) {
      await ui.locator('#map .node-name', { hasText: name }).first().waitFor();
    }
    await ui.screenshot({ path: join(artifacts, 'service-map.png') });
    expect(await ui.locator('#map .node').count()).toBeGreaterThanOrEqual(3);
    await ui.close();
  });
});
