import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import type { AlbBackend } from '../alb-ingress/routing.js';
import { InvalidPropError, dns1123LabelProblem } from '../validation.js';
import type { AdotCollector } from './adot-collector.js';

export interface CollectorServiceProps {
  readonly collector: AdotCollector;
  /** Service name; must differ from the operator's own `<collector>-collector` Service. */
  readonly name: string;
}

/**
 * A Service in front of a deployment-mode collector's pods, shipped with the manifests so an
 * Ingress never points at a Service that only exists once the operator has reconciled.
 * It selects pods with the labels the operator itself uses as selector for its own Service
 * (managed-by, instance = <ns>.<name>, component).
 * @see https://github.com/open-telemetry/opentelemetry-operator/blob/main/internal/manifests/manifestutils/labels.go
 */
export class CollectorService extends Construct {
  readonly name: string;
  /** Port of the collector's OTLP/HTTP receiver, read from its config. */
  readonly otlpHttpPort: number;
  /** Port of the collector's health_check extension, read from its config. */
  readonly healthPort: number;
  readonly service: kplus.Service;
  /** Pass to an AlbIngress: the OTLP/HTTP port, health-checked on the health_check port. */
  readonly albBackend: AlbBackend;

  constructor(scope: Construct, id: string, props: CollectorServiceProps) {
    super(scope, id);
    const { collector } = props;
    const where = `CollectorService "${props.name}"`;
    const problem = dns1123LabelProblem(props.name);
    if (problem) throw new InvalidPropError(where, 'name', props.name, problem);
    if (collector.mode !== 'deployment') {
      throw new InvalidPropError(
        where,
        'collector',
        collector.name,
        "Only a deployment-mode collector has pods of its own to route to; a sidecar is reached on the app pod's loopback.",
      );
    }
    if (props.name === `${collector.name}-collector`) {
      throw new InvalidPropError(
        where,
        'name',
        props.name,
        `The operator owns the Service "${collector.name}-collector" and would overwrite this one; pick another name such as "${collector.name}-ingress".`,
      );
    }
    const httpEndpoint = collector.config.receivers.otlp.protocols.http?.endpoint;
    if (httpEndpoint === undefined) {
      throw new InvalidPropError(
        where,
        'collector',
        collector.name,
        'The collector has no OTLP/HTTP receiver, so this Service would route to a closed port. Give the collector otlpHttp options.',
      );
    }
    this.name = props.name;
    // Read from the collector config rather than retyped, so the Service follows an endpoint change.
    this.otlpHttpPort = endpointPort(where, 'otlp http endpoint', httpEndpoint);
    this.healthPort = endpointPort(
      where,
      'health_check endpoint',
      collector.config.extensions.health_check.endpoint,
    );
    this.service = new kplus.Service(this, 'Resource', {
      metadata: { name: props.name, namespace: collector.namespace },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [
        {
          name: 'otlp-http',
          port: this.otlpHttpPort,
          targetPort: this.otlpHttpPort,
          protocol: kplus.Protocol.TCP,
        },
        {
          name: 'health',
          port: this.healthPort,
          targetPort: this.healthPort,
          protocol: kplus.Protocol.TCP,
        },
      ],
    });
    const selector = {
      'app.kubernetes.io/managed-by': 'opentelemetry-operator',
      'app.kubernetes.io/instance': `${collector.namespace}.${collector.name}`,
      'app.kubernetes.io/component': 'opentelemetry-collector',
    };
    for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);
    this.albBackend = {
      namespace: collector.namespace,
      service: this.service,
      port: this.otlpHttpPort,
      // The health_check extension answers on "/" of its own port.
      healthCheck: { path: '/', port: this.healthPort },
    };
    this.node.addDependency(collector);
  }
}

/** The port of a collector `host:port` endpoint. */
function endpointPort(where: string, what: string, endpoint: string): number {
  const port = Number(/:(\d+)$/.exec(endpoint)?.[1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidPropError(
      where,
      'collector',
      endpoint,
      `The collector's ${what} has no port (expected "host:port", e.g. "0.0.0.0:4318"); fix the collector's endpoint.`,
    );
  }
  return port;
}
