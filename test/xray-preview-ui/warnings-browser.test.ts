// The warnings strip and the footer in chromium, against the real preview server: spans posted
// over OTLP/HTTP that the exporter would drop or crash on show up with their reason.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MIRRORED_EXPORTER } from '../../apps/xray-preview/src/contract.js';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { launchChromium } from '../e2e/chromium.js';
import { kv, postJson, request, traceIds } from '../xray-preview/translator/otlp-json.js';

const REPO = resolve(import.meta.dirname, '../..');
// The UI polls every 2.5 s on a shared machine: waits allow several polls.
const WAIT = { timeout: 20_000 };

let outDir: string;
let preview: RunningPreview;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'xray-preview-warnings-ui-'));
  // A child process keeps vitest's NODE_ENV=test out of the production build.
  await promisify(execFile)(
    process.execPath,
    [
      join(REPO, 'node_modules/vite/bin/vite.js'),
      'build',
      join(REPO, 'apps/xray-preview/ui'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO, env: { ...process.env, NODE_ENV: 'production' } },
  );
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0, uiDir: outDir });
  browser = await launchChromium();
}, 180_000);

afterEach(async () => {
  await page?.close();
  page = undefined;
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

async function open(width: number): Promise<Page> {
  page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.goto(`http://127.0.0.1:${preview.apiPort}/`);
  return page;
}

/** A NaN span, and a request whose LOCAL_ROOT client span has cloud.provider gcp. */
async function postBadSpans(): Promise<void> {
  const ids = traceIds(4242);
  const nan = await postJson(
    preview,
    request(
      [kv('service.name', 'checkout'), kv('cloud.provider', 'aws')],
      [
        {
          traceId: ids.otel,
          spanId: '1111111111111111',
          name: 'price ratio',
          kind: 2,
          attributes: [kv('ratio', { doubleValue: 'NaN' })],
        },
      ],
    ),
  );
  const crash = await postJson(
    preview,
    request(
      [kv('service.name', 'billing'), kv('cloud.provider', 'gcp')],
      [
        { traceId: ids.otel, spanId: '2222222222222222', name: 'GET /invoices', kind: 2 },
        {
          traceId: ids.otel,
          spanId: '3333333333333333',
          name: 'charge card',
          kind: 3,
          attributes: [kv('aws.span.kind', 'LOCAL_ROOT')],
        },
      ],
    ),
  );
  expect([nan.status, crash.status]).toEqual([200, 200]);
}

describe('warnings in the preview UI', () => {
  it('GIVEN no spans yet WHEN the page loads THEN the warnings strip is hidden and the footer names the mirrored exporter', async () => {
    const p = await open(1440);
    const footer = p.locator('#footer');
    await footer.filter({ hasText: MIRRORED_EXPORTER.adotCollector }).waitFor(WAIT);
    expect(await footer.textContent()).toContain(
      `ADOT Collector ${MIRRORED_EXPORTER.adotCollector} (collector-contrib ${MIRRORED_EXPORTER.collectorContrib})`,
    );
    expect(await p.locator('#warnings').isHidden()).toBe(true);
  });

  it('GIVEN dropped and crashing spans WHEN the UI polls THEN the strip lists each with its reason, service and span; screenshots at 1024 and 1440 px', async () => {
    await postBadSpans();
    for (const width of [1024, 1440]) {
      const p = await open(width);
      const summary = p.locator('#warnings summary');
      await summary.filter({ hasText: '3 spans X-Ray will never show' }).waitFor(WAIT);
      await summary.click();
      const rows = p.locator('#warnings tbody tr');
      expect(await rows.count()).toBe(3);
      const texts = await rows.allTextContents();
      expect(texts.find((t) => t.includes('price ratio'))).toMatch(/NaN or ±Infinity value/);
      expect(texts.find((t) => t.includes('price ratio'))).toContain('checkout');
      expect(texts.find((t) => t.includes('charge card'))).toMatch(/crash: local root without aws/);
      expect(texts.find((t) => t.includes('GET /invoices'))).toMatch(/lost with a crashing span/);
      await p.screenshot({ path: join(REPO, `test-results/preview-warnings-${width}.png`) });
      await page?.close();
      page = undefined;
    }
  });
});
