import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { ALB_READINESS_GATE_LABEL } from '../contracts.js';
import { InvalidPropError, dns1123LabelProblem } from './validation.js';

export interface RestrictedNamespaceProps {
  readonly name: string;
  /**
   * The namespace holds pods that an ALB targets by IP. The AWS Load Balancer Controller then
   * adds a readiness gate to each new pod, so a rollout removes an old pod only once the ALB has
   * registered its replacement as healthy.
   * @default false
   * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/
   */
  readonly albTargets?: boolean;
}

/**
 * A Namespace that enforces the Pod Security Standards "restricted" profile, so a pod that
 * loses its hardening (including an injected sidecar) is refused at admission, not run.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class RestrictedNamespace extends Construct {
  readonly name: string;
  readonly albTargets: boolean;
  readonly namespace: kplus.Namespace;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    const problem = dns1123LabelProblem(props.name);
    if (problem) throw new InvalidPropError('RestrictedNamespace', 'name', props.name, problem);
    this.name = props.name;
    this.albTargets = props.albTargets ?? false;
    this.namespace = new kplus.Namespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          'app.kubernetes.io/part-of': 'eks-xray',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          ...(this.albTargets ? { [ALB_READINESS_GATE_LABEL]: 'enabled' } : {}),
        },
      },
    });
  }
}
