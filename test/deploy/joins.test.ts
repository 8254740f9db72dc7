import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  INJECT_ANNOTATION,
  SIDECAR_CONFIG_HASH_ANNOTATION,
  SIDECAR_SPEC_HASH_ANNOTATION,
} from '../../src/contracts.js';
import {
  AdotCollector,
  AlbIngress,
  AlbRoute,
  AlbWaf,
  IrsaServiceAccount,
  JsonConfigMap,
  SecureWorkload,
  type AdotCollectorProps,
} from '../../src/constructs/index.js';
import { at, find } from './helpers/manifests.js';
import { WORKLOAD_PROPS } from './helpers/props.js';

const ROLE = 'arn:aws:iam::123456789012:role/app';
const base = WORKLOAD_PROPS;

function parts(namespace = 'prod') {
  const chart = new Chart(Testing.app(), 'test');
  const sa = new IrsaServiceAccount(chart, 'Sa', { name: 'api', namespace, roleArn: ROLE });
  const sidecar = (extra: Partial<AdotCollectorProps> = {}): AdotCollector =>
    new AdotCollector(chart, 'Sidecar', {
      name: 'otel-sidecar',
      namespace,
      mode: 'sidecar',
      region: 'us-east-1',
      otlpGrpcEndpoint: '127.0.0.1:4317',
      ...extra,
    });
  const web = (extra: Partial<AdotCollectorProps> = {}, account = sa): AdotCollector =>
    new AdotCollector(chart, 'Web', {
      name: 'otel-web',
      namespace: 'tracing',
      mode: 'deployment',
      region: 'us-east-1',
      serviceAccount: account,
      otlpHttp: {},
      ...extra,
    });
  return { chart, sa, sidecar, web };
}

describe('GIVEN a workload joined by reference to its service account and sidecar', () => {
  const { chart, sa, sidecar } = parts();
  const collector = sidecar({ preStopSleepSeconds: 22 });
  new SecureWorkload(chart, 'W', {
    ...base,
    serviceAccount: sa,
    sidecar: collector,
    terminationGracePeriodSeconds: 29,
  });
  const objects = Testing.synth(chart);
  const deployment = find(objects, 'Deployment', 'api', 'prod');

  it('THEN the workload itself sets the inject and both hash annotations and runs as the account', () => {
    expect(at(deployment, 'spec', 'template', 'metadata', 'annotations')).toEqual({
      [INJECT_ANNOTATION]: 'otel-sidecar',
      [SIDECAR_CONFIG_HASH_ANNOTATION]: collector.configHash,
      [SIDECAR_SPEC_HASH_ANNOTATION]: collector.containerHash,
    });
    expect(at(deployment, 'spec', 'template', 'spec', 'serviceAccountName')).toBe('api');
  });

  it('THEN the service account and sidecar CR are written before the Deployment', () => {
    const kinds = objects.map((o) => o.kind);
    expect(kinds.indexOf('OpenTelemetryCollector')).toBeLessThan(kinds.indexOf('Deployment'));
    expect(kinds.indexOf('ServiceAccount')).toBeLessThan(kinds.indexOf('Deployment'));
  });
});

describe('GIVEN a sidecar CR change outside spec.config', () => {
  /** The pod-template annotations of a workload injected with a sidecar built from these props. */
  function templateAnnotations(extra: Partial<AdotCollectorProps>): Record<string, string> {
    const { chart, sa, sidecar } = parts();
    new SecureWorkload(chart, 'W', {
      ...base,
      serviceAccount: sa,
      sidecar: sidecar(extra),
      terminationGracePeriodSeconds: 40,
    });
    const deployment = find(Testing.synth(chart), 'Deployment', 'api', 'prod');
    return at<Record<string, string>>(deployment, 'spec', 'template', 'metadata', 'annotations');
  }
  const before = templateAnnotations({ preStopSleepSeconds: 22 });

  it.each([
    [
      'a new collector image',
      { image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.50.0' },
    ],
    ['a longer preStop sleep', { preStopSleepSeconds: 30 }],
    ['other resources', { resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
  ] as const)(
    'WHEN the sidecar gets %s THEN the pod template changes, so applying it rolls the pods into the new sidecar',
    (_what, change) => {
      const after = templateAnnotations({ preStopSleepSeconds: 22, ...change });
      // spec.config is the same, so only the container-spec hash can tell the pods to roll.
      expect(after[SIDECAR_CONFIG_HASH_ANNOTATION]).toBe(before[SIDECAR_CONFIG_HASH_ANNOTATION]);
      expect(after).not.toEqual(before);
    },
  );
});

describe('GIVEN joins that cannot work', () => {
  it.each([
    [
      'a service account of another namespace',
      () => {
        const { chart, sa } = parts('tracing');
        new SecureWorkload(chart, 'W', { ...base, serviceAccount: sa });
      },
      /SecureWorkload "api": props\.serviceAccount is "tracing\/api"\. A pod can only run as a service account of its own namespace "prod"/,
    ],
    [
      'a sidecar of another namespace',
      () => {
        const { chart, sidecar } = parts('tracing');
        new SecureWorkload(chart, 'W', { ...base, sidecar: sidecar() });
      },
      /props\.sidecar is "tracing\/otel-sidecar"\. The operator injects only collectors from the pod's own namespace "prod"/,
    ],
    [
      'a deployment-mode collector as sidecar',
      () => {
        const { chart, web } = parts();
        new SecureWorkload(chart, 'W', { ...base, sidecar: web({ namespace: 'prod' }) });
      },
      /props\.sidecar is "otel-web"\. The collector is in deployment mode; only a sidecar-mode AdotCollector can be injected/,
    ],
    [
      'a sidecar that outlives the grace period',
      () => {
        const { chart, sidecar } = parts();
        new SecureWorkload(chart, 'W', {
          ...base,
          sidecar: sidecar({ preStopSleepSeconds: 22 }),
          terminationGracePeriodSeconds: 25,
        });
      },
      /props\.terminationGracePeriodSeconds is 25\. The sidecar "otel-sidecar" keeps receiving for 22 s .* at least 29/,
    ],
    [
      'a ConfigMap of another namespace',
      () => {
        const { chart } = parts();
        const configMap = new JsonConfigMap(chart, 'Cm', {
          name: 'cfg',
          namespace: 'tracing',
          key: 'c.json',
          content: {},
        });
        new SecureWorkload(chart, 'W', { ...base, files: [{ configMap, mountPath: '/c.json' }] });
      },
      /props\.files\[0\]\.configMap is "tracing\/cfg"\. A pod can only mount ConfigMaps of its own namespace "prod"/,
    ],
    [
      'a collector account of another namespace',
      () => parts('prod').web(),
      /AdotCollector "otel-web": props\.serviceAccount is "prod\/api"\. Collector pods can only run as a service account of their own namespace "tracing"/,
    ],
  ] as const)(
    'WHEN given %s THEN the constructor names the prop, the value and the fix',
    (_label, act, message) => {
      expect(act).toThrow(message);
    },
  );
});

describe('GIVEN invalid collector and Ingress props', () => {
  const web = (extra: Partial<AdotCollectorProps>) => () => parts('tracing').web(extra);
  /** An Ingress for a plain workload, returning its chart. */
  const withIngress = (extra: object): Chart => {
    const { chart } = parts();
    const workload = new SecureWorkload(chart, 'W', base);
    new AlbIngress(chart, 'I', {
      name: 'api',
      host: 'api.example.com',
      backend: workload.albBackend,
      ...extra,
    });
    return chart;
  };
  const ingress = (extra: object) => () => {
    withIngress(extra);
  };

  it.each([
    [
      'an empty allow-list',
      web({ allowedServiceNames: [] }),
      /props\.allowedServiceNames is \[\]\. An empty allow-list drops every span/,
    ],
    [
      'a service name with quotes',
      web({ allowedServiceNames: ['a"b'] }),
      /props\.allowedServiceNames\[0\] is "a\\"b"\. Use letters, digits/,
    ],
    [
      'a zero body cap',
      web({ otlpHttp: { maxRequestBodyBytes: 0 } }),
      /props\.otlpHttp\.maxRequestBodyBytes is 0\. Use a whole number of bytes >= 1/,
    ],
    [
      'a loopback sampling proxy in deployment mode',
      web({ xraySamplingProxy: '127.0.0.1:2000' }),
      /props\.xraySamplingProxy is "127\.0\.0\.1:2000"\. A deployment-mode collector is reached from other pods/,
    ],
    [
      'minAvailable equal to replicas',
      web({ replicas: 2, minAvailable: 2 }),
      /props\.minAvailable is 2\. It must be a whole number below replicas \(2\)/,
    ],
    [
      'a fractional preStop',
      web({ preStopSleepSeconds: 1.5 }),
      /props\.preStopSleepSeconds is 1\.5\. Use a whole number of seconds/,
    ],
    [
      'a WAF ARN that is not a regional web ACL',
      ingress({
        waf: AlbWaf.webAcl(
          'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/00000000-0000-0000-0000-000000000000',
        ),
      }),
      /AlbIngress "api": props\.waf is .*It must be a regional WAFv2 web ACL ARN/,
    ],
    [
      'four methods in one route',
      ingress({ route: AlbRoute.exactPath('/x', ['GET', 'HEAD', 'POST', 'PUT']) }),
      /props\.route is \["GET","HEAD","POST","PUT"\]\. An ALB rule condition matches at most three values/,
    ],
  ] as const)('WHEN given %s THEN the constructor explains the fix', (_label, act, message) => {
    expect(act).toThrow(message);
  });

  it('WHEN a sidecar gets minAvailable THEN it is told to protect the app Deployment instead', () => {
    const { sidecar } = parts();
    expect(() => sidecar({ minAvailable: 1 })).toThrow(
      /props\.minAvailable is 1\. A sidecar has one instance per app pod/,
    );
  });

  it('WHEN the WAF is turned off explicitly THEN the annotation says none, so the controller detaches the old ACL', () => {
    const chart = withIngress({ waf: AlbWaf.none() });
    const object = find(Testing.synth(chart), 'Ingress', 'api', 'prod');
    expect(object.metadata.annotations?.['alb.ingress.kubernetes.io/wafv2-acl-arn']).toBe('none');
  });
});
