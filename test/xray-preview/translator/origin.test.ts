// Origin (docs/xray-translation.md, "Origin").
import { describe, expect, it } from 'vitest';
import type { AttrValue } from '../../../apps/xray-preview/src/model.js';
import { SpanKind, translate } from './span-builder.js';

const origin = (resource: Record<string, AttrValue>) =>
  translate({ kind: SpanKind.SERVER }, resource).origin;

describe('Origin: origin', () => {
  it.each([
    [{ 'cloud.platform': 'aws_eks' }, 'AWS::EKS::Container'],
    [{ 'cloud.provider': 'aws', 'cloud.platform': 'aws_ec2' }, 'AWS::EC2::Instance'],
    [{ 'cloud.platform': 'aws_ecs', 'aws.ecs.launchtype': 'ec2' }, 'AWS::ECS::EC2'],
    [{ 'cloud.platform': 'aws_ecs', 'aws.ecs.launchtype': 'fargate' }, 'AWS::ECS::Fargate'],
    [{ 'cloud.platform': 'aws_ecs', 'aws.ecs.launchtype': 'other' }, 'AWS::ECS::Container'],
    [{ 'cloud.platform': 'aws_ecs' }, 'AWS::ECS::Container'],
    [{ 'cloud.platform': 'aws_elastic_beanstalk' }, 'AWS::ElasticBeanstalk::Environment'],
    [{ 'cloud.platform': 'aws_app_runner' }, 'AWS::AppRunner::Service'],
  ])('GIVEN resource %o WHEN translated THEN origin is %s', (resource, expected) => {
    expect(origin(resource)).toBe(expected);
  });

  it.each([
    [{}],
    [{ 'cloud.provider': 'gcp', 'cloud.platform': 'aws_eks' }],
    [{ 'cloud.platform': 'aws_lambda' }],
    [{ 'cloud.provider': 'aws' }],
  ])('GIVEN resource %o WHEN translated THEN no origin', (resource) => {
    expect(origin(resource)).toBeUndefined();
  });

  it('GIVEN an EKS resource WHEN a subsegment is translated THEN it carries the origin too', () => {
    expect(
      translate(
        { kind: SpanKind.CLIENT, parentSpanId: 'bbbbbbbbbbbbbbbb' },
        { 'cloud.platform': 'aws_eks' },
      ).origin,
    ).toBe('AWS::EKS::Container');
  });
});
