import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLEEP_ACTION_MIN_KUBERNETES } from '../../src/shutdown-budget.js';
import { at, find, synthesize } from './helpers/manifests.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, '../../docs/deploy.md'), 'utf8');

describe('GIVEN the runbook and the synthesized collectors', () => {
  const { all } = synthesize();

  it('THEN the cluster it asks for runs the preStop sleep action both collectors rely on', () => {
    for (const [name, namespace] of [
      ['otel-sidecar', 'prod'],
      ['otel-web', 'tracing'],
    ] as const) {
      const cr = find(all, 'OpenTelemetryCollector', name, namespace);
      expect(at(cr, 'spec', 'lifecycle', 'preStop', 'sleep'), name).toBeTypeOf('object');
    }
    const asked = /\*\*An EKS cluster, Kubernetes (\d+\.\d+) or later\.\*\*/.exec(RUNBOOK)?.[1];
    expect(asked, 'the cluster requirement line of docs/deploy.md').toBe(
      SLEEP_ACTION_MIN_KUBERNETES,
    );
  });
});

/** The runbook's shell commands, from the fenced bash blocks between two headings. */
function commands(from: string, to: string): string {
  const start = RUNBOOK.indexOf(from);
  const end = RUNBOOK.indexOf(to, start + 1);
  if (start < 0 || end < 0) throw new Error(`docs/deploy.md has no section "${from}" .. "${to}"`);
  const blocks = [...RUNBOOK.slice(start, end).matchAll(/```bash\n([\s\S]*?)```/g)];
  return blocks.map((m) => m[1] ?? '').join('\n');
}

describe('GIVEN what the runbook creates and what its teardown deletes', () => {
  const deploy = commands('## 1. Tools', '## The public span endpoint');
  const teardown = commands('## Teardown', '## Verified against upstream');

  it.each([
    ['the controller IAM policy', 'aws iam create-policy', 'aws iam delete-policy'],
    ['the controller role', 'eksctl create iamserviceaccount', 'eksctl delete iamserviceaccount'],
    [
      'the controller',
      'helm install aws-load-balancer-controller',
      'helm uninstall aws-load-balancer-controller',
    ],
    ['the certificate', 'aws acm request-certificate', 'aws acm delete-certificate'],
    [
      'the Terraform resources',
      'terraform -chdir=terraform apply',
      'terraform -chdir=terraform destroy',
    ],
    ['the manifests', 'kubectl apply -f dist/', 'kubectl delete -f dist/'],
    ['the DNS records', '"Action\\":\\"UPSERT\\"', '"Action\\":\\"DELETE\\"'],
  ])('THEN %s, created with `%s`, is removed with `%s`', (_what, create, remove) => {
    expect(deploy).toContain(create);
    expect(teardown).toContain(remove);
  });

  it('THEN the certificate validation records are deleted as the host records are, before the certificate', () => {
    const validation = 'Certificate.DomainValidationOptions[].ResourceRecord.[Name,Value]';
    expect(deploy).toContain(validation);
    const readBack = teardown.indexOf(validation);
    expect(readBack, 'teardown reads the validation records back').toBeGreaterThan(-1);
    expect(readBack).toBeLessThan(teardown.indexOf('aws acm delete-certificate'));
  });
});
