import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Block,
  blocksOf,
  evaluate,
  loadTerraform,
  type Terraform,
  variableBlock,
} from './terraform-hcl.js';

/**
 * AWS naming rules of what Terraform names after the cluster: IAM role names (IAM API
 * CreateRole, RoleName), ECR repository names (ECR API CreateRepository, repositoryName) and
 * WAF web ACL names (WAFV2 API CreateWebACL, Name).
 */
const AWS_NAME_RULES = {
  'IAM role': /^[\w+=,.@-]{1,64}$/,
  'ECR repository':
    /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
  'WAF web ACL': /^[\w-]{1,128}$/,
} as const;

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

/** Every AWS name derived from the cluster name, with the rule it must meet. */
function derivedNames(clusterName: string): [keyof typeof AWS_NAME_RULES, string][] {
  const vars = { cluster_name: clusterName };
  const names = (type: string): string[] =>
    Object.values(blocksOf(tf, 'resource', type)).map((r: Block) =>
      String(evaluate(tf, r.name, vars)),
    );
  return [
    ...names('aws_iam_role').map((n): [keyof typeof AWS_NAME_RULES, string] => ['IAM role', n]),
    ...names('aws_ecr_repository').map((n): [keyof typeof AWS_NAME_RULES, string] => [
      'ECR repository',
      n,
    ]),
    ...names('aws_wafv2_web_acl').map((n): [keyof typeof AWS_NAME_RULES, string] => [
      'WAF web ACL',
      n,
    ]),
  ];
}

/** What the cluster_name variable's validation accepts (its length bound and pattern). */
function accepted(clusterName: string): boolean {
  const condition = String(
    ((variableBlock(tf, 'cluster_name').validation as Block[])[0] as Block).condition,
  );
  const max = Number(/length\(var\.cluster_name\) <= (\d+)/.exec(condition)?.[1]);
  const pattern = /regex\("([^"]+)", var\.cluster_name\)/.exec(condition)?.[1];
  if (!Number.isInteger(max) || pattern === undefined) {
    throw new Error(`cluster_name validation not in the expected form: ${condition}`);
  }
  return clusterName.length <= max && new RegExp(pattern).test(clusterName);
}

describe('GIVEN the cluster name every AWS resource is named after', () => {
  it.each(['eks-xray', 'EKS-Xray', 'prod_cluster-2', 'x'.repeat(45)])(
    'WHEN it is %s THEN Terraform accepts it and every derived name meets its AWS rule',
    (clusterName) => {
      expect(accepted(clusterName)).toBe(true);
      const derived = derivedNames(clusterName);
      expect(derived.map(([kind]) => kind).sort()).toEqual([
        'ECR repository',
        'ECR repository',
        'IAM role',
        'IAM role',
        'WAF web ACL',
      ]);
      for (const [kind, name] of derived) expect(name, kind).toMatch(AWS_NAME_RULES[kind]);
    },
  );

  it.each(['x'.repeat(46), 'eks-', 'eks--xray', '-eks', 'eks xray', 'eks.xray', ''])(
    'WHEN it is "%s", for which some derived name would break an AWS rule THEN the variable refuses it',
    (clusterName) => {
      expect(accepted(clusterName)).toBe(false);
    },
  );
});
