import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_ENV } from '../../src/config.js';
import {
  INJECT_ANNOTATION,
  IRSA_AUDIENCE,
  IRSA_ROLE_ANNOTATION,
  serviceAccountSubject,
} from '../../src/contracts.js';
import { collectorActions, TASK_SERVICE_TABLE_ACTIONS } from '../../src/iam-actions.js';
import { at, findAll, synthesize, testConfig, type K8sObject } from './helpers/manifests.js';
import { type Block, blocksOf, evaluate, loadTerraform, type Terraform } from './terraform-hcl.js';

interface Statement {
  actions?: unknown;
  resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
}

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

function statements(docName: string): Statement[] {
  const doc = blocksOf(tf, 'data', 'aws_iam_policy_document')[docName];
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

/** The Terraform role whose trust policy names this service account, as `plan` would resolve it. */
function roleTrusting(namespace: string, serviceAccount: string): string {
  const subject = serviceAccountSubject(namespace, serviceAccount);
  const trusting = Object.entries(blocksOf(tf, 'resource', 'aws_iam_role')).filter(([, role]) =>
    statements(referencedDoc(role.assume_role_policy)).some((s) =>
      (s.condition ?? []).some(
        (c) =>
          c.variable.endsWith(':sub') && (evaluate(tf, c.values) as string[]).includes(subject),
      ),
    ),
  );
  if (trusting.length !== 1) throw new Error(`${subject} is trusted by ${trusting.length} roles`);
  return (trusting[0] as [string, Block])[0];
}

/** Every action the role's inline policies allow, for these variable values. */
function grantedActions(role: string, vars: Record<string, unknown>): string[] {
  const docs = Object.values(blocksOf(tf, 'resource', 'aws_iam_role_policy'))
    .filter((p) => p.role === `\${aws_iam_role.${role}.id}`)
    .map((p) => referencedDoc(p.policy));
  const actions = docs.flatMap((doc) =>
    statements(doc).flatMap((s) => evaluate(tf, s.actions, vars) as string[]),
  );
  return [...new Set(actions)].sort();
}

/** The service account each collector runs under: its own, or (sidecar) its pods'. */
function collectorAccounts(all: readonly K8sObject[], collector: K8sObject): string[] {
  const ns = collector.metadata.namespace ?? '';
  if (at<string>(collector, 'spec', 'mode') !== 'sidecar') {
    return [`${ns}/${at<string>(collector, 'spec', 'serviceAccount')}`];
  }
  return findAll(all, 'Deployment')
    .filter((d) => d.metadata.namespace === ns)
    .filter((d) =>
      [collector.metadata.name, 'true'].includes(
        at<Record<string, string>>(d, 'spec', 'template', 'metadata', 'annotations')?.[
          INJECT_ANNOTATION
        ] ?? '',
      ),
    )
    .map((d) => `${ns}/${at<string>(d, 'spec', 'template', 'spec', 'serviceAccountName')}`);
}

/** What each Terraform role must allow for these manifests: collectors' needs plus the app's. */
function neededActions(all: readonly K8sObject[]): Record<string, string[]> {
  const byRole: Record<string, Set<string>> = {};
  const add = (account: string, actions: readonly string[]): void => {
    const [ns = '', name = ''] = account.split('/');
    for (const a of actions) (byRole[roleTrusting(ns, name)] ??= new Set()).add(a);
  };
  for (const collector of findAll(all, 'OpenTelemetryCollector')) {
    const actions = collectorActions(at(collector, 'spec', 'config'));
    for (const account of collectorAccounts(all, collector)) add(account, actions);
  }
  const service = findAll(all, 'Deployment').find((d) => d.metadata.name === 'task-service');
  if (!service) throw new Error('no task-service Deployment');
  const serviceAccount = at<string>(service, 'spec', 'template', 'spec', 'serviceAccountName');
  add(`${service.metadata.namespace}/${serviceAccount}`, TASK_SERVICE_TABLE_ACTIONS);
  return Object.fromEntries(Object.entries(byRole).map(([r, s]) => [r, [...s].sort()]));
}

const COMBINATIONS = ['awsxray', 'xray-otlp'].flatMap((exporter) =>
  [false, true].map((remoteSampling) => ({ exporter, remoteSampling })),
);

describe('GIVEN each exporter and sampling choice', () => {
  it.each(COMBINATIONS)(
    'WHEN the charts are synthesized with exporter $exporter and remote sampling $remoteSampling THEN each role grants exactly what its collectors and app call',
    ({ exporter, remoteSampling }) => {
      const config = testConfig({
        [CONFIG_ENV.exporter]: exporter,
        [CONFIG_ENV.remoteSampling]: String(remoteSampling),
      });
      expect([config.exporter, config.remoteSampling]).toEqual([exporter, remoteSampling]);
      const needed = neededActions(synthesize(config).all);
      expect(Object.keys(needed).sort()).toEqual(['task_service', 'web_collector']);
      const vars = { exporter, remote_sampling: remoteSampling };
      for (const [role, actions] of Object.entries(needed)) {
        expect(grantedActions(role, vars), `${role} with ${exporter}/${remoteSampling}`).toEqual(
          actions,
        );
      }
    },
  );

  it('THEN the defaults grant only PutTraceSegments for X-Ray: no telemetry, no spans API, no sampling', () => {
    expect(grantedActions('web_collector', {})).toEqual(['xray:PutTraceSegments']);
    expect(grantedActions('task_service', {}).filter((a) => a.startsWith('xray:'))).toEqual([
      'xray:PutTraceSegments',
    ]);
  });

  it.each(['awsxray', 'xray-otlp'])(
    'WHEN remote sampling is turned on with %s THEN only the task-service role gains the two sampling reads',
    (exporter) => {
      const off = grantedActions('task_service', { exporter, remote_sampling: false });
      const on = grantedActions('task_service', { exporter, remote_sampling: true });
      expect(on.filter((a) => !off.includes(a))).toEqual([
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ]);
      expect(grantedActions('web_collector', { exporter, remote_sampling: true })).toEqual(
        grantedActions('web_collector', { exporter, remote_sampling: false }),
      );
    },
  );
});

describe('GIVEN the task service code', () => {
  it('THEN the table actions are exactly the DynamoDB commands its repository sends', () => {
    const source = readFileSync(
      join(import.meta.dirname, '../../apps/task-service/src/storage/dynamodb-task-repository.ts'),
      'utf8',
    );
    const commandToAction: Record<string, string> = {
      PutCommand: 'dynamodb:PutItem',
      GetCommand: 'dynamodb:GetItem',
      ScanCommand: 'dynamodb:Scan',
      UpdateCommand: 'dynamodb:UpdateItem',
      DeleteCommand: 'dynamodb:DeleteItem',
      QueryCommand: 'dynamodb:Query',
      BatchGetCommand: 'dynamodb:BatchGetItem',
      BatchWriteCommand: 'dynamodb:BatchWriteItem',
      TransactWriteCommand: 'dynamodb:TransactWriteItems',
      TransactGetCommand: 'dynamodb:TransactGetItems',
    };
    const sent = [...source.matchAll(/new (\w+Command)\(/g)].map((m) => {
      const action = commandToAction[m[1] ?? ''];
      if (!action) throw new Error(`unmapped command ${m[1]}: add its IAM action here`);
      return action;
    });
    expect([...new Set(sent)].sort()).toEqual([...TASK_SERVICE_TABLE_ACTIONS]);
    const table = statements('tasks_table_crud');
    expect(table).toHaveLength(1);
    expect(table[0]?.resources).toEqual(['${aws_dynamodb_table.tasks.arn}']);
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
    const roles = blocksOf(tf, 'resource', 'aws_iam_role');
    for (const sa of irsaAccounts) {
      const subject = serviceAccountSubject(sa.metadata.namespace ?? '', sa.metadata.name);
      const role = roles[roleTrusting(sa.metadata.namespace ?? '', sa.metadata.name)] as Block;
      for (const statement of statements(referencedDoc(role.assume_role_policy))) {
        expect(statement.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
        const conditions = statement.condition ?? [];
        expect(conditions).toContainEqual({
          test: 'StringEquals',
          variable: '${local.oidc_issuer}:aud',
          values: [IRSA_AUDIENCE],
        });
        const sub = conditions.find((c) => c.variable === '${local.oidc_issuer}:sub');
        expect(sub?.test).toBe('StringEquals');
        expect(evaluate(tf, sub?.values)).toEqual([subject]);
      }
    }
  });

  it('THEN "*" resources appear only with X-Ray actions, for every exporter and sampling choice', () => {
    for (const exporter of ['awsxray', 'xray-otlp']) {
      for (const remote_sampling of [false, true]) {
        for (const [name, doc] of Object.entries(blocksOf(tf, 'data', 'aws_iam_policy_document'))) {
          for (const statement of doc.statement as Statement[]) {
            const actions = evaluate(tf, statement.actions, { exporter, remote_sampling });
            for (const action of actions as string[]) expect(action, name).not.toContain('*');
            if ((statement.resources ?? []).some((r) => r.includes('*'))) {
              expect(statement.resources, name).toEqual(['*']);
              for (const action of actions as string[]) expect(action, name).toMatch(/^xray:/);
            }
          }
        }
      }
    }
  });
});
