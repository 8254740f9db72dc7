import { Chart, Size } from 'cdk8s';
import type { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import {
  RUNTIME_CONFIG_PATH,
  TASK_WEB_PORT,
  TASK_WEB_SERVICE_NAME,
  TASK_WEB_UID,
  type RuntimeConfig,
} from '../apps/task-web/src/contract.js';
import type { DeployConfig } from '../src/config.js';
import {
  ALB_DEREGISTRATION_WAIT_SECONDS,
  AlbIngress,
  JsonConfigMap,
  SecureWorkload,
} from '../src/constructs/index.js';

/** nginx-unprivileged serves this directory (apps/task-web/Dockerfile copies the build there). */
const NGINX_DOCROOT = '/usr/share/nginx/html';

/**
 * Namespace `prod`: the static web UI (nginx-unprivileged) with its runtime config (API and
 * collector URLs) mounted from a ConfigMap, a Service and an ALB Ingress. Port, user and the
 * runtime config's path and shape come from the app's contract.
 */
export class TaskWebChart extends Chart {
  readonly runtimeConfig: JsonConfigMap;
  readonly workload: SecureWorkload;
  readonly ingress: AlbIngress;

  constructor(scope: Construct, id: string, config: DeployConfig, urls: RuntimeConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespace = config.prodNamespace;

    const content: RuntimeConfig = { apiUrl: urls.apiUrl, collectorUrl: urls.collectorUrl };
    this.runtimeConfig = new JsonConfigMap(this, 'RuntimeConfig', {
      name: `${TASK_WEB_SERVICE_NAME}-runtime-config`,
      namespace,
      key: RUNTIME_CONFIG_PATH.replace(/^\//, ''),
      content: { ...content },
    });
    this.workload = new SecureWorkload(this, 'TaskWeb', {
      name: TASK_WEB_SERVICE_NAME,
      namespace,
      image: config.taskWebImage,
      port: TASK_WEB_PORT,
      runAsUser: TASK_WEB_UID,
      livenessPath: '/',
      readinessPath: '/',
      replicas: config.taskWebReplicas,
      preStopSleepSeconds: ALB_DEREGISTRATION_WAIT_SECONDS,
      resources: {
        cpu: { request: kplus.Cpu.millis(25), limit: kplus.Cpu.millis(200) },
        memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
      },
      // nginx writes its pid and temp files here; the root filesystem is read-only.
      writableDirs: ['/tmp', '/var/cache/nginx'],
      files: [
        { configMap: this.runtimeConfig, mountPath: `${NGINX_DOCROOT}${RUNTIME_CONFIG_PATH}` },
      ],
    });

    this.ingress = new AlbIngress(this, 'Ingress', {
      name: TASK_WEB_SERVICE_NAME,
      host: config.webHost,
      backend: this.workload.albBackend,
      groupName: config.albGroupName,
      ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    });
    // Ingress before pods, so new pods get the load balancer controller's readiness gate.
    this.workload.deployment.node.addDependency(this.ingress);
  }
}
