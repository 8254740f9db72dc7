/**
 * `segment.go: determineAwsOrigin`: the X-Ray origin, from the resource's cloud attributes.
 * Written on subsegments too. See docs/xray-translation.md, "Origin".
 */
import { XRAY_NODE_TYPES } from '../contract.js';
import type { PdataMap } from './pdata.js';
import { str } from './pdata.js';

export function awsOrigin(resource: PdataMap): string {
  if (resource.size === 0) return '';
  if (resource.has('cloud.provider') && str(resource.get('cloud.provider')) !== 'aws') return '';
  if (!resource.has('cloud.platform')) return '';
  switch (str(resource.get('cloud.platform'))) {
    case 'aws_app_runner':
      return 'AWS::AppRunner::Service';
    case 'aws_eks':
      return XRAY_NODE_TYPES.eksContainer;
    case 'aws_elastic_beanstalk':
      return 'AWS::ElasticBeanstalk::Environment';
    case 'aws_ec2':
      return 'AWS::EC2::Instance';
    case 'aws_ecs':
      return ecsOrigin(resource);
    default:
      return '';
  }
}

function ecsOrigin(resource: PdataMap): string {
  if (!resource.has('aws.ecs.launchtype')) return 'AWS::ECS::Container';
  switch (str(resource.get('aws.ecs.launchtype'))) {
    case 'ec2':
      return 'AWS::ECS::EC2';
    case 'fargate':
      return 'AWS::ECS::Fargate';
    default:
      return 'AWS::ECS::Container';
  }
}
