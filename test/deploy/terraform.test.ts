import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { IRSA_AUDIENCE, IRSA_ROLE_ANNOTATION, serviceAccountSubject } from '../../src/contracts.js';
import { deployConfigSchema, TERRAFORM_BACKED_FIELDS } from '../../src/config.js';
import { ADOT_COLLECTOR_IMAGE, dns1123LabelProblem } from '../../src/constructs/index.js';
import { TERRAFORM_OUTPUT_NAMES } from '../../src/terraform-outputs.js';
import { findAll, synthesize } from './helpers/manifests.js';

const TF_DIR = join(import.meta.dirname, '../../terraform');

type Block = Record<string, unknown>;
interface Statement {
  effect?: string;
  actions?: string[];
  resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/** All .tf files merged: { resource: { type: { name: [body] } }, variable: {...}, ... }. */
let tf: Record<string, Record<string, unknown>>;
let variableDefaults: Record<string, unknown>;

beforeAll(async () => {
  tf = {};
  for (const file of readdirSync(TF_DIR).filter((f) => f.endsWith('.tf'))) {
    const parsed = (await parse(file, readFileSync(join(TF_DIR, file), 'utf8'))) as Record<
      string,
      Block
    >;
    for (const [section, body] of Object.entries(parsed)) {
      tf[section] = { ...(tf[section] ?? {}), ...body };
    }
  }
  variableDefaults = Object.fromEntries(
    Object.entries(tf.variable ?? {}).map(([name, blocks]) => [
      name,
      (blocks as Block[])[0]?.default,
    ]),
  );
});

function blocksOf(section: string, type: string): Record<string, Block> {
  const byName = (tf[section]?.[type] ?? {}) as Record<string, Block[]>;
  return Object.fromEntries(
    Object.entries(byName).map(([name, blocks]) => [name, blocks[0] as Block]),
  );
}

/** Substitutes ${var.x} with the variable's default, as `terraform plan` would without -var. */
function resolveVars(text: string): string {
  return text.replace(/\$\{var\.([a-z_]+)\}/g, (_m, name: string) =>
    String(variableDefaults[name]),
  );
}

function policyStatements(docName: string): Statement[] {
  const doc = blocksOf('data', 'aws_iam_policy_document')[docName];
  if (!doc) throw new Error(`no aws_iam_policy_document.${docName}`);
  return doc.statement as Statement[];
}

/** `${data.aws_iam_policy_document.NAME.json}` -> NAME */
function referencedDoc(expression: unknown): string {
  const match = /^\$\{data\.aws_iam_policy_document\.([a-z_]+)\.json\}$/.exec(String(expression));
  if (!match?.[1])
    throw new Error(`expected a policy document reference, got ${String(expression)}`);
  return match[1];
}

describe('GIVEN the Terraform configuration', () => {
  it('THEN outputs.tf declares exactly the outputs cdk8s reads', () => {
    expect(Object.keys(tf.output ?? {}).sort()).toEqual([...TERRAFORM_OUTPUT_NAMES].sort());
  });

  it('THEN every variable is typed and described', () => {
    for (const [name, blocks] of Object.entries(tf.variable ?? {})) {
      const body = (blocks as Block[])[0] ?? {};
      expect(body.type, `variable ${name} type`).toBeDefined();
      expect(String(body.description ?? ''), `variable ${name} description`).not.toBe('');
    }
  });

  it('THEN the variable defaults equal the cdk8s config defaults', () => {
    for (const meta of Object.values(TERRAFORM_BACKED_FIELDS)) {
      expect(variableDefaults[meta.variable], meta.variable).toBe(meta.default);
    }
  });

  it('THEN namespace and service-account variables refuse what Kubernetes (and the cdk8s config) refuse', () => {
    const samples = ['prod', 'task-service', 'a', 'Prod', 'task_service', '-prod', 'prod-', ''];
    for (const name of [
      'prod_namespace',
      'tracing_namespace',
      'task_service_account',
      'web_collector_service_account',
    ]) {
      const validation = ((tf.variable?.[name] as Block[])[0] as Block).validation as Block[];
      const condition = String(validation[0]?.condition);
      expect(condition, name).toContain(`length(var.${name}) <= 63`);
      const pattern = /regex\("([^"]+)", var\.[a-z_]+\)/.exec(condition)?.[1];
      expect(pattern, name).toBeDefined();
      const tfRegex = new RegExp(pattern ?? '');
      for (const sample of samples) {
        expect(tfRegex.test(sample), `${name} on "${sample}"`).toBe(
          dns1123LabelProblem(sample) === undefined,
        );
      }
    }
  });

  it('THEN the exporter variable accepts exactly the exporters the cdk8s config accepts, defaulting to awsxray', () => {
    const body = (tf.variable?.exporter as Block[])[0] as Block;
    expect(body.type).toBe('${string}');
    expect(body.default).toBe('awsxray');
    const condition = String(((body.validation as Block[])[0] as Block).condition);
    const listed = /contains\(\[([^\]]*)\], var\.exporter\)/.exec(condition)?.[1] ?? '';
    const options = [...listed.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(options.sort()).toEqual([...deployConfigSchema.shape.exporter.options].sort());
  });

  it('THEN remote sampling is a bool, off by default, and the WAF a bool, on by default', () => {
    const remote = (tf.variable?.remote_sampling as Block[])[0] as Block;
    const waf = (tf.variable?.web_collector_waf_enabled as Block[])[0] as Block;
    expect([remote.type, remote.default]).toEqual(['${bool}', false]);
    expect([waf.type, waf.default]).toEqual(['${bool}', true]);
  });

  it('THEN providers are pinned to a major version and Terraform itself is bounded', () => {
    const terraform = (tf.terraform as unknown as Block[])[0] as Block;
    expect(String(terraform.required_version)).toMatch(/< 2\.0\.0/);
    const providers = (terraform.required_providers as Block[])[0] as Record<
      string,
      { version: string }
    >;
    for (const [name, provider] of Object.entries(providers)) {
      expect(provider.version, name).toMatch(/^~> \d+\.\d+$/);
    }
  });

  it('THEN the prerequisites variable offers none, eks-addon and helm, defaulting to none', () => {
    expect(variableDefaults.install_prerequisites).toBe('none');
    const validation = JSON.stringify(
      ((tf.variable?.install_prerequisites as Block[])[0] as Block).validation,
    );
    for (const option of ['none', 'eks-addon', 'helm'])
      expect(validation).toContain(`\\"${option}\\"`);
    expect(Object.keys(blocksOf('resource', 'aws_eks_addon')).sort()).toEqual([
      'adot',
      'cert_manager',
    ]);
    expect(Object.keys(blocksOf('resource', 'helm_release')).sort()).toEqual([
      'cert_manager',
      'otel_operator',
    ]);
  });
});

describe('GIVEN the Helm install of the OpenTelemetry Operator', () => {
  it('THEN its default collector image repository is the one the collector CRs pin', () => {
    const release = blocksOf('resource', 'helm_release').otel_operator as Block;
    const settings = release.set as { name: string; value: string }[];
    const repository = settings.find((s) => s.name === 'manager.collectorImage.repository');
    expect(repository?.value).toBe(
      ADOT_COLLECTOR_IMAGE.slice(0, ADOT_COLLECTOR_IMAGE.lastIndexOf(':')),
    );
  });
});

describe('GIVEN the IRSA roles and the synthesized service accounts', () => {
  it('THEN every IRSA service account is trusted by exactly one role, on sub and aud', () => {
    const { all } = synthesize();
    const irsaAccounts = findAll(all, 'ServiceAccount').filter(
      (sa) => sa.metadata.annotations?.[IRSA_ROLE_ANNOTATION],
    );
    expect(irsaAccounts.map((sa) => `${sa.metadata.namespace}/${sa.metadata.name}`).sort()).toEqual(
      ['prod/task-service', 'tracing/otel-web-collector'],
    );
    const roles = blocksOf('resource', 'aws_iam_role');
    for (const sa of irsaAccounts) {
      const subject = serviceAccountSubject(sa.metadata.namespace ?? '', sa.metadata.name);
      const trusting = Object.entries(roles).filter(([, role]) =>
        policyStatements(referencedDoc(role.assume_role_policy)).some((s) =>
          (s.condition ?? []).some(
            (c) => c.variable.endsWith(':sub') && c.values.map(resolveVars).includes(subject),
          ),
        ),
      );
      expect(trusting, subject).toHaveLength(1);
      const [, role] = trusting[0] as [string, Block];
      for (const statement of policyStatements(referencedDoc(role.assume_role_policy))) {
        expect(statement.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
        const conditions = statement.condition ?? [];
        expect(conditions).toContainEqual({
          test: 'StringEquals',
          variable: '${local.oidc_issuer}:aud',
          values: [IRSA_AUDIENCE],
        });
        const sub = conditions.find((c) => c.variable === '${local.oidc_issuer}:sub');
        expect(sub?.test).toBe('StringEquals');
        expect(sub?.values.map(resolveVars)).toEqual([subject]);
      }
    }
  });

  it('THEN no policy uses a wildcard DynamoDB action, and "*" resources appear only with X-Ray actions', () => {
    for (const [name, doc] of Object.entries(blocksOf('data', 'aws_iam_policy_document'))) {
      for (const statement of doc.statement as Statement[]) {
        for (const action of statement.actions ?? []) {
          if (action.startsWith('dynamodb:')) expect(action, name).not.toContain('*');
          expect(action, name).not.toBe('*');
        }
        if ((statement.resources ?? []).some((r) => r.includes('*'))) {
          expect(statement.resources, name).toEqual(['*']);
          for (const action of statement.actions ?? []) expect(action, name).toMatch(/^xray:/);
        }
      }
    }
  });

  it('THEN the task-service role gets X-Ray write (segments and OTLP spans) plus table CRUD, and the web collector role X-Ray write only', () => {
    const attached = (role: string): string[] =>
      Object.values(blocksOf('resource', 'aws_iam_role_policy'))
        .filter((p) => p.role === `\${aws_iam_role.${role}.id}`)
        .map((p) => referencedDoc(p.policy))
        .sort();
    expect(attached('task_service')).toEqual(['tasks_table_crud', 'xray_write']);
    expect(attached('web_collector')).toEqual(['xray_write']);
    expect(policyStatements('xray_write')[0]?.actions?.sort()).toEqual([
      'xray:GetSamplingRules',
      'xray:GetSamplingStatisticSummaries',
      'xray:GetSamplingTargets',
      'xray:PutSpans',
      'xray:PutSpansForIndexing',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(policyStatements('tasks_table_crud')[0]?.resources).toEqual([
      '${aws_dynamodb_table.tasks.arn}',
    ]);
  });
});

describe('GIVEN the tasks table', () => {
  it('THEN it is on-demand with point-in-time recovery and server-side encryption, keyed like the app', () => {
    const table = blocksOf('resource', 'aws_dynamodb_table').tasks as Block;
    expect(table.billing_mode).toBe('PAY_PER_REQUEST');
    expect(table.hash_key).toBe('id');
    expect(table.point_in_time_recovery).toEqual([{ enabled: true }]);
    expect(table.server_side_encryption).toEqual([{ enabled: true }]);
    expect(table.name).toBe('${var.tasks_table_name}');
  });
});
