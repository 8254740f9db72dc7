import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../src/config.js';
import { RestrictedNamespace } from '../src/constructs/index.js';

/** The namespaces, in their own chart so `kubectl apply -f dist/` creates them first. */
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    new RestrictedNamespace(this, 'Prod', { name: config.prodNamespace });
    new RestrictedNamespace(this, 'Tracing', { name: config.tracingNamespace });
  }
}
