import { createHash } from 'node:crypto';
import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import {
  INJECT_ANNOTATION,
  SIDECAR_CONFIG_HASH_ANNOTATION,
  SIDECAR_SPEC_HASH_ANNOTATION,
} from '../../contracts.js';
import type { AlbBackend } from '../alb-ingress/routing.js';
import { RUNTIME_CONFIG_HASH_ANNOTATION, type JsonConfigMap } from '../json-config-map.js';
import {
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from './pod-security.js';
import { WORKLOAD_RESOURCE_DEFAULTS } from '../../workload-resources.js';
import type { SecureWorkloadProps } from './props.js';
import { validateWorkloadProps } from './validate.js';

const DEFAULTS = WORKLOAD_RESOURCE_DEFAULTS;
const DEFAULT_RESOURCES: kplus.ContainerResources = {
  cpu: {
    request: kplus.Cpu.millis(DEFAULTS.cpuRequestMillis),
    limit: kplus.Cpu.millis(DEFAULTS.cpuLimitMillis),
  },
  memory: {
    request: Size.mebibytes(DEFAULTS.memoryRequestMiB),
    limit: Size.mebibytes(DEFAULTS.memoryLimitMiB),
  },
};

/**
 * A Deployment with a ClusterIP Service and a PodDisruptionBudget, all under one stable name,
 * hardened by default: non-root, read-only root filesystem, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp. Selectors use `app.kubernetes.io/name` rather
 * than cdk8s-plus's generated address label: a Deployment's selector can never change, so it must
 * not depend on where the construct sits in the tree.
 */
export class SecureWorkload extends Construct {
  readonly name: string;
  readonly namespace: string;
  /** Service port the Ingress targets. */
  readonly servicePort = 80;
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly podDisruptionBudget: kplus.k8s.KubePodDisruptionBudget;
  /** Pass to an AlbIngress: the Service port, health-checked on the liveness path. */
  readonly albBackend: AlbBackend;

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

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      select: false,
      replicas: props.replicas ?? 2,
      // Surge first so capacity never drops during a rollout (e.g. a sidecar config change).
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      podMetadata: { labels },
      ...(props.serviceAccount ? { serviceAccount: props.serviceAccount.serviceAccount } : {}),
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(props.terminationGracePeriodSeconds ?? 30),
      securityContext: restrictedPodSecurityContext(props.runAsUser),
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    const container = this.deployment.addContainer(containerProps(props));
    this.mountStorage(container, props);
    this.annotate(props);

    this.service = new kplus.Service(this, 'Service', {
      metadata,
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [
        {
          name: 'http',
          port: this.servicePort,
          targetPort: props.port,
          protocol: kplus.Protocol.TCP,
        },
      ],
    });
    for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);

    this.podDisruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata,
      spec: {
        minAvailable: kplus.k8s.IntOrString.fromNumber(props.minAvailable ?? 1),
        selector: { matchLabels: selector },
      },
    });

    this.albBackend = {
      namespace: props.namespace,
      service: this.service,
      port: this.servicePort,
      healthCheck: { path: props.livenessPath },
    };
    // Pods created before the sidecar CR exists are silently not injected: apply it first.
    for (const before of [props.sidecar, props.serviceAccount]) {
      if (before) this.deployment.node.addDependency(before);
    }
    for (const file of props.files ?? []) this.deployment.node.addDependency(file.configMap);
  }

  private annotate(props: SecureWorkloadProps): void {
    const pod = this.deployment.podMetadata;
    if (props.sidecar) {
      pod.addAnnotation(INJECT_ANNOTATION, props.sidecar.name);
      pod.addAnnotation(SIDECAR_CONFIG_HASH_ANNOTATION, props.sidecar.configHash);
      pod.addAnnotation(SIDECAR_SPEC_HASH_ANNOTATION, props.sidecar.containerHash);
    }
    const configMaps = [...new Set((props.files ?? []).map((f) => f.configMap))];
    if (configMaps.length > 0) {
      pod.addAnnotation(RUNTIME_CONFIG_HASH_ANNOTATION, combinedHash(configMaps));
    }
  }

  private mountStorage(container: kplus.Container, props: SecureWorkloadProps): void {
    for (const dir of props.writableDirs ?? []) {
      const name = volumeName(dir);
      const volume = kplus.Volume.fromEmptyDir(this, `EmptyDir-${name}`, name, {
        sizeLimit: Size.mebibytes(64),
      });
      container.mount(dir, volume);
    }
    const volumes = new Map<JsonConfigMap, kplus.Volume>();
    for (const file of props.files ?? []) {
      const { configMap } = file;
      let volume = volumes.get(configMap);
      if (!volume) {
        volume = kplus.Volume.fromConfigMap(
          this,
          `ConfigMap-${configMap.name}`,
          configMap.configMap,
          {
            name: `cm-${configMap.name}`,
          },
        );
        volumes.set(configMap, volume);
      }
      // subPath mounts do not see ConfigMap updates; the hash annotation rolls the pods instead.
      container.mount(file.mountPath, volume, { subPath: configMap.key, readOnly: true });
    }
  }
}

function containerProps(props: SecureWorkloadProps): kplus.ContainerProps {
  const preStop = props.preStopSleepSeconds ?? 0;
  return {
    name: props.name,
    image: props.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    // `ports` rather than `portNumber`: the latter also adds a TCP startup probe.
    ports: [{ number: props.port, name: 'http', protocol: kplus.Protocol.TCP }],
    envVariables: { ...props.env },
    resources: props.resources ?? DEFAULT_RESOURCES,
    readiness: kplus.Probe.fromHttpGet(props.readinessPath, {
      port: props.port,
      periodSeconds: Duration.seconds(5),
      failureThreshold: 3,
    }),
    liveness: kplus.Probe.fromHttpGet(props.livenessPath, {
      port: props.port,
      initialDelaySeconds: Duration.seconds(5),
      periodSeconds: Duration.seconds(10),
      failureThreshold: 3,
    }),
    ...(preStop > 0
      ? { lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', String(preStop)]) } }
      : {}),
    securityContext: restrictedContainerSecurityContext(props.runAsUser),
  };
}

/** One ConfigMap's own hash, or a hash over several, so any edit changes the annotation. */
function combinedHash(configMaps: readonly JsonConfigMap[]): string {
  if (configMaps.length === 1 && configMaps[0]) return configMaps[0].contentHash;
  const lines = configMaps.map((c) => `${c.name}=${c.contentHash}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

function volumeName(path: string): string {
  return (
    path
      .replace(/^\/+/, '')
      .replace(/[^a-z0-9]+/gi, '-')
      .toLowerCase() || 'root'
  );
}
