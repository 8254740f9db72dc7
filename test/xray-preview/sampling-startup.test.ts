// Sampling rules given at start-up, from a file or XRAY_PREVIEW_SAMPLING_RULES: what the preview
// refuses before it listens, and what it serves.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSamplingRulesCommand, XRayClient } from '@aws-sdk/client-xray';
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview } from '../../apps/xray-preview/src/index.js';
import { settingsFromEnv } from '../../apps/xray-preview/src/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'preview-sampling-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rules = (extra: object[]) => JSON.stringify({ SamplingRules: extra });

function clientFor(port: number): XRayClient {
  return new XRayClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
  });
}

describe('rules given at start-up', () => {
  it('GIVEN a rules file with a bad field WHEN the preview starts THEN it refuses, naming the file, the field and the bound', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, rules([{ RuleName: 'x', Priority: 0, FixedRate: 0.1, ReservoirSize: 1 }]));
    await expect(
      startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0, samplingRulesFile: bad }),
    ).rejects.toThrow(/sampling rules file .*bad\.json: SamplingRules\[0\]\.Priority: .*1/);
  });

  it('GIVEN a missing rules file WHEN the preview starts THEN it refuses and says how to fix it', async () => {
    await expect(
      startPreview({
        grpcPort: 0,
        httpPort: 0,
        apiPort: 0,
        samplingRulesFile: join(dir, 'none.json'),
      }),
    ).rejects.toThrow(
      /cannot be read \(ENOENT\); create it or point XRAY_PREVIEW_SAMPLING_RULES_FILE/,
    );
  });

  it('GIVEN a rules file that is a FIFO, a directory or a device WHEN the preview starts THEN it refuses at once, without reading it', async () => {
    const fifo = join(dir, 'rules.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const file of [fifo, dir, '/dev/zero']) {
      await expect(
        startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0, samplingRulesFile: file }),
      ).rejects.toThrow(`sampling rules file ${file} is not a regular file`);
    }
  });

  it('GIVEN a rules file of 1 MiB WHEN the preview starts THEN it refuses, naming the size', async () => {
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, ' '.repeat(1024 * 1024));
    await expect(
      startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0, samplingRulesFile: huge }),
    ).rejects.toThrow(/has 1048576 bytes; X-Ray's 25 rules fit in 262144 bytes/);
  });

  it('GIVEN rules inline in XRAY_PREVIEW_SAMPLING_RULES WHEN the preview starts THEN they are served', async () => {
    const settings = settingsFromEnv({
      XRAY_PREVIEW_SAMPLING_RULES: rules([
        { RuleName: 'inline', Priority: 1, FixedRate: 1, ReservoirSize: 0 },
      ]),
      XRAY_PREVIEW_GRPC_PORT: '0',
      XRAY_PREVIEW_HTTP_PORT: '0',
      XRAY_PREVIEW_PORT: '0',
    });
    const inline = await startPreview(settings);
    const client = clientFor(inline.apiPort);
    try {
      const { SamplingRuleRecords } = await client.send(new GetSamplingRulesCommand({}));
      expect(SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual([
        'inline',
        'Default',
      ]);
    } finally {
      client.destroy();
      await inline.close();
    }
  });
});
