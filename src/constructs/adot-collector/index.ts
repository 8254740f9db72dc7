export * from './adot-collector.js';
export type * from './collector-config.js';
export { CollectorExporter } from './exporter.js';
export * from './collector-service.js';
