import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import { InvalidPropError, dns1123LabelProblem } from './validation.js';

export interface RestrictedNamespaceProps {
  readonly name: string;
}

/**
 * A Namespace that enforces the Pod Security Standards "restricted" profile, so a pod that
 * loses its hardening (including an injected sidecar) is refused at admission, not run.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class RestrictedNamespace extends Construct {
  readonly name: string;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    const problem = dns1123LabelProblem(props.name);
    if (problem) throw new InvalidPropError('RestrictedNamespace', 'name', props.name, problem);
    this.name = props.name;
    const body: INamespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
        labels: {
          'app.kubernetes.io/part-of': 'eks-xray',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    };
    this.apiObject = new ApiObject(this, 'Resource', body);
  }
}
