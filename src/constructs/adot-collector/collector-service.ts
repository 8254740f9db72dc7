import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IService } from 'kubernetes-models/v1/Service';
import { InvalidPropError, dns1123LabelProblem } from '../validation.js';
import type { AdotCollector } from './adot-collector.js';

/** Port of the collector's health_check extension (see the collector config). */
export const COLLECTOR_HEALTH_PORT = 13133;
/** Port of the OTLP/HTTP receiver. */
export const OTLP_HTTP_PORT = 4318;

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
  readonly otlpHttpPort = OTLP_HTTP_PORT;
  readonly healthPort = COLLECTOR_HEALTH_PORT;
  readonly apiObject: ApiObject;

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
    this.name = props.name;
    const body: IService = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: props.name, namespace: collector.namespace },
      spec: {
        type: 'ClusterIP',
        selector: {
          'app.kubernetes.io/managed-by': 'opentelemetry-operator',
          'app.kubernetes.io/instance': `${collector.namespace}.${collector.name}`,
          'app.kubernetes.io/component': 'opentelemetry-collector',
        },
        ports: [
          { name: 'otlp-http', port: OTLP_HTTP_PORT, targetPort: OTLP_HTTP_PORT, protocol: 'TCP' },
          {
            name: 'health',
            port: COLLECTOR_HEALTH_PORT,
            targetPort: COLLECTOR_HEALTH_PORT,
            protocol: 'TCP',
          },
        ],
      },
    };
    this.apiObject = new ApiObject(this, 'Resource', body);
    this.node.addDependency(collector);
  }
}
