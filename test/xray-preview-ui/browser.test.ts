// Real-browser check of the preview UI: builds it with Vite once, serves the build from the
// test-only fixture server, and drives Debian chromium through playwright-core.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from './fixture-server.js';
import { BROWSER_TRACE_ID, grownServiceGraph, SECOND_TRACE_ID, TRACE_ID } from './fixtures.js';
import { POLL_INTERVAL_MS } from '../../apps/xray-preview/ui/src/timing.js';
import { REPO, startUiHarness, type UiHarness } from './ui-harness.js';

const SCREENSHOT = join(REPO, 'test-results/preview-ui.png');
// The machine is shared; the UI polls every 2.5 s, so waits allow several polls.
const WAIT = { timeout: 20_000 };

let harness: UiHarness;
let server: FixtureServer;
let browser: Browser;
let page: Page | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  harness = await startUiHarness();
  ({ server, browser } = harness);
}, 180_000);

afterEach(async () => {
  await page?.close();
  page = undefined;
  server.state.failing = false;
  server.state.empty = false;
  server.state.graph = undefined;
});

afterAll(() => harness?.close());

async function openPreview(): Promise<Page> {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  return page;
}

const node = (p: Page, name: string) => p.locator(`svg.map-svg g.node[data-node="${name}"]`);

describe('X-Ray preview UI in chromium', () => {
  it('GIVEN the fixture service graph WHEN the page loads THEN the SVG map shows every node with its stats and directed, labelled edges', async () => {
    const p = await openPreview();
    await node(p, 'task-service').waitFor(WAIT);

    expect(await p.locator('svg.map-svg g.node').count()).toBe(5);
    for (const name of ['client', 'task-web', 'task-service', 'tasks', 'api.example.test']) {
      expect(await node(p, name).count()).toBe(1);
    }
    const service = (await node(p, 'task-service').textContent()) ?? '';
    expect(service).toContain('EKS Container');
    expect(service).toContain('40 req · 40 ms avg');
    expect(service).toContain('err 15%');
    expect(service).toContain('fault 5%');
    expect(await node(p, 'tasks').textContent()).toContain('DynamoDB Table');
    // Health ring: task-service has ok, error and fault arcs.
    expect(await node(p, 'task-service').locator('.ring-part').count()).toBe(3);

    const edges = p.locator('svg.map-svg g.edge');
    expect(await edges.count()).toBe(4);
    expect(await edges.locator('path[marker-end]').count()).toBeGreaterThanOrEqual(4);
    expect(await p.locator('svg.map-svg g.edge > title').allTextContents()).toContain(
      '31 req · 12 ms',
    );
    // Two short lines on the edge, so the label fits between the layers.
    const label = p.locator('svg.map-svg g.edge', {
      has: p.locator('title', { hasText: '31 req' }),
    });
    expect(await label.locator('.edge-label tspan').allTextContents()).toEqual(['31 req', '12 ms']);
    expect(await p.locator('#stats').textContent()).toContain('1.2k spans received');
    expect(pageErrors).toEqual([]);
  });

  it('GIVEN the map WHEN a node is clicked THEN the trace list is filtered to that service until the filter is cleared', async () => {
    const p = await openPreview();
    await p.locator('tr.trace').first().waitFor(WAIT);
    const ids = () =>
      p.locator('tr.trace').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')));
    expect(await ids()).toEqual([BROWSER_TRACE_ID, TRACE_ID, SECOND_TRACE_ID]);

    await node(p, 'task-service').click();
    await p.locator('button.chip').waitFor(WAIT);
    expect(await ids()).toEqual([BROWSER_TRACE_ID, TRACE_ID]);
    expect(await node(p, 'task-service').getAttribute('aria-pressed')).toBe('true');

    await p.locator('button.chip').click();
    await p.locator('button.chip').waitFor({ ...WAIT, state: 'detached' });
    expect(await p.locator('tr.trace').count()).toBe(3);

    // The client has no segments, so it matches by the entry points it calls.
    await node(p, 'client').click();
    await p.locator('button.chip', { hasText: 'through client' }).waitFor(WAIT);
    expect(await p.locator('tr.trace').count()).toBe(3);
    await p.locator('button.chip').click();

    // Keyboard users get the same: focus a node and press Enter.
    await node(p, 'api.example.test').focus();
    await p.keyboard.press('Enter');
    await p.locator('button.chip', { hasText: 'through api.example.test' }).waitFor(WAIT);
    expect(await p.locator('tr.trace').count()).toBe(0);
  });

  it('GIVEN a trace WHEN it is selected THEN the timeline nests its segments and the raw JSON is shown; the screenshot is saved', async () => {
    const p = await openPreview();
    await p.locator(`tr.trace[data-trace-id="${TRACE_ID}"] button.trace-id`).click(WAIT);
    await p.locator('.tl-rows li').first().waitFor(WAIT);

    const rows = p.locator('.tl-rows li');
    expect(await rows.count()).toBe(3);
    expect(await rows.locator('.tl-title').allTextContents()).toEqual([
      'task-web',
      'task-service',
      'tasks',
    ]);
    // Nesting shows as indentation: the inline padding grows with depth.
    const indents = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const style = (await rows.nth(i).locator('.tl-name').getAttribute('style')) ?? '';
        return parseFloat(/padding-left:\s*([\d.]+)rem/.exec(style)?.[1] ?? 'NaN');
      }),
    );
    expect(indents[0]).toBeLessThan(indents[1] ?? 0);
    expect(indents[1]).toBeLessThan(indents[2] ?? 0);
    expect(await rows.nth(1).getAttribute('class')).toContain('health-error');

    const json = (await p.locator('pre.json').textContent()) ?? '';
    expect(JSON.parse(json)).toHaveLength(3);
    expect(json).toContain('"origin": "AWS::EKS::Container"');

    await mkdir(join(REPO, 'test-results'), { recursive: true });
    await p.screenshot({ path: SCREENSHOT });
    expect(pageErrors).toEqual([]);
  });

  it('GIVEN no data yet WHEN the page loads THEN it says so and points at npm run traffic', async () => {
    server.state.empty = true;
    const p = await openPreview();
    await p.locator('.empty-state').waitFor(WAIT);
    expect(await p.locator('.empty-state').textContent()).toContain('npm run traffic');
    expect(await p.locator('svg.map-svg').count()).toBe(0);
  });

  it('GIVEN the server starts failing WHEN the UI polls THEN a banner names the error, the last map stays, and it recovers', async () => {
    const p = await openPreview();
    await node(p, 'task-service').waitFor(WAIT);

    server.state.failing = true;
    await p.locator('#banner:not([hidden])').waitFor(WAIT);
    expect(await p.locator('#banner').textContent()).toContain('500');
    expect(await p.locator('svg.map-svg g.node').count()).toBe(5);

    server.state.failing = false;
    await p.locator('#banner').waitFor({ ...WAIT, state: 'hidden' });
  });

  it('GIVEN the 60 minute window WHEN selected THEN the next queries ask X-Ray for one hour', async () => {
    const p = await openPreview();
    await node(p, 'task-service').waitFor(WAIT);
    const before = server.calls.length;
    await p.selectOption('#window', '60');
    await expect
      .poll(() => server.calls.slice(before).find((c) => c.path === '/ServiceGraph'), WAIT)
      .toBeDefined();
    const call = server.calls.slice(before).find((c) => c.path === '/ServiceGraph');
    expect(Number(call?.body.EndTime) - Number(call?.body.StartTime)).toBe(3600);
  });

  it('GIVEN an open page WHEN the server data changes THEN the map updates without a reload', async () => {
    const p = await openPreview();
    await node(p, 'task-service').waitFor(WAIT);
    expect(await node(p, 'audit-queue').count()).toBe(0);

    server.state.graph = grownServiceGraph;
    await node(p, 'audit-queue').waitFor(WAIT);
    expect(await node(p, 'audit-queue').textContent()).toContain('SQS Queue');
    expect(await p.locator('svg.map-svg g.edge').count()).toBe(5);
  });

  it('GIVEN live refresh WHEN paused THEN polling stops until resumed', async () => {
    // The page's clock is Playwright's: three poll intervals pass at once, without waiting.
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.clock.install();
    await page.goto(server.url);
    const p = page;
    await node(p, 'task-service').waitFor(WAIT);
    // Control: with live refresh on, the next interval brings a poll.
    const beforeControl = server.calls.length;
    await p.clock.runFor(POLL_INTERVAL_MS);
    await waitForCalls(beforeControl + 1, 'a poll one interval after the first');

    await p.locator('#pause').click();
    expect(await p.locator('#pause').getAttribute('aria-pressed')).toBe('true');
    expect(await p.locator('#status').textContent()).toBe('Paused');
    await settled(p);
    const callsWhenPaused = polls();
    server.state.graph = grownServiceGraph;
    await p.clock.runFor(3 * POLL_INTERVAL_MS);
    // A request sent after the intervals: any poll they started was sent before it.
    await settled(p);
    expect(polls()).toBe(callsWhenPaused);
    expect(await node(p, 'audit-queue').count()).toBe(0);

    await p.locator('#pause').click();
    await node(p, 'audit-queue').waitFor(WAIT);
    expect(await p.locator('#pause').textContent()).toBe('Pause');
  });
});

/** Path of the page's own marker request; the fixture server records it (and answers 404). */
const SETTLED_PATH = '/api/settled';

/** Fixture-server requests the page's polling made, without the markers. */
const polls = (): number => server.calls.filter((c) => c.path !== SETTLED_PATH).length;

/**
 * A marker request from the page, answered (so recorded) before this resolves: requests the page
 * sent before it have reached the server by then.
 */
async function settled(p: Page): Promise<void> {
  await p.evaluate(async (path) => {
    await (await fetch(path, { method: 'POST', body: '{}' })).text();
  }, SETTLED_PATH);
}

async function waitForCalls(count: number, what: string): Promise<void> {
  const deadline = Date.now() + WAIT.timeout;
  while (server.calls.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`waited ${WAIT.timeout} ms for ${what} (${server.calls.length} calls)`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
