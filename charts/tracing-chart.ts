import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../src/config.js';
import {
  AdotCollector,
  AlbIngress,
  CollectorService,
  IrsaServiceAccount,
} from '../src/constructs/index.js';
import { exporterFor } from './exporter.js';

/** Name of the web collector CR; the operator derives `otel-web-collector` objects from it. */
export const WEB_COLLECTOR_NAME = 'otel-web';

/**
 * Namespace `tracing`: the deployment-mode collector browsers send OTLP/HTTP to (with CORS for
 * the web origins), its IRSA service account, a Service and a TLS Ingress.
 */
export class TracingChart extends Chart {
  readonly collector: AdotCollector;
  readonly ingress: AlbIngress;

  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespace = config.tracingNamespace;

    const serviceAccount = new IrsaServiceAccount(this, 'ServiceAccount', {
      name: config.webCollectorServiceAccount,
      namespace,
      roleArn: config.webCollectorRoleArn,
    });
    this.collector = new AdotCollector(this, 'WebCollector', {
      name: WEB_COLLECTOR_NAME,
      namespace,
      mode: 'deployment',
      region: config.region,
      serviceAccount: serviceAccount.name,
      otlpHttp: { corsAllowedOrigins: config.webOrigins },
      exporter: exporterFor(config),
    });
    this.collector.node.addDependency(serviceAccount);

    const service = new CollectorService(this, 'Service', {
      collector: this.collector,
      name: `${WEB_COLLECTOR_NAME}-ingress`,
    });
    this.ingress = new AlbIngress(this, 'Ingress', {
      name: WEB_COLLECTOR_NAME,
      namespace,
      host: config.collectorHost,
      serviceName: service.name,
      servicePort: service.otlpHttpPort,
      healthCheckPath: '/',
      healthCheckPort: service.healthPort,
      groupName: config.albGroupName,
      ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    });
    this.ingress.node.addDependency(service);
  }

  /** URL the browser exporter posts spans to. */
  get tracesUrl(): string {
    return `${this.ingress.url}/v1/traces`;
  }
}
