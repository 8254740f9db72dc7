import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import {
  InvalidPropError,
  certificateArnProblem,
  dns1123LabelProblem,
  hostNameProblem,
} from './validation.js';

/**
 * How long a pod behind the ALB waits (preStop) before SIGTERM, so the load balancer stops sending
 * it new connections first. Pass it to SecureWorkload.preStopSleepSeconds for workloads behind
 * an AlbIngress.
 */
export const ALB_DEREGISTRATION_WAIT_SECONDS = 5;

export interface AlbIngressProps {
  readonly name: string;
  readonly namespace: string;
  /** Public host name; also used for ACM certificate discovery when certificateArn is unset. */
  readonly host: string;
  readonly serviceName: string;
  readonly servicePort: number;
  /** Path the ALB health check requests. */
  readonly healthCheckPath: string;
  /** Pod port the ALB health check targets. @default the traffic port */
  readonly healthCheckPort?: number;
  /**
   * ACM certificate for the HTTPS listener.
   * @default undefined: the AWS Load Balancer Controller discovers a certificate matching `host`
   * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/cert_discovery/
   */
  readonly certificateArn?: string;
  /**
   * Ingress group: Ingresses with the same group share one ALB.
   * @default undefined: one ALB per Ingress
   */
  readonly groupName?: string;
}

/**
 * An internet-facing HTTPS-only Ingress for the AWS Load Balancer Controller (ingressClassName
 * `alb`), targeting pod IPs so the ALB adds X-Amzn-Trace-Id straight to the pod's request.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 */
export class AlbIngress extends Construct {
  readonly url: string;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AlbIngressProps) {
    super(scope, id);
    const where = `AlbIngress "${props.name}"`;
    for (const prop of ['name', 'namespace', 'serviceName'] as const) {
      const problem = dns1123LabelProblem(props[prop]);
      if (problem) throw new InvalidPropError(where, prop, props[prop], problem);
    }
    const hostIssue = hostNameProblem(props.host);
    if (hostIssue) throw new InvalidPropError(where, 'host', props.host, hostIssue);
    const certIssue =
      props.certificateArn === undefined ? undefined : certificateArnProblem(props.certificateArn);
    if (certIssue) {
      throw new InvalidPropError(where, 'certificateArn', props.certificateArn, certIssue);
    }
    this.url = `https://${props.host}`;

    const annotations: Record<string, string> = {
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'alb.ingress.kubernetes.io/healthcheck-path': props.healthCheckPath,
      ...(props.healthCheckPort !== undefined
        ? { 'alb.ingress.kubernetes.io/healthcheck-port': String(props.healthCheckPort) }
        : {}),
      ...(props.certificateArn !== undefined
        ? { 'alb.ingress.kubernetes.io/certificate-arn': props.certificateArn }
        : {}),
      ...(props.groupName !== undefined
        ? { 'alb.ingress.kubernetes.io/group.name': props.groupName }
        : {}),
    };

    const body: IIngress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: props.name, namespace: props.namespace, annotations },
      spec: {
        ingressClassName: 'alb',
        tls: [{ hosts: [props.host] }],
        rules: [
          {
            host: props.host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: props.serviceName, port: { number: props.servicePort } },
                  },
                },
              ],
            },
          },
        ],
      },
    };
    this.apiObject = new ApiObject(this, 'Resource', body);
  }
}
