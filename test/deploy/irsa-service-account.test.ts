import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { IRSA_ROLE_ANNOTATION } from '../../src/contracts.js';
import { IrsaServiceAccount } from '../../src/constructs/index.js';
import { find } from './helpers/manifests.js';
import { validateAgainstSchema } from './helpers/schema.js';

function build(roleArn: string, name = 'task-service'): { sa: IrsaServiceAccount; chart: Chart } {
  const chart = new Chart(Testing.app(), 'test');
  return { sa: new IrsaServiceAccount(chart, 'Sa', { name, namespace: 'prod', roleArn }), chart };
}

describe('GIVEN an IrsaServiceAccount with a valid role ARN', () => {
  it('THEN the ServiceAccount carries the role annotation and exposes the IRSA subject', () => {
    const arn = 'arn:aws:iam::123456789012:role/eks-xray-task-service';
    const { sa, chart } = build(arn);
    const object = find(Testing.synth(chart), 'ServiceAccount', 'task-service', 'prod');
    validateAgainstSchema(object);
    expect(object.metadata.annotations?.[IRSA_ROLE_ANNOTATION]).toBe(arn);
    expect(sa.subject).toBe('system:serviceaccount:prod:task-service');
  });

  it.each([
    'arn:aws-cn:iam::123456789012:role/task-service',
    'arn:aws-us-gov:iam::123456789012:role/task-service',
    'arn:aws:iam::123456789012:role/team/path/task-service',
  ])('WHEN the ARN is %s THEN it is accepted', (arn) => {
    expect(build(arn).sa.roleArn).toBe(arn);
  });
});

describe('GIVEN an invalid role ARN', () => {
  it.each([
    ['a user ARN', 'arn:aws:iam::123456789012:user/alice'],
    ['a short account id', 'arn:aws:iam::12345:role/task-service'],
    ['an unknown partition', 'arn:aws-xx:iam::123456789012:role/task-service'],
    ['a role name only', 'task-service'],
  ])(
    'WHEN given %s THEN the constructor names the prop, the value and where to get the ARN',
    (_label, arn) => {
      expect(() => build(arn)).toThrow(
        new RegExp(
          `props\\.roleArn is "${arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\. It must be an IAM role ARN.*terraform output -json`,
        ),
      );
    },
  );

  it('WHEN the name is not a DNS label THEN the error says so', () => {
    expect(() => build('arn:aws:iam::123456789012:role/x', 'Task_Service')).toThrow(
      /props\.name is "Task_Service"\. It must be a DNS-1123 label/,
    );
  });
});
