import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../src/config.js';
import {
  ALB_DEREGISTRATION_WAIT_SECONDS,
  AlbIngress,
  JsonConfigMap,
  RUNTIME_CONFIG_HASH_ANNOTATION,
  SecureWorkload,
} from '../src/constructs/index.js';

export const TASK_WEB_NAME = 'task-web';
/** nginx-unprivileged listens on 8080 as uid 101. */
const WEB_PORT = 8080;
const WEB_UID = 101;
const RUNTIME_CONFIG_FILE = 'runtime-config.json';

export interface TaskWebUrls {
  /** Public URL of the task API. */
  readonly apiUrl: string;
  /** Public URL the browser OTLP exporter posts to. */
  readonly collectorUrl: string;
}

/**
 * Namespace `prod`: the static web UI (nginx-unprivileged style) with its runtime config
 * (API and collector URLs) mounted from a ConfigMap, a Service and an ALB Ingress.
 */
export class TaskWebChart extends Chart {
  readonly runtimeConfig: JsonConfigMap;
  readonly workload: SecureWorkload;

  constructor(scope: Construct, id: string, config: DeployConfig, urls: TaskWebUrls) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespace = config.prodNamespace;

    this.runtimeConfig = new JsonConfigMap(this, 'RuntimeConfig', {
      name: `${TASK_WEB_NAME}-runtime-config`,
      namespace,
      key: RUNTIME_CONFIG_FILE,
      content: { apiUrl: urls.apiUrl, collectorUrl: urls.collectorUrl },
    });
    this.workload = new SecureWorkload(this, 'TaskWeb', {
      name: TASK_WEB_NAME,
      namespace,
      image: config.taskWebImage,
      port: WEB_PORT,
      runAsUser: WEB_UID,
      livenessPath: '/',
      readinessPath: '/',
      replicas: config.taskWebReplicas,
      preStopSleepSeconds: ALB_DEREGISTRATION_WAIT_SECONDS,
      resources: {
        requests: { cpu: '25m', memory: '32Mi' },
        limits: { cpu: '200m', memory: '64Mi' },
      },
      // nginx writes its pid and temp files here; the root filesystem is read-only.
      writableDirs: ['/tmp', '/var/cache/nginx'],
      files: [
        {
          configMapName: this.runtimeConfig.name,
          key: RUNTIME_CONFIG_FILE,
          mountPath: `/usr/share/nginx/html/${RUNTIME_CONFIG_FILE}`,
        },
      ],
      podAnnotations: { [RUNTIME_CONFIG_HASH_ANNOTATION]: this.runtimeConfig.contentHash },
    });
    this.workload.node.addDependency(this.runtimeConfig);

    new AlbIngress(this, 'Ingress', {
      name: TASK_WEB_NAME,
      namespace,
      host: config.webHost,
      serviceName: this.workload.name,
      servicePort: this.workload.servicePort,
      healthCheckPath: '/',
      groupName: config.albGroupName,
      ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    }).node.addDependency(this.workload);
  }
}
