import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { INJECT_ANNOTATION, SIDECAR_CONFIG_HASH_ANNOTATION } from '../src/contracts.js';
import type { DeployConfig } from '../src/config.js';
import {
  ALB_DEREGISTRATION_WAIT_SECONDS,
  AdotCollector,
  AlbIngress,
  IrsaServiceAccount,
  SecureWorkload,
  otelEnv,
} from '../src/constructs/index.js';
import { exporterFor } from './exporter.js';

export const SIDECAR_COLLECTOR_NAME = 'otel-sidecar';
export const TASK_SERVICE_NAME = 'task-service';
/** The app binds here; the sidecar listens on loopback in the same pod. */
const APP_PORT = 8080;
const APP_UID = 1000;
/** 127.0.0.1, not localhost: localhost can resolve to ::1 where the receiver is not bound. */
const SIDECAR_OTLP_GRPC = '127.0.0.1:4317';
/**
 * The app drains in-flight requests and then flushes spans, each bounded; this leaves room for
 * both plus the sidecar's own batch flush before SIGKILL.
 */
const TERMINATION_GRACE_SECONDS = 45;

/**
 * Namespace `prod`: the task service with its injected ADOT sidecar, the IRSA service account
 * both containers run under, a Service, an ALB Ingress and a PodDisruptionBudget.
 */
export class TaskServiceChart extends Chart {
  readonly collector: AdotCollector;
  readonly workload: SecureWorkload;
  readonly ingress: AlbIngress;

  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespace = config.prodNamespace;

    // The sidecar runs under the pod's service account, so this role needs X-Ray write too.
    const serviceAccount = new IrsaServiceAccount(this, 'ServiceAccount', {
      name: config.taskServiceAccount,
      namespace,
      roleArn: config.taskServiceRoleArn,
    });
    this.collector = new AdotCollector(this, 'Sidecar', {
      name: SIDECAR_COLLECTOR_NAME,
      namespace,
      mode: 'sidecar',
      region: config.region,
      otlpGrpcEndpoint: SIDECAR_OTLP_GRPC,
      exporter: exporterFor(config),
    });

    this.workload = new SecureWorkload(this, 'TaskService', {
      name: TASK_SERVICE_NAME,
      namespace,
      image: config.taskServiceImage,
      port: APP_PORT,
      runAsUser: APP_UID,
      livenessPath: '/healthz',
      readinessPath: '/readyz',
      replicas: config.taskServiceReplicas,
      serviceAccountName: serviceAccount.name,
      terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
      preStopSleepSeconds: ALB_DEREGISTRATION_WAIT_SECONDS,
      writableDirs: ['/tmp'],
      podAnnotations: {
        [INJECT_ANNOTATION]: this.collector.injectAnnotationValue,
        [SIDECAR_CONFIG_HASH_ANNOTATION]: this.collector.configHash,
      },
      env: [
        { name: 'PORT', value: String(APP_PORT) },
        { name: 'TASKS_TABLE', value: config.tasksTableName },
        { name: 'AWS_REGION', value: config.region },
        { name: 'CORS_ALLOWED_ORIGINS', value: config.webOrigins.join(',') },
        ...otelEnv({
          serviceName: TASK_SERVICE_NAME,
          clusterName: config.clusterName,
          otlpEndpoint: `http://${SIDECAR_OTLP_GRPC}`,
        }),
      ],
    });
    // Pods created before the sidecar CR exists are silently not injected: apply it first.
    this.workload.node.addDependency(this.collector, serviceAccount);

    this.ingress = new AlbIngress(this, 'Ingress', {
      name: TASK_SERVICE_NAME,
      namespace,
      host: config.apiHost,
      serviceName: this.workload.name,
      servicePort: this.workload.servicePort,
      healthCheckPath: '/healthz',
      groupName: config.albGroupName,
      ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    });
    this.ingress.node.addDependency(this.workload);
  }
}
