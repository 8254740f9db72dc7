import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import {
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from './pod-security.js';
import { validateWorkloadProps } from './validate.js';

/** A single file from a ConfigMap key, mounted read-only at an exact path. */
export interface MountedFile {
  readonly configMapName: string;
  readonly key: string;
  readonly mountPath: string;
}

export interface SecureWorkloadProps {
  /** Name of the Deployment, Service, PodDisruptionBudget and container. */
  readonly name: string;
  readonly namespace: string;
  /** Image with a pinned tag or digest. */
  readonly image: string;
  /** Container port (unprivileged), named `http`. */
  readonly port: number;
  /** uid the container runs as; must match the image's user. */
  readonly runAsUser: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  /** @default 2 */
  readonly replicas?: number;
  /** PodDisruptionBudget minAvailable. @default 1 */
  readonly minAvailable?: number;
  /** @default none: the namespace's default account, with no API token mounted */
  readonly serviceAccountName?: string;
  /** @default [] */
  readonly env?: readonly IIoK8sApiCoreV1EnvVar[];
  /** Annotations on the pod template (not the Deployment), e.g. sidecar injection. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** @default requests 100m/128Mi, limits 500m/256Mi */
  readonly resources?: IIoK8sApiCoreV1ResourceRequirements;
  /** Directories that get an emptyDir, since the root filesystem is read-only. @default [] */
  readonly writableDirs?: readonly string[];
  /** @default [] */
  readonly files?: readonly MountedFile[];
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Seconds the container waits in a preStop hook before it gets SIGTERM. Behind an ALB, a pod
   * being deleted still receives new connections until its target is deregistered; without the
   * wait they are refused and the ALB answers 502. `exec sleep` rather than the native `sleep`
   * action, which needs Kubernetes 1.30.
   * @default 0 (no preStop hook)
   * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/
   */
  readonly preStopSleepSeconds?: number;
}

/**
 * A Deployment with a ClusterIP Service and a PodDisruptionBudget, all under one stable name,
 * hardened by default: non-root, read-only root filesystem, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp.
 */
export class SecureWorkload extends Construct {
  readonly name: string;
  readonly namespace: string;
  /** Service port the Ingress targets. */
  readonly servicePort = 80;
  readonly deployment: ApiObject;
  readonly service: ApiObject;
  readonly podDisruptionBudget: ApiObject;

  constructor(scope: Construct, id: string, props: SecureWorkloadProps) {
    super(scope, id);
    validateWorkloadProps(props);
    this.name = props.name;
    this.namespace = props.namespace;

    const labels = {
      'app.kubernetes.io/name': props.name,
      'app.kubernetes.io/part-of': 'eks-xray',
    };
    const selector = { 'app.kubernetes.io/name': props.name };
    const metadata = { name: props.name, namespace: props.namespace, labels };
    const { volumes, volumeMounts } = storage(props);

    const deployment: IDeployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: selector },
        // Surge first so capacity never drops during a rollout (e.g. a sidecar config change).
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: {
            labels,
            ...(props.podAnnotations ? { annotations: { ...props.podAnnotations } } : {}),
          },
          spec: {
            ...(props.serviceAccountName ? { serviceAccountName: props.serviceAccountName } : {}),
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
            securityContext: restrictedPodSecurityContext(props.runAsUser),
            containers: [
              {
                name: props.name,
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: props.port, protocol: 'TCP' }],
                env: [...(props.env ?? [])],
                resources: props.resources ?? {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '500m', memory: '256Mi' },
                },
                readinessProbe: {
                  httpGet: { path: props.readinessPath, port: 'http' },
                  periodSeconds: 5,
                  failureThreshold: 3,
                },
                livenessProbe: {
                  httpGet: { path: props.livenessPath, port: 'http' },
                  initialDelaySeconds: 5,
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                ...((props.preStopSleepSeconds ?? 0) > 0
                  ? {
                      lifecycle: {
                        preStop: {
                          exec: { command: ['sleep', String(props.preStopSleepSeconds)] },
                        },
                      },
                    }
                  : {}),
                securityContext: restrictedContainerSecurityContext(props.runAsUser),
                volumeMounts,
              },
            ],
            volumes,
          },
        },
      },
    };
    this.deployment = new ApiObject(this, 'Deployment', deployment);

    const service: IService = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: this.servicePort, targetPort: 'http', protocol: 'TCP' }],
      },
    };
    this.service = new ApiObject(this, 'Service', service);

    const pdb: IPodDisruptionBudget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata,
      spec: { minAvailable: props.minAvailable ?? 1, selector: { matchLabels: selector } },
    };
    this.podDisruptionBudget = new ApiObject(this, 'PodDisruptionBudget', pdb);
  }
}

function volumeName(path: string): string {
  return (
    path
      .replace(/^\/+/, '')
      .replace(/[^a-z0-9]+/gi, '-')
      .toLowerCase() || 'root'
  );
}

function storage(props: SecureWorkloadProps): {
  volumes: IIoK8sApiCoreV1Volume[];
  volumeMounts: IIoK8sApiCoreV1VolumeMount[];
} {
  const volumes: IIoK8sApiCoreV1Volume[] = [];
  const volumeMounts: IIoK8sApiCoreV1VolumeMount[] = [];
  for (const dir of props.writableDirs ?? []) {
    const name = volumeName(dir);
    volumes.push({ name, emptyDir: { sizeLimit: '64Mi' } });
    volumeMounts.push({ name, mountPath: dir });
  }
  for (const file of props.files ?? []) {
    const name = `cm-${file.configMapName}`;
    if (!volumes.some((v) => v.name === name)) {
      volumes.push({ name, configMap: { name: file.configMapName } });
    }
    // subPath mounts do not see ConfigMap updates; charts roll pods via a content-hash annotation.
    volumeMounts.push({ name, mountPath: file.mountPath, subPath: file.key, readOnly: true });
  }
  return { volumes, volumeMounts };
}
