// Service-graph rules on translated documents: the local stack's browser → API → DynamoDB trace,
// with task-web's LOCAL_ROOT split (apps/task-web marks its root spans that way).
import { describe, expect, it } from 'vitest';
import {
  buildServiceGraph,
  type GraphService,
} from '../../apps/xray-preview/src/api/service-graph.js';
import { sortOutcomes } from '../../apps/xray-preview/src/ingest.js';
import { TraceStore } from '../../apps/xray-preview/src/store/trace-store.js';
import { translateBatch } from '../../apps/xray-preview/src/translator/index.js';
import { attrs, options, span, SpanKind, StatusCode } from './translator/span-builder.js';

function graphOf(...batches: Parameters<typeof translateBatch>[0][]): GraphService[] {
  const store = new TraceStore(1000);
  for (const batch of batches) {
    store.add(sortOutcomes(translateBatch(batch, options()), 0).documents, 0);
  }
  return buildServiceGraph(store.all(), 0, 2e9);
}

const node = (graph: GraphService[], name: string, type?: string) =>
  graph.find((s) => s.Name === name && s.Type === type);
const edge = (from: GraphService | undefined, to: GraphService | undefined) =>
  from?.Edges.find((e) => e.ReferenceId === to?.ReferenceId);

const TRACE_A = '6553f1005c9a8d1e2f3a4b5c6d7e8f90';
const TRACE_B = '6553f1005c9a8d1e2f3a4b5c6d7e8f91';

const browser = (traceId = TRACE_A) => ({
  resource: attrs({ 'service.name': 'task-web', 'telemetry.sdk.language': 'webjs' }),
  spans: [
    span({
      traceId,
      kind: SpanKind.CLIENT,
      spanId: 'f000000000000001',
      name: 'HTTP POST',
      attributes: {
        'aws.span.kind': 'LOCAL_ROOT',
        'aws.local.service': 'task-web',
        'http.method': 'POST',
        'http.url': 'http://127.0.0.1:8080/tasks',
        'http.host': '127.0.0.1:8080',
      },
    }),
  ],
});
const api = (status: number, traceId = TRACE_A) => ({
  resource: attrs({
    'service.name': 'task-service',
    'cloud.provider': 'aws',
    'cloud.platform': 'aws_eks',
  }),
  spans: [
    span({
      traceId,
      kind: SpanKind.SERVER,
      spanId: 'a000000000000001',
      parentSpanId: 'f000000000000001',
      attributes: { 'http.response.status_code': status },
      status: { code: status >= 500 ? StatusCode.ERROR : StatusCode.UNSET },
    }),
    span({
      traceId,
      kind: SpanKind.CLIENT,
      spanId: 'd000000000000001',
      parentSpanId: 'a000000000000001',
      attributes: {
        'rpc.system': 'aws-api',
        'rpc.service': 'DynamoDB',
        'aws.dynamodb.table_names': ['tasks'],
      },
    }),
  ],
});

describe('service graph', () => {
  it('GIVEN task-web (local root) → task-service → DynamoDB WHEN graphed THEN client → task-web → task-service → tasks table', () => {
    const graph = graphOf([browser()], [api(201)]);
    const client = node(graph, 'client', 'client');
    const web = node(graph, 'task-web');
    const service = node(graph, 'task-service', 'AWS::EKS::Container');
    const table = node(graph, 'tasks', 'AWS::DynamoDB::Table');
    expect(edge(client, web)).toBeDefined();
    expect(edge(web, service)?.SummaryStatistics.OkCount).toBe(1);
    expect(edge(service, table)?.SummaryStatistics.TotalCount).toBe(1);
    expect(web?.Root).toBe(true);
    // The browser's dependency subsegment is answered by task-service's segment: no extra node.
    expect(graph.map((s) => s.Name).sort()).toEqual([
      'client',
      'task-service',
      'task-web',
      'tasks',
    ]);
  });

  it('GIVEN a 409 and a 500 from task-service WHEN graphed THEN the edge counts one error and one fault', () => {
    const graph = graphOf(
      [browser(TRACE_A)],
      [api(409, TRACE_A)],
      [browser(TRACE_B)],
      [api(500, TRACE_B)],
    );
    const stats = edge(
      node(graph, 'task-web'),
      node(graph, 'task-service', 'AWS::EKS::Container'),
    )?.SummaryStatistics;
    expect(stats).toMatchObject({
      OkCount: 0,
      TotalCount: 2,
      ErrorStatistics: { OtherCount: 1, TotalCount: 1 },
      FaultStatistics: { TotalCount: 1 },
    });
  });

  it('GIVEN an HTTP client subsegment to an untraced host WHEN graphed THEN it is a remote node', () => {
    const graph = graphOf([
      {
        resource: attrs({}),
        spans: [
          span({ kind: SpanKind.SERVER, spanId: 'a000000000000002' }),
          span({
            kind: SpanKind.CLIENT,
            spanId: 'b000000000000002',
            parentSpanId: 'a000000000000002',
            attributes: { 'http.method': 'GET', 'net.peer.name': 'api.example.com' },
          }),
        ],
      },
    ]);
    expect(node(graph, 'api.example.com', 'remote')).toBeDefined();
  });

  it('GIVEN an internal subsegment WHEN graphed THEN it adds no node', () => {
    const graph = graphOf([
      {
        resource: attrs({}),
        spans: [
          span({ kind: SpanKind.SERVER, spanId: 'a000000000000003', name: 'svc' }),
          span({
            kind: SpanKind.INTERNAL,
            spanId: 'b000000000000003',
            parentSpanId: 'a000000000000003',
            name: 'work',
          }),
        ],
      },
    ]);
    expect(graph.map((s) => s.Name).sort()).toEqual(['client', 'svc']);
  });
});
