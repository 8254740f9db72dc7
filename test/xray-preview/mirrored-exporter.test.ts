// The preview mirrors the awsxray exporter of one ADOT Collector release; the deployment runs
// one image. When the image moves, the translator must be re-checked against the new vendored
// exporter and the mirrored version moved with it.
import { describe, expect, it } from 'vitest';
import { MIRRORED_EXPORTER } from '../../apps/xray-preview/src/contract.js';
import { ADOT_COLLECTOR_IMAGE } from '../../src/constructs/adot-collector/adot-collector.js';

describe('mirrored exporter version', () => {
  it('GIVEN the ADOT Collector image the charts deploy WHEN compared THEN its tag is the release the translator mirrors', () => {
    const tag = ADOT_COLLECTOR_IMAGE.slice(ADOT_COLLECTOR_IMAGE.lastIndexOf(':') + 1);
    expect(
      tag,
      `ADOT_COLLECTOR_IMAGE is ${ADOT_COLLECTOR_IMAGE} but the X-Ray preview mirrors the awsxray exporter of ADOT ` +
        `${MIRRORED_EXPORTER.adotCollector} (collector-contrib ${MIRRORED_EXPORTER.collectorContrib}). Diff the translator ` +
        "against the new image's vendored exporter (docs/xray-translation.md), then update MIRRORED_EXPORTER in " +
        'apps/xray-preview/src/contract.ts.',
    ).toBe(MIRRORED_EXPORTER.adotCollector);
  });

  it('GIVEN the mirrored versions WHEN read THEN they are release tags', () => {
    expect(MIRRORED_EXPORTER.adotCollector).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(MIRRORED_EXPORTER.collectorContrib).toMatch(/^v\d+\.\d+\.\d+$/);
  });
});
