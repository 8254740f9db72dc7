// Browser traces in the preview UI, in chromium at the widths people use: the `#trace=` deep link
// task-web links to, the list columns of a browser action, the selected row, round timeline
// ticks, and a layout that holds at 1024 px.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { traceDeepLink } from '../../apps/xray-preview/src/contract.js';
import { BROWSER_TRACE_ID, BROWSER_TRACE_OTEL_ID, TRACE_ID } from './fixtures.js';
import { REPO, startUiHarness, type UiHarness } from './ui-harness.js';

const WAIT = { timeout: 20_000 };
let harness: UiHarness;
let page: Page | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  harness = await startUiHarness();
}, 180_000);
afterEach(async () => {
  await page?.close();
  page = undefined;
});
afterAll(() => harness?.close());

async function open(url: string, width = 1280): Promise<Page> {
  page = await harness.browser.newPage({ viewport: { width, height: 860 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

const row = (p: Page, id: string) => p.locator(`tr.trace[data-trace-id="${id}"]`);

describe('deep link', () => {
  it('GIVEN a #trace= link with the X-Ray trace id WHEN opened THEN that trace is selected and its timeline shown', async () => {
    const p = await open(traceDeepLink(harness.server.url, BROWSER_TRACE_ID));
    await p.locator('#detail-title', { hasText: BROWSER_TRACE_ID }).waitFor(WAIT);
    await row(p, BROWSER_TRACE_ID).and(p.locator('.selected')).waitFor(WAIT);
    expect(await p.locator('.tl-rows .tl-title').allTextContents()).toEqual([
      'task-web',
      'POST',
      'task-service',
    ]);
    expect(await p.locator('tr.trace[aria-selected="true"]').count()).toBe(1);
  });

  it('GIVEN the 32-hex id task-web shows WHEN linked THEN the same trace opens and the address shows its X-Ray form', async () => {
    const p = await open(`${harness.server.url}#trace=${BROWSER_TRACE_OTEL_ID}`);
    await p.locator('#detail-title', { hasText: BROWSER_TRACE_ID }).waitFor(WAIT);
    expect(new URL(p.url()).hash).toBe(`#trace=${BROWSER_TRACE_ID}`);
  });

  it('GIVEN an open page WHEN a row is clicked THEN the selection moves and the address links to it', async () => {
    const p = await open(traceDeepLink(harness.server.url, BROWSER_TRACE_ID));
    await row(p, BROWSER_TRACE_ID).and(p.locator('.selected')).waitFor(WAIT);
    await row(p, TRACE_ID).click();
    await row(p, TRACE_ID).and(p.locator('.selected')).waitFor(WAIT);
    expect(await row(p, BROWSER_TRACE_ID).getAttribute('aria-selected')).toBe('false');
    expect(new URL(p.url()).hash).toBe(`#trace=${TRACE_ID}`);
  });
});

describe('trace list', () => {
  it("GIVEN a browser action's trace WHEN listed THEN it shows its action, its call's method and status, not task-web as a URL", async () => {
    const p = await open(harness.server.url);
    const browserRow = row(p, BROWSER_TRACE_ID);
    await browserRow.locator('.action-name', { hasText: 'tasks.create' }).waitFor(WAIT);
    const cells = await browserRow.locator('td').allInnerTexts();
    expect(cells.map((text) => text.trim())).toEqual([
      BROWSER_TRACE_ID,
      'tasks.create\n/tasks',
      'POST',
      '201',
      '61 ms',
    ]);
    expect(await browserRow.locator('td.method').getAttribute('title')).toMatch(
      /first HTTP call \(POST http:\/\/127\.0\.0\.1:8080\/tasks\)/,
    );
  });

  it.each([1024, 1440])(
    'GIVEN a %i px window WHEN the list is drawn THEN no header is cut and the map text stays at 10 px or more',
    async (width) => {
      const p = await open(traceDeepLink(harness.server.url, BROWSER_TRACE_ID), width);
      await p.locator('.tl-rows li').first().waitFor(WAIT);
      const headers = await p
        .locator('table.traces th')
        .evaluateAll((ths) => ths.map((th) => [th.textContent, th.scrollWidth <= th.clientWidth]));
      expect(headers).toEqual(
        ['Trace ID', 'Action', 'Method', 'Status', 'Duration'].map((name) => [name, true]),
      );
      const scale = await p.locator('#map svg').evaluate((svg) => {
        const viewBox = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
        return svg.getBoundingClientRect().width / (viewBox[2] ?? 1);
      });
      // .node-stat is 12 px in the SVG; drawn at this scale it must stay readable.
      expect(12 * Math.min(scale, 1)).toBeGreaterThanOrEqual(10);
      await mkdir(join(REPO, 'test-results'), { recursive: true });
      await p.screenshot({ path: join(REPO, `test-results/preview-browser-traces-${width}.png`) });
    },
  );

  it('GIVEN a selected trace WHEN the list is drawn THEN its row stands out: filled, with an accent bar and a bold id', async () => {
    const p = await open(traceDeepLink(harness.server.url, BROWSER_TRACE_ID));
    await row(p, BROWSER_TRACE_ID).and(p.locator('.selected')).waitFor(WAIT);
    const look = (id: string) =>
      row(p, id).evaluate((tr) => {
        const first = tr.querySelector('td')!;
        return {
          background: getComputedStyle(tr).backgroundColor,
          bar: getComputedStyle(first).boxShadow,
          weight: getComputedStyle(tr.querySelector('.trace-id')!).fontWeight,
        };
      });
    const selected = await look(BROWSER_TRACE_ID);
    const other = await look(TRACE_ID);
    expect(selected.background).not.toBe(other.background);
    expect(selected.bar).toMatch(/inset/);
    expect(other.bar).toBe('none');
    expect(Number(selected.weight)).toBeGreaterThan(Number(other.weight));
  });
});

describe('timeline', () => {
  it('GIVEN a 61 ms trace WHEN its timeline is drawn THEN the ticks are round multiples of one step', async () => {
    const p = await open(traceDeepLink(harness.server.url, BROWSER_TRACE_ID));
    await p.locator('.tl-axis .tl-tick').first().waitFor(WAIT);
    expect(await p.locator('.tl-axis .tl-tick').allTextContents()).toEqual([
      '0 ms',
      '20 ms',
      '40 ms',
      '60 ms',
    ]);
    expect(pageErrors).toEqual([]);
  });
});
