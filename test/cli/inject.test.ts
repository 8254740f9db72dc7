import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import {
  collectorConfigHash,
  INJECT_ANNOTATION,
  INJECTED_LABEL,
  SIDECAR_CONFIG_HASH_ANNOTATION,
} from '../../src/contracts.js';
import {
  effectiveInjectValue,
  injectedLabelValue,
  resolveInject,
  type CollectorCR,
} from '../../src/cli/inject.js';
import { SIDECAR_CONTAINER, staleness } from '../../src/cli/workloads.js';

const cr = (namespace: string, name: string, mode: string): CollectorCR => ({
  metadata: { name, namespace },
  spec: { mode },
});
const index = (...crs: CollectorCR[]): Map<string, CollectorCR[]> => {
  const m = new Map<string, CollectorCR[]>();
  for (const c of crs) m.set(c.metadata.namespace, [...(m.get(c.metadata.namespace) ?? []), c]);
  return m;
};
const ann = (v: string): Record<string, string> => ({ [INJECT_ANNOTATION]: v });
const resolvedName = (r: ReturnType<typeof resolveInject>): string | undefined =>
  r.ok ? `${r.collector.metadata.namespace}/${r.collector.metadata.name}` : undefined;

describe('inject annotation resolution (the operator rules)', () => {
  it('GIVEN "true" and exactly one sidecar-mode CR in the namespace WHEN resolved THEN it is that CR (deployment-mode ones do not count)', () => {
    const r = resolveInject(
      'true',
      'prod',
      index(cr('prod', 'otel-sidecar', 'sidecar'), cr('prod', 'gateway', 'deployment')),
    );
    expect(resolvedName(r)).toBe('prod/otel-sidecar');
  });

  it('GIVEN "true" and no or two sidecar CRs WHEN resolved THEN it fails saying which', () => {
    const none = resolveInject('true', 'prod', index(cr('tracing', 'otel-sidecar', 'sidecar')));
    const two = resolveInject(
      'true',
      'prod',
      index(cr('prod', 'a', 'sidecar'), cr('prod', 'b', 'sidecar')),
    );
    expect(none).toMatchObject({
      ok: false,
      problem: '"true" but no sidecar-mode OpenTelemetryCollector in namespace prod',
    });
    expect(two).toMatchObject({
      ok: false,
      problem: '"true" but 2 sidecar-mode collectors in prod (a, b)',
    });
  });

  it('GIVEN a name WHEN resolved THEN it is looked up in the pod namespace only', () => {
    const crs = index(cr('prod', 'otel-sidecar', 'sidecar'), cr('tracing', 'other', 'sidecar'));
    expect(resolvedName(resolveInject('otel-sidecar', 'prod', crs))).toBe('prod/otel-sidecar');
    expect(resolveInject('other', 'prod', crs)).toMatchObject({
      ok: false,
      problem: '"other" but there is no OpenTelemetryCollector prod/other',
    });
  });

  it('GIVEN ns/name WHEN resolved THEN it is looked up in that namespace', () => {
    expect(
      resolvedName(
        resolveInject('tracing/other', 'prod', index(cr('tracing', 'other', 'sidecar'))),
      ),
    ).toBe('tracing/other');
  });

  it('GIVEN a name of a deployment-mode CR WHEN resolved THEN it fails: not a sidecar', () => {
    expect(
      resolveInject('tracing/otel-web', 'prod', index(cr('tracing', 'otel-web', 'deployment'))),
    ).toMatchObject({
      ok: false,
      problem: '"tracing/otel-web" names tracing/otel-web, which is mode deployment, not sidecar',
    });
  });

  it('GIVEN pod and namespace annotations WHEN combined THEN the operator precedence applies', () => {
    expect(effectiveInjectValue(undefined, ann('ns-col'))).toBe('ns-col');
    expect(effectiveInjectValue(ann('pod-col'), ann('ns-col'))).toBe('pod-col');
    expect(effectiveInjectValue(ann('false'), ann('ns-col'))).toBe('false');
    expect(effectiveInjectValue(ann('true'), ann('ns-col'))).toBe('ns-col');
    expect(effectiveInjectValue(ann('true'), ann('false'))).toBe('true');
    expect(effectiveInjectValue(ann('x'), undefined)).toBe('x');
    expect(effectiveInjectValue(undefined, undefined)).toBe('');
  });
});

describe('the injected label value (operator naming.Truncate)', () => {
  it('GIVEN a short namespace and name WHEN the label value is computed THEN it is ns.name', () => {
    expect(injectedLabelValue('prod', 'otel-sidecar')).toBe('prod.otel-sidecar');
  });

  it('GIVEN ns.name longer than 63 WHEN the label value is computed THEN the namespace is cut first, then the name, then a leading dot trimmed', () => {
    const ns = 'd0c1e62-4d96-11ea-b174-c85b7644b6b5';
    const name = 'sidecar-4d96-11ea-b174-c85b7644b6b5';
    expect(injectedLabelValue(ns, name)).toBe(`d0c1e62-4d96-11ea-b174-c85b.${name}`);
    const long = 'x'.repeat(63);
    expect(injectedLabelValue('prod', long)).toBe('x'.repeat(62));
  });

  it('GIVEN a pod injected from a CR whose ns.name exceeds 63 characters WHEN staleness is judged THEN the pod is current, not "from another collector"', () => {
    const ns = 'observability-platform-production';
    const name = 'otel-sidecar-for-the-payments-service';
    const config = { receivers: { otlp: {} } };
    const collector: CollectorCR = {
      metadata: { name, namespace: ns },
      spec: { mode: 'sidecar', config },
    };
    const pod: V1Pod = {
      metadata: {
        name: 'payments-1',
        labels: { [INJECTED_LABEL]: injectedLabelValue(ns, name) },
        annotations: { [SIDECAR_CONFIG_HASH_ANNOTATION]: collectorConfigHash(config) },
      },
      spec: { containers: [{ name: 'app' }, { name: SIDECAR_CONTAINER }] },
      status: { phase: 'Running' },
    };
    expect(injectedLabelValue(ns, name).length).toBe(63);
    expect(staleness([pod], collector)).toEqual({ stalePods: 0, reason: '' });
  });
});
