import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import {
  SHUTDOWN_DEFAULTS,
  SIDECAR_ENDPOINTS,
  TASK_SERVICE_HOSTS,
  TASK_SERVICE_NAME,
  TASK_SERVICE_PORT,
  TASK_SERVICE_PROBES,
  TASK_SERVICE_UID,
  type TaskServiceEnvName,
} from '../apps/task-service/src/contract.js';
import type { DeployConfig } from '../src/config.js';
import {
  ALB_DEREGISTRATION_WAIT_SECONDS,
  AdotCollector,
  AlbIngress,
  IrsaServiceAccount,
  SecureWorkload,
  envValues,
  otelEnv,
  type OtelEnvName,
} from '../src/constructs/index.js';
import {
  shutdownBudget,
  taskServiceShutdown,
  type ShutdownBudget,
} from '../src/shutdown-budget.js';
import { TASK_SERVICE_NODE_OPTIONS } from '../src/workload-resources.js';
import { exporterFor } from './exporter.js';

export const SIDECAR_COLLECTOR_NAME = 'otel-sidecar';

/** The service's own variables, the OpenTelemetry ones, and Node's NODE_OPTIONS. */
type TaskServiceEnv = {
  readonly [K in TaskServiceEnvName | OtelEnvName | 'NODE_OPTIONS']?: kplus.EnvValue;
};

/**
 * Namespace `prod`: the task service with its injected ADOT sidecar, the IRSA service account
 * both containers run under, a Service, an ALB Ingress and a PodDisruptionBudget. The app's
 * port, user, probes, env names and sidecar endpoints come from its contract.
 */
export class TaskServiceChart extends Chart {
  readonly collector: AdotCollector;
  readonly workload: SecureWorkload;
  readonly ingress: AlbIngress;
  /** How the pod stops without losing spans; sets the preStop waits and the grace period. */
  readonly shutdown: ShutdownBudget;

  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespace = config.prodNamespace;
    this.shutdown = shutdownBudget(taskServiceShutdown(ALB_DEREGISTRATION_WAIT_SECONDS));

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
      otlpGrpcEndpoint: SIDECAR_ENDPOINTS.otlpGrpc,
      exporter: exporterFor(config),
      // Still receiving at the app's last export, whether injected classic or native.
      preStopSleepSeconds: this.shutdown.sidecarPreStopSeconds,
      ...(config.remoteSampling ? { xraySamplingProxy: SIDECAR_ENDPOINTS.xraySamplingProxy } : {}),
    });

    const env: TaskServiceEnv = {
      PORT: kplus.EnvValue.fromValue(String(TASK_SERVICE_PORT)),
      // The service binds loopback by default; kubelet probes and the ALB reach the pod IP.
      HOST: kplus.EnvValue.fromValue(TASK_SERVICE_HOSTS.container),
      TASKS_TABLE: kplus.EnvValue.fromValue(config.tasksTableName),
      AWS_REGION: kplus.EnvValue.fromValue(config.region),
      CORS_ALLOWED_ORIGINS: kplus.EnvValue.fromValue(config.webOrigins.join(',')),
      // Stated so the pod shows the bounds its shutdown budget was computed from.
      SHUTDOWN_DRAIN_TIMEOUT_MS: kplus.EnvValue.fromValue(String(SHUTDOWN_DEFAULTS.drainTimeoutMs)),
      OTEL_SHUTDOWN_TIMEOUT_MS: kplus.EnvValue.fromValue(
        String(SHUTDOWN_DEFAULTS.telemetryFlushTimeoutMs),
      ),
      // Sized for the memory limit the workload runs under (measured by bench:service).
      NODE_OPTIONS: kplus.EnvValue.fromValue(TASK_SERVICE_NODE_OPTIONS),
      ...envValues(
        otelEnv({
          serviceName: TASK_SERVICE_NAME,
          clusterName: config.clusterName,
          otlpEndpoint: `http://${SIDECAR_ENDPOINTS.otlpGrpc}`,
        }),
      ),
      ...(config.remoteSampling
        ? {
            OTEL_TRACES_SAMPLER: kplus.EnvValue.fromValue('xray'),
            XRAY_SAMPLING_ENDPOINT: kplus.EnvValue.fromValue(
              `http://${SIDECAR_ENDPOINTS.xraySamplingProxy}`,
            ),
          }
        : {}),
    };
    this.workload = new SecureWorkload(this, 'TaskService', {
      name: TASK_SERVICE_NAME,
      namespace,
      image: config.taskServiceImage,
      port: TASK_SERVICE_PORT,
      runAsUser: TASK_SERVICE_UID,
      livenessPath: TASK_SERVICE_PROBES.liveness,
      readinessPath: TASK_SERVICE_PROBES.readiness,
      replicas: config.taskServiceReplicas,
      serviceAccount,
      sidecar: this.collector,
      terminationGracePeriodSeconds: this.shutdown.terminationGracePeriodSeconds,
      preStopSleepSeconds: this.shutdown.app.preStopSeconds,
      writableDirs: ['/tmp'],
      env,
    });

    this.ingress = new AlbIngress(this, 'Ingress', {
      name: TASK_SERVICE_NAME,
      host: config.apiHost,
      backend: this.workload.albBackend,
      groupName: config.albGroupName,
      ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    });
    // Ingress before pods: the load balancer controller gives a pod its readiness gate only if a
    // target group already binds the pod's Service when the pod is created.
    this.workload.deployment.node.addDependency(this.ingress);
  }
}
