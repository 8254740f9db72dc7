import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, loadTerraform, type Terraform } from './terraform-hcl.js';

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

describe('GIVEN the HCL expression evaluator the Terraform tests rely on', () => {
  it('WHEN given references, indexing, conditionals, concat and lower THEN it computes them', () => {
    const vars = { exporter: 'xray-otlp', remote_sampling: true };
    expect(evaluate(tf, '${local.web_collector_xray_actions}', vars)).toEqual([
      'xray:PutSpans',
      'xray:PutSpansForIndexing',
    ]);
    expect(evaluate(tf, '${concat(["a"], var.remote_sampling ? ["b"] : [], [])}', vars)).toEqual([
      'a',
      'b',
    ]);
    expect(evaluate(tf, '${var.remote_sampling ? 1 : 0}', { remote_sampling: false })).toBe(0);
    expect(evaluate(tf, 'system:serviceaccount:${var.prod_namespace}:x')).toBe(
      'system:serviceaccount:prod:x',
    );
    expect(evaluate(tf, '${lower(var.cluster_name)}/x', { cluster_name: 'EKS_Xray' })).toBe(
      'eks_xray/x',
    );
    expect(() => evaluate(tf, '${lower(var.remote_sampling)}')).toThrow('lower() takes a string');
  });

  it('WHEN an expression uses anything it does not implement THEN it fails naming it', () => {
    expect(() => evaluate(tf, '${lookup(local.exporter_xray_actions, "x")}')).toThrow(
      'unsupported "lookup"',
    );
    expect(() =>
      evaluate(tf, '${local.exporter_xray_actions[var.exporter]}', { exporter: 'x' }),
    ).toThrow('no key "x"');
    expect(() => evaluate(tf, '${var.nope}')).toThrow('no var.nope');
    expect(() => evaluate(tf, '${var.exporter ? 1 : 0}')).toThrow('not a bool');
  });
});
