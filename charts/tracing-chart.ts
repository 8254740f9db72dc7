import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { TASK_WEB_EXPORT_LIMITS } from '../apps/task-web/src/contract.js';
import type { DeployConfig } from '../src/config.js';
import {
  ALB_DEREGISTRATION_WAIT_SECONDS,
  AdotCollector,
  AlbIngress,
  AlbRoute,
  AlbWaf,
  CollectorService,
  IrsaServiceAccount,
  OTLP_HTTP_TRACES_PATH,
} from '../src/constructs/index.js';
import { exporterFor } from './exporter.js';

/** Name of the web collector CR; the operator derives `otel-web-collector` objects from it. */
export const WEB_COLLECTOR_NAME = 'otel-web';
/** Two, so a drain or a rollout always leaves one receiving. */
const WEB_COLLECTOR_REPLICAS = 2;

/**
 * Namespace `tracing`: the deployment-mode collector browsers send OTLP/HTTP to, its IRSA service
 * account, a Service and a TLS Ingress. Anyone can reach this endpoint, so it accepts only what
 * task-web sends: its service names, bodies within its export bound, and only
 * `POST /v1/traces` (plus the CORS preflight) at the load balancer, behind the WAF web ACL
 * Terraform creates (a per-client-IP rate limit), and at most `webCollectorSpansPerSecond` spans
 * a second forwarded to X-Ray in all (the cost ceiling, whatever the number of clients).
 */
export class TracingChart extends Chart {
  readonly collector: AdotCollector;
  readonly service: CollectorService;
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
      serviceAccount,
      otlpHttp: {
        corsAllowedOrigins: config.webOrigins,
        maxRequestBodyBytes: TASK_WEB_EXPORT_LIMITS.maxRequestBodyBytes,
      },
      allowedServiceNames: TASK_WEB_EXPORT_LIMITS.serviceNames,
      replicas: WEB_COLLECTOR_REPLICAS,
      spanBudget: {
        // Each replica takes its share of the deploy-wide ceiling.
        spansPerSecond: Math.ceil(config.webCollectorSpansPerSecond / WEB_COLLECTOR_REPLICAS),
        // One export request's worth: no browser trace is larger.
        maxTraceBytes: TASK_WEB_EXPORT_LIMITS.maxRequestBodyBytes,
      },
      exporter: exporterFor(config),
      // Behind the ALB: keep receiving until the target is deregistered.
      preStopSleepSeconds: ALB_DEREGISTRATION_WAIT_SECONDS,
    });

    this.service = new CollectorService(this, 'Service', {
      collector: this.collector,
      name: `${WEB_COLLECTOR_NAME}-ingress`,
    });
    this.ingress = new AlbIngress(this, 'Ingress', {
      name: WEB_COLLECTOR_NAME,
      host: config.collectorHost,
      backend: this.service.albBackend,
      route: AlbRoute.exactPath(OTLP_HTTP_TRACES_PATH, ['POST', 'OPTIONS']),
      groupName: config.albGroupName,
      // The ACL covers the whole shared ALB, so only this Ingress of the group carries it (the
      // annotation is exclusive in a group). Turned off in Terraform, it is detached explicitly:
      // without the annotation the controller would leave the old ACL on the load balancer.
      waf:
        config.webCollectorWafAclArn === null
          ? AlbWaf.none()
          : AlbWaf.webAcl(config.webCollectorWafAclArn),
      ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    });
  }

  /** URL the browser exporter posts spans to. */
  get tracesUrl(): string {
    return `${this.ingress.url}${OTLP_HTTP_TRACES_PATH}`;
  }
}
