import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  AlbIngress,
  SecureWorkload,
  type SecureWorkloadProps,
} from '../../src/constructs/index.js';
import { at, find } from './helpers/manifests.js';
import { WORKLOAD_PROPS } from './helpers/props.js';
import { validateAgainstSchema } from './helpers/schema.js';

const props = WORKLOAD_PROPS;

function build(overrides: Partial<SecureWorkloadProps> = {}): Chart {
  const chart = new Chart(Testing.app(), 'test');
  new SecureWorkload(chart, 'W', { ...props, ...overrides });
  return chart;
}

describe('GIVEN a SecureWorkload with defaults', () => {
  const objects = Testing.synth(build({ writableDirs: ['/tmp'] }));

  it('THEN it emits a Deployment, Service and PodDisruptionBudget under one name, all schema-valid', () => {
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
      validateAgainstSchema(find(objects, kind, 'api', 'prod'));
    }
  });

  it('THEN the Deployment surges before removing pods and the PDB keeps one available', () => {
    const deployment = find(objects, 'Deployment', 'api');
    expect(at(deployment, 'spec', 'strategy', 'rollingUpdate')).toEqual({
      maxSurge: 1,
      maxUnavailable: 0,
    });
    expect(at(find(objects, 'PodDisruptionBudget', 'api'), 'spec', 'minAvailable')).toBe(1);
  });

  it('THEN writable directories get emptyDir volumes because the root filesystem is read-only', () => {
    const pod = at(find(objects, 'Deployment', 'api'), 'spec', 'template', 'spec');
    expect(at(pod, 'volumes')).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(at(pod, 'containers', 0, 'securityContext', 'readOnlyRootFilesystem')).toBe(true);
  });
});

describe('GIVEN invalid SecureWorkload props', () => {
  it.each([
    [
      { image: 'registry.example.com/api' },
      /props\.image is "registry\.example\.com\/api"\. Pin the image to a version tag or digest/,
    ],
    [{ image: 'api:latest' }, /props\.image is "api:latest"\. Pin the image/],
    [
      { image: 'registry.example.com/api@sha256:abc' },
      /props\.image is "registry\.example\.com\/api@sha256:abc"\. Pin the image/,
    ],
    [{ replicas: 1 }, /props\.minAvailable is 1\. It must be a whole number below replicas \(1\)/],
    [{ port: 80 }, /props\.port is 80\. Use an unprivileged port/],
    [{ runAsUser: 0 }, /props\.runAsUser is 0\. Use a non-zero uid/],
    [{ livenessPath: 'healthz' }, /props\.livenessPath is "healthz"\. Probe paths start with "\/"/],
    [{ terminationGracePeriodSeconds: 0 }, /props\.terminationGracePeriodSeconds is 0\./],
    [
      { preStopSleepSeconds: 30 },
      /props\.preStopSleepSeconds is 30\. It must be a whole number of seconds from 0 to below terminationGracePeriodSeconds \(30\)/,
    ],
  ] as [Partial<SecureWorkloadProps>, RegExp][])(
    'WHEN given %o THEN the constructor explains the fix',
    (override, message) => {
      expect(() => build(override)).toThrow(message);
    },
  );

  it('WHEN the image is pinned by digest THEN it is accepted', () => {
    expect(() =>
      build({ image: `registry.example.com/api@sha256:${'a'.repeat(64)}` }),
    ).not.toThrow();
  });
});

describe('GIVEN an AlbIngress in front of a SecureWorkload', () => {
  function withWorkload(): { chart: Chart; workload: SecureWorkload } {
    const chart = new Chart(Testing.app(), 'test');
    return { chart, workload: new SecureWorkload(chart, 'W', props) };
  }

  it('WHEN a certificate ARN is given THEN it is set on the HTTPS-only listener, in the backend namespace', () => {
    const { chart, workload } = withWorkload();
    const arn =
      'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
    new AlbIngress(chart, 'I', {
      name: 'api',
      host: 'api.example.com',
      backend: workload.albBackend,
      certificateArn: arn,
    });
    const ingress = find(Testing.synth(chart), 'Ingress', 'api');
    validateAgainstSchema(ingress);
    expect(ingress.metadata.namespace).toBe('prod');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/certificate-arn': arn,
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/healthcheck-path': '/healthz',
    });
    expect(at(ingress, 'spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service')).toEqual({
      name: 'api',
      port: { number: workload.servicePort },
    });
  });

  it.each([
    [
      { host: 'https://api.example.com' },
      /props\.host is "https:\/\/api\.example\.com"\. It must be a bare host name.*"api\.example\.com"/,
    ],
    [
      { certificateArn: 'arn:aws:iam::123456789012:role/x' },
      /props\.certificateArn is .*It must be an ACM certificate ARN/,
    ],
  ] as [Record<string, string>, RegExp][])(
    'WHEN given %o THEN the constructor explains the fix',
    (override, message) => {
      const { chart, workload } = withWorkload();
      const base = { name: 'api', host: 'api.example.com', backend: workload.albBackend };
      expect(() => new AlbIngress(chart, 'I', { ...base, ...override })).toThrow(message);
    },
  );
});
