// Which cause verify names for each way a hop can be missing. The end-to-end runs on real
// processes are in test/e2e/verify.test.ts; these cover the causes a local stack cannot produce.
import { describe, expect, it } from 'vitest';
import type { ApiCall } from '../../src/cli/verify/api.js';
import type { BatchPost } from '../../src/cli/verify/browser-batch.js';
import { evaluateHops, passed, type Evidence } from '../../src/cli/verify/hops.js';
import type { MapEdge, TraceDoc } from '../../src/cli/verify/xray.js';

const API = 'https://api.example.com';
const call = (
  operation: ApiCall['operation'],
  caller: ApiCall['caller'],
  parentId: string | undefined,
  status = 200,
): ApiCall => ({
  operation,
  method: ({ create: 'POST', get: 'GET', delete: 'DELETE' } as const)[operation],
  url: `${API}/tasks${operation === 'create' ? '' : '/t1'}`,
  caller,
  ...(parentId && { parentId }),
  startMs: 0,
  endMs: 1,
  status,
  ...(operation === 'create' && status < 300 ? { taskId: 't1' } : {}),
});
const CALLS = [
  call('create', 'task-web', 'f1', 201),
  call('get', 'client', undefined),
  call('delete', 'task-web', 'f2', 204),
];
const ACCEPTED: BatchPost = {
  url: 'https://otel.example.com/v1/traces',
  accepted: true,
  status: 200,
};

const segment = (id: string, name: string, parentId?: string, origin?: string): TraceDoc => ({
  id,
  name,
  isSegment: true,
  segment: name,
  ...(parentId ? { parentId } : {}),
  ...(origin ? { origin } : {}),
});
const sub = (
  id: string,
  name: string,
  segmentName: string,
  parentId: string,
  extra = {},
): TraceDoc => ({
  id,
  name,
  isSegment: false,
  segment: segmentName,
  parentId,
  ...extra,
});

/** A trace as the healthy EKS path writes it. */
function healthyDocs(): TraceDoc[] {
  return [
    segment('w1', 'task-web'),
    sub('f1', 'api.example.com', 'task-web', 'w1'),
    segment('w2', 'task-web'),
    sub('f2', 'api.example.com', 'task-web', 'w2'),
    segment('s1', 'task-service', 'f1', 'AWS::EKS::Container'),
    sub('d1', 'DynamoDB', 'task-service', 's1', { namespace: 'aws', tableName: 'tasks' }),
    segment('s2', 'task-service', undefined, 'AWS::EKS::Container'),
    segment('s3', 'task-service', 'f2', 'AWS::EKS::Container'),
  ];
}
const node = (name: string, type?: string) => ({ name, ...(type ? { type } : {}) });
const HEALTHY_MAP: MapEdge[] = [
  { from: node('task-web'), to: node('task-service', 'AWS::EKS::Container') },
  { from: node('client', 'client'), to: node('task-service', 'AWS::EKS::Container') },
  { from: node('task-service', 'AWS::EKS::Container'), to: node('tasks', 'AWS::DynamoDB::Table') },
];

const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  traceId: '1-6b15dfbe-d5d5410338f93da51704a3a6',
  apiUrl: API,
  region: 'us-east-1',
  calls: CALLS,
  batch: ACCEPTED,
  docs: healthyDocs(),
  edges: HEALTHY_MAP,
  ...over,
});

const byId = (e: Evidence) => new Map(evaluateHops(e).map((h) => [h.id, h]));

describe('verify hop evaluation', () => {
  it('GIVEN the trace and the map of a healthy deploy WHEN evaluated THEN all four hops are found and the run passes', () => {
    const hops = evaluateHops(evidence());

    expect(hops.map((h) => [h.hop, h.status])).toEqual([
      ['task-web -> task-service', 'found'],
      ['client -> task-service', 'found'],
      ['task-service -> tasks', 'found'],
      ['task-service origin AWS::EKS::Container', 'found'],
    ]);
    expect(passed(hops, CALLS)).toBe(true);
  });

  it('GIVEN no --collector-url WHEN evaluated THEN the task-web hop is skipped, not missing', () => {
    const hops = byId(evidence({ batch: undefined }));
    expect(hops.get('task-web')).toMatchObject({ status: 'skipped' });
    expect(passed([...hops.values()], CALLS)).toBe(true);
  });

  it.each([
    {
      case: 'the CORS preflight refused the web origin',
      over: {
        batch: {
          ...ACCEPTED,
          accepted: false,
          corsRefused: true,
          status: 403,
          origin: 'https://app.example.com',
        },
      },
      cause: 'refused origin https://app.example.com in its CORS preflight (HTTP 403)',
      next: 'add https://app.example.com to the web origins (TRACING_WEB_ORIGINS)',
    },
    {
      case: 'the web collector did not answer',
      over: {
        batch: { ...ACCEPTED, accepted: false, status: undefined, error: 'no answer (ENOTFOUND)' },
      },
      cause: 'did not take the span batch: no answer (ENOTFOUND)',
      next: 'kubectl -n tracing get pods,ingress',
    },
    {
      case: 'the web collector took the spans but none reached X-Ray',
      over: {},
      cause: 'no task-web segment reached X-Ray: its export failed (its IAM role)',
      next: 'tracectl doctor, then kubectl -n tracing logs',
    },
  ])(
    'GIVEN $case WHEN evaluated THEN the task-web hop is missing with that cause',
    ({ over, cause, next }) => {
      // No browser spans arrived, so the service's segments under task-web's calls have no caller.
      const docs = healthyDocs().filter((d) => d.segment !== 'task-web');
      const hop = byId(evidence({ docs, ...(over as Partial<Evidence>) })).get('task-web')!;
      expect(hop.status).toBe('missing');
      expect(hop.cause).toContain(cause);
      expect(hop.next).toContain(next);
    },
  );

  it('GIVEN only the segments under task-web arrived WHEN evaluated THEN the client hop is missing: a segment with a parent is not a direct call', () => {
    const docs = healthyDocs().filter((d) => d.id !== 's2');
    const hops = byId(evidence({ docs }));
    expect(hops.get('task-web')).toMatchObject({ status: 'found' });
    expect(hops.get('client')).toMatchObject({ status: 'missing', inTrace: false });
  });

  it('GIVEN the API answered but no task-service segment arrived WHEN evaluated THEN every hop names the sidecar or IAM and tracectl doctor', () => {
    const hops = evaluateHops(
      evidence({ docs: healthyDocs().filter((d) => d.segment !== 'task-service') }),
    );
    for (const h of hops) {
      expect(h.status).toBe('missing');
      expect(h.cause).toContain('no task-service segment reached X-Ray');
      expect(h.cause).toContain(
        'the sidecar was not injected or is not running, or IAM denied the export',
      );
      expect(h.next).toBe('tracectl doctor');
    }
  });

  it('GIVEN task-service segments without a DynamoDB call WHEN evaluated THEN the table hop blames the memory store or the SDK instrumentation', () => {
    const hop = byId(evidence({ docs: healthyDocs().filter((d) => d.namespace !== 'aws') })).get(
      'table',
    )!;
    expect(hop).toMatchObject({ status: 'missing', hop: 'task-service -> the DynamoDB table' });
    expect(hop.cause).toContain('TASKS_STORE=memory');
  });

  it('GIVEN segments without a cloud origin WHEN evaluated THEN the origin hop names OTEL_RESOURCE_ATTRIBUTES', () => {
    const docs = healthyDocs().map((d) =>
      d.isSegment && d.name === 'task-service' ? { ...d, origin: undefined } : d,
    );
    const hop = byId(evidence({ docs })).get('origin')!;
    expect(hop.status).toBe('missing');
    expect(hop.cause).toContain('have origin none, not AWS::EKS::Container');
    expect(hop.next).toContain('OTEL_RESOURCE_ATTRIBUTES');
  });

  it('GIVEN the trace holds every hop but the map draws none yet WHEN evaluated THEN each says the map trails the traces', () => {
    for (const h of evaluateHops(evidence({ edges: [] }))) {
      expect(h).toMatchObject({ status: 'missing', inTrace: true, onMap: false });
      expect(h.cause).toContain('the map trails the traces');
    }
  });

  it.each([
    {
      kind: 'credentials',
      cause: 'no AWS credentials to call X-Ray',
      next: 'aws sts get-caller-identity',
    },
    {
      kind: 'denied',
      cause: 'X-Ray refused the read',
      next: 'xray:BatchGetTraces and xray:GetServiceGraph',
    },
    {
      kind: 'throttled',
      cause: 'X-Ray throttled the reads until the timeout',
      next: 'a longer --timeout',
    },
    {
      kind: 'unreachable',
      cause: 'cannot reach the X-Ray API at region us-east-1',
      next: '--xray-endpoint and --region',
    },
  ] as const)(
    'GIVEN X-Ray failing with $kind WHEN evaluated THEN every hop carries that cause',
    ({ kind, cause, next }) => {
      for (const h of evaluateHops(
        evidence({ docs: undefined, edges: undefined, xrayError: { kind, message: 'x' } }),
      )) {
        expect(h.cause).toContain(cause);
        expect(h.next).toContain(next);
      }
    },
  );

  it('GIVEN the API never answered WHEN evaluated THEN the cause says nothing reached the service, and the run fails', () => {
    const calls = [
      {
        ...call('create', 'client', undefined),
        status: undefined,
        error: 'no answer (ECONNREFUSED)',
      },
    ];
    const hops = evaluateHops(evidence({ calls, docs: undefined, edges: undefined }));
    expect(hops.find((h) => h.id === 'client')!.cause).toBe(
      `the task API at ${API} did not answer (POST /tasks: no answer (ECONNREFUSED)), so nothing reached the service`,
    );
    expect(passed(hops, calls)).toBe(false);
  });

  it.each([
    {
      status: 405,
      error: 'use GET',
      cause: `the task API at ${API} did not create verify's task (POST /tasks answered 405 (use GET)), so there is no trace to look for`,
      next: "check that --api-url is the task API's base URL (POST <api-url>/tasks creates a task)",
    },
    {
      status: 201,
      error: 'the answer to the create has no task id',
      cause: `(POST /tasks answered 201 (the answer to the create has no task id))`,
      next: "check that --api-url is the task API's base URL",
    },
    {
      status: 500,
      error: 'AccessDeniedException',
      cause: `did not create verify's task (POST /tasks answered 500 (AccessDeniedException))`,
      next: 'kubectl -n prod logs deployment/task-service',
    },
  ])(
    'GIVEN the create answered $status without a task WHEN evaluated THEN every hop names the failed create, not the sidecar',
    ({ status, error, cause, next }) => {
      const calls = [{ ...call('create', 'client', undefined, status), taskId: undefined, error }];
      const hops = evaluateHops(
        evidence({ calls, batch: undefined, docs: undefined, edges: undefined }),
      );
      for (const h of hops.filter((x) => x.status !== 'skipped')) {
        expect(h.status).toBe('missing');
        expect(h.cause).toContain(cause);
        expect(h.next).toContain(next);
      }
      expect(passed(hops, calls)).toBe(false);
    },
  );

  it('GIVEN every hop found but the create answered 500 WHEN the run is judged THEN it fails', () => {
    const calls = [call('create', 'client', undefined, 500)];
    expect(passed(evaluateHops(evidence({ batch: undefined })), calls)).toBe(false);
  });
});
