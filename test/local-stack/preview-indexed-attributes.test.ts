// The local stack's preview indexes the keys the deployed collectors index, from the same
// deploy config, so local annotations match the ones X-Ray will have.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PreviewStats } from '../../apps/xray-preview/src/contract.js';
import { APP_DEFAULTS } from '../../src/config/defaults.js';
import { previewProcess } from '../../scripts/local-stack/preview.js';

/** A directory without terraform-outputs.json, so the deploy config uses defaults and env only. */
const cwd = mkdtempSync(join(tmpdir(), 'preview-indexed-'));

/** Starts the preview as the stack does (its own process); its indexed attributes, and output. */
async function indexedAttributesOf(
  env: NodeJS.ProcessEnv,
): Promise<{ indexed: readonly string[]; lines: readonly string[] }> {
  const lines: string[] = [];
  const handle = await previewProcess({ env, cwd, onLine: (line) => lines.push(line) })({
    grpcPort: 0,
    httpPort: 0,
    apiPort: 0,
    corsAllowedOrigins: [],
  });
  try {
    const res = await fetch(`http://127.0.0.1:${handle.apiPort}/api/stats`);
    const stats = (await res.json()) as PreviewStats;
    return { indexed: stats.translation.settings.indexedAttributes, lines };
  } finally {
    await handle.close();
  }
}

describe('local stack preview settings', () => {
  it('GIVEN the deploy defaults WHEN the stack starts the preview THEN it indexes the deploy config keys', async () => {
    expect(APP_DEFAULTS.indexedAttributes.length).toBeGreaterThan(0);
    expect((await indexedAttributesOf({})).indexed).toEqual(APP_DEFAULTS.indexedAttributes);
  });

  it('GIVEN TRACING_INDEXED_ATTRIBUTES and a preview-only override WHEN the stack starts the preview THEN the deploy setting wins', async () => {
    const env = {
      TRACING_INDEXED_ATTRIBUTES: 'task.id,order.id',
      XRAY_PREVIEW_INDEXED_ATTRIBUTES: 'other',
      TRACING_STRICT: '1',
    };
    const { indexed, lines } = await indexedAttributesOf(env);
    expect(indexed).toEqual(['task.id', 'order.id']);
    expect(lines).toContainEqual(
      expect.stringContaining('XRAY_PREVIEW_INDEXED_ATTRIBUTES is ignored under the local stack'),
    );
  });
});
