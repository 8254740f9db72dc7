import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../src/config.js';
import { RestrictedNamespace } from '../src/constructs/index.js';

/**
 * The namespaces, in their own chart so `kubectl apply -f dist/` creates them first. Both hold
 * pods an ALB targets by IP (the apps in prod, the web collector in tracing), so both get the
 * readiness-gate label before any of those pods exist.
 */
export class NamespacesChart extends Chart {
  readonly prod: RestrictedNamespace;
  readonly tracing: RestrictedNamespace;

  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    this.prod = new RestrictedNamespace(this, 'Prod', {
      name: config.prodNamespace,
      albTargets: true,
    });
    this.tracing = new RestrictedNamespace(this, 'Tracing', {
      name: config.tracingNamespace,
      albTargets: true,
    });
  }
}
