import type { DeployConfig } from '../src/config.js';
import { CollectorExporter } from '../src/constructs/index.js';

/** The exporter both collectors use, from config. */
export function exporterFor(config: DeployConfig): CollectorExporter {
  return config.exporter === 'xray-otlp'
    ? CollectorExporter.xrayOtlpEndpoint()
    : CollectorExporter.awsXray({ indexedAttributes: config.indexedAttributes });
}
