import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import {
  InvalidPropError,
  certificateArnProblem,
  dns1123LabelProblem,
  hostNameProblem,
  wafAclArnProblem,
} from '../validation.js';
import { AlbRoute, type AlbBackend, type AlbWaf } from './routing.js';

/**
 * How long a pod behind the ALB waits (preStop) before SIGTERM, so the load balancer stops sending
 * it new connections first. Workloads and collectors behind an AlbIngress use it.
 */
export const ALB_DEREGISTRATION_WAIT_SECONDS = 5;

const ANNOTATION = 'alb.ingress.kubernetes.io';
/** Name of the annotation action that answers 404; a backend "Service" of that name selects it. */
const NOT_FOUND_ACTION = 'response-404';

export interface AlbIngressProps {
  readonly name: string;
  /** Public host name; also used for ACM certificate discovery when certificateArn is unset. */
  readonly host: string;
  /** The Service behind the host; the Ingress is created in its namespace. */
  readonly backend: AlbBackend;
  /** @default AlbRoute.allPaths() */
  readonly route?: AlbRoute;
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
  /**
   * WAF web ACL of the ALB. In a group, set it on one Ingress only: it covers the whole ALB.
   * @default undefined: no annotation, the controller leaves the ALB's WAF association unchanged
   */
  readonly waf?: AlbWaf;
}

/**
 * An internet-facing HTTPS-only Ingress for the AWS Load Balancer Controller (ingressClassName
 * `alb`), targeting pod IPs so the ALB adds X-Amzn-Trace-Id straight to the pod's request.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 */
export class AlbIngress extends Construct {
  readonly url: string;
  readonly namespace: string;
  readonly route: AlbRoute;
  readonly ingress: kplus.Ingress;

  constructor(scope: Construct, id: string, props: AlbIngressProps) {
    super(scope, id);
    const { backend } = props;
    const route = props.route ?? AlbRoute.allPaths();
    validate(props, route);
    this.url = `https://${props.host}`;
    this.namespace = backend.namespace;
    this.route = route;

    const annotations: Record<string, string> = {
      [`${ANNOTATION}/scheme`]: 'internet-facing',
      [`${ANNOTATION}/target-type`]: 'ip',
      [`${ANNOTATION}/listen-ports`]: '[{"HTTPS":443}]',
      [`${ANNOTATION}/ssl-policy`]: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      [`${ANNOTATION}/healthcheck-path`]: backend.healthCheck.path,
    };
    if (backend.healthCheck.port !== undefined) {
      annotations[`${ANNOTATION}/healthcheck-port`] = String(backend.healthCheck.port);
    }
    if (props.certificateArn !== undefined) {
      annotations[`${ANNOTATION}/certificate-arn`] = props.certificateArn;
    }
    if (props.groupName !== undefined) annotations[`${ANNOTATION}/group.name`] = props.groupName;
    if (props.waf !== undefined) {
      annotations[`${ANNOTATION}/wafv2-acl-arn`] = props.waf.annotationValue;
    }
    if (route.methods.length > 0) {
      // Extra conditions on every rule whose backend is this Service.
      annotations[`${ANNOTATION}/conditions.${backend.service.name}`] = JSON.stringify([
        { field: 'http-request-method', httpRequestMethodConfig: { values: route.methods } },
      ]);
    }
    if (route.restricted) {
      annotations[`${ANNOTATION}/actions.${NOT_FOUND_ACTION}`] = JSON.stringify({
        type: 'fixed-response',
        fixedResponseConfig: {
          contentType: 'text/plain',
          statusCode: '404',
          messageBody: 'Not Found',
        },
      });
    }

    this.ingress = new kplus.Ingress(this, 'Resource', {
      metadata: { name: props.name, namespace: backend.namespace, annotations },
      className: 'alb',
      tls: [{ hosts: [props.host] }],
    });
    this.ingress.addHostRule(
      props.host,
      route.path,
      kplus.IngressBackend.fromService(backend.service, { port: backend.port }),
      route.pathType === 'Exact'
        ? kplus.HttpIngressPathType.EXACT
        : kplus.HttpIngressPathType.PREFIX,
    );
    if (route.restricted) {
      // Escape hatch: cdk8s-plus builds backends only from its Service objects, while an ALB
      // annotation action is selected by a backend named after it with port `use-annotation`.
      // The controller orders Exact paths before Prefix ones, so this catch-all comes last.
      ApiObject.of(this.ingress).addJsonPatch(
        JsonPatch.add('/spec/rules/0/http/paths/-', {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: NOT_FOUND_ACTION, port: { name: 'use-annotation' } } },
        }),
      );
    }
    this.node.addDependency(backend.service);
  }
}

function validate(props: AlbIngressProps, route: AlbRoute): void {
  const where = `AlbIngress "${props.name}"`;
  const nameIssue = dns1123LabelProblem(props.name);
  if (nameIssue) throw new InvalidPropError(where, 'name', props.name, nameIssue);
  const hostIssue = hostNameProblem(props.host);
  if (hostIssue) throw new InvalidPropError(where, 'host', props.host, hostIssue);
  const certIssue =
    props.certificateArn === undefined ? undefined : certificateArnProblem(props.certificateArn);
  if (certIssue) {
    throw new InvalidPropError(where, 'certificateArn', props.certificateArn, certIssue);
  }
  const acl = props.waf?.annotationValue;
  const aclIssue = acl === undefined || acl === 'none' ? undefined : wafAclArnProblem(acl);
  if (aclIssue) throw new InvalidPropError(where, 'waf', acl, aclIssue);
  if (!route.path.startsWith('/')) {
    throw new InvalidPropError(
      where,
      'route',
      route.path,
      'Paths start with "/", e.g. "/v1/traces".',
    );
  }
  if (route.methods.length > 3) {
    throw new InvalidPropError(
      where,
      'route',
      route.methods,
      'An ALB rule condition matches at most three values; list three methods or fewer.',
    );
  }
}
