import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { IRSA_ROLE_ANNOTATION, serviceAccountSubject } from '../contracts.js';
import { InvalidPropError, dns1123LabelProblem, roleArnProblem } from './validation.js';

export interface IrsaServiceAccountProps {
  /** Service account name; the IAM role's trust policy names it in its `sub` condition. */
  readonly name: string;
  readonly namespace: string;
  /**
   * IAM role assumed through IRSA.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
   */
  readonly roleArn: string;
}

/**
 * A ServiceAccount annotated for IAM Roles for Service Accounts. This is the one place IRSA is
 * wired: pods (and their injected sidecars) running as it get the role's credentials. Pass the
 * object itself to a workload or collector; they take its name and check its namespace.
 */
export class IrsaServiceAccount extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly roleArn: string;
  /** `system:serviceaccount:<ns>:<name>`, what the role's trust policy must match. */
  readonly subject: string;
  readonly serviceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: IrsaServiceAccountProps) {
    super(scope, id);
    const where = `IrsaServiceAccount "${props.name}"`;
    for (const prop of ['name', 'namespace'] as const) {
      const problem = dns1123LabelProblem(props[prop]);
      if (problem) throw new InvalidPropError(where, prop, props[prop], problem);
    }
    const arnProblem = roleArnProblem(props.roleArn);
    if (arnProblem) throw new InvalidPropError(where, 'roleArn', props.roleArn, arnProblem);

    this.name = props.name;
    this.namespace = props.namespace;
    this.roleArn = props.roleArn;
    this.subject = serviceAccountSubject(props.namespace, props.name);
    this.serviceAccount = new kplus.ServiceAccount(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { [IRSA_ROLE_ANNOTATION]: props.roleArn },
      },
      // Pods of this project never call the Kubernetes API. The IRSA webhook mounts its own
      // projected token, independent of this setting.
      automountToken: false,
    });
  }
}
