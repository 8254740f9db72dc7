/** Props of a plain workload the construct tests start from. */
import type { SecureWorkloadProps } from '../../../src/constructs/index.js';

export const WORKLOAD_PROPS: SecureWorkloadProps = {
  name: 'api',
  namespace: 'prod',
  image: 'registry.example.com/api:1.2.3',
  port: 8080,
  runAsUser: 1000,
  livenessPath: '/healthz',
  readinessPath: '/readyz',
};
