// Test-only fixture data in X-Ray's JSON shapes: a small map client → task-web → task-service →
// tasks table (plus an external call), and one trace with nested subsegments.
import type {
  SegmentDocument,
  ServiceGraphResponse,
  TraceEntry,
  TraceSummary,
} from '../../apps/xray-preview/src/contract.js';

export const TRACE_ID = '1-67a1b2c3-0123456789abcdef01234567';
export const SECOND_TRACE_ID = '1-67a1b2c4-fedcba9876543210fedcba98';
/** A browser action's trace (task-web → task-service → tasks), as the app shows it: 32 hex. */
export const BROWSER_TRACE_OTEL_ID = '67a1b2c50123456789abcdef0a0b0c0d';
export const BROWSER_TRACE_ID = '1-67a1b2c5-0123456789abcdef0a0b0c0d';

const stats = (ok: number, error: number, throttle: number, fault: number, seconds: number) => ({
  OkCount: ok,
  ErrorStatistics: { ThrottleCount: throttle, OtherCount: error, TotalCount: error + throttle },
  FaultStatistics: { OtherCount: fault, TotalCount: fault },
  TotalCount: ok + error + throttle + fault,
  TotalResponseTime: seconds,
});

export const serviceGraph: ServiceGraphResponse = {
  StartTime: 1_738_700_000,
  EndTime: 1_738_700_300,
  Services: [
    {
      ReferenceId: 0,
      Name: 'client',
      Names: ['client'],
      Type: 'client',
      Root: true,
      Edges: [{ ReferenceId: 1, SummaryStatistics: stats(40, 0, 0, 0, 2.4) }],
    },
    {
      ReferenceId: 1,
      Name: 'task-web',
      Names: ['task-web'],
      Edges: [{ ReferenceId: 2, SummaryStatistics: stats(32, 6, 0, 2, 1.6) }],
      // 40 requests, 2.4 s total → 60 ms average.
      SummaryStatistics: stats(40, 0, 0, 0, 2.4),
    },
    {
      ReferenceId: 2,
      Name: 'task-service',
      Names: ['task-service'],
      Type: 'AWS::EKS::Container',
      Edges: [
        { ReferenceId: 3, SummaryStatistics: stats(30, 0, 1, 0, 0.36) },
        { ReferenceId: 4, SummaryStatistics: stats(4, 0, 0, 0, 0.2) },
      ],
      // 40 requests: 6 errors (15%), 2 faults (5%), 1.6 s total → 40 ms average.
      SummaryStatistics: stats(32, 6, 0, 2, 1.6),
    },
    {
      ReferenceId: 3,
      Name: 'tasks',
      Names: ['tasks'],
      Type: 'AWS::DynamoDB::Table',
      Edges: [],
      SummaryStatistics: stats(30, 0, 1, 0, 0.36),
    },
    {
      ReferenceId: 4,
      Name: 'api.example.test',
      Names: ['api.example.test'],
      Type: 'remote',
      Edges: [],
      SummaryStatistics: stats(4, 0, 0, 0, 0.2),
    },
  ],
};

export const traceSummaries: TraceSummary[] = [
  // What X-Ray (and the preview) lists for a browser action: the entry segment is task-web's,
  // which has no http block, so there is no Http in the summary.
  {
    Id: BROWSER_TRACE_ID,
    Duration: 0.061,
    ResponseTime: 0.061,
    HasFault: false,
    HasError: false,
    HasThrottle: false,
    EntryPoint: { Name: 'task-web', Names: ['task-web'] },
    ServiceIds: [
      { Name: 'task-web', Names: ['task-web'] },
      { Name: 'task-service', Names: ['task-service'], Type: 'AWS::EKS::Container' },
      { Name: 'tasks', Names: ['tasks'], Type: 'AWS::DynamoDB::Table' },
    ],
    StartTime: 1_738_700_150,
  },
  {
    Id: TRACE_ID,
    Duration: 0.052,
    ResponseTime: 0.05,
    HasFault: false,
    HasError: true,
    HasThrottle: false,
    Http: { HttpURL: 'http://127.0.0.1:8080/tasks/42', HttpStatus: 409, HttpMethod: 'PUT' },
    EntryPoint: { Name: 'task-web', Names: ['task-web'] },
    ServiceIds: [
      { Name: 'task-web', Names: ['task-web'] },
      { Name: 'task-service', Names: ['task-service'], Type: 'AWS::EKS::Container' },
      { Name: 'tasks', Names: ['tasks'], Type: 'AWS::DynamoDB::Table' },
    ],
  },
  {
    Id: SECOND_TRACE_ID,
    Duration: 0.011,
    ResponseTime: 0.011,
    HasFault: false,
    HasError: false,
    HasThrottle: false,
    Http: { HttpURL: 'http://127.0.0.1:5173/', HttpStatus: 200, HttpMethod: 'GET' },
    EntryPoint: { Name: 'task-web', Names: ['task-web'] },
    ServiceIds: [{ Name: 'task-web', Names: ['task-web'] }],
  },
];

const t0 = 1_738_700_100;

/** Flat documents in arrival order (children before parents, as spans end first). */
export const segmentDocuments: SegmentDocument[] = [
  {
    trace_id: TRACE_ID,
    id: 'c000000000000003',
    parent_id: 'b000000000000002',
    name: 'tasks',
    type: 'subsegment',
    namespace: 'aws',
    start_time: t0 + 0.02,
    end_time: t0 + 0.032,
    fault: false,
    error: false,
    throttle: false,
    aws: { operation: 'UpdateItem', table_name: 'tasks' },
  },
  {
    trace_id: TRACE_ID,
    id: 'b000000000000002',
    parent_id: 'a000000000000001',
    name: 'task-service',
    origin: 'AWS::EKS::Container',
    start_time: t0 + 0.008,
    end_time: t0 + 0.046,
    fault: false,
    error: true,
    throttle: false,
    http: {
      request: { method: 'PUT', url: 'http://127.0.0.1:8080/tasks/42' },
      response: { status: 409 },
    },
  },
  {
    trace_id: TRACE_ID,
    id: 'a000000000000001',
    name: 'task-web',
    namespace: 'remote',
    start_time: t0,
    end_time: t0 + 0.052,
    fault: false,
    error: true,
    throttle: false,
    http: {
      request: { method: 'PUT', url: 'http://127.0.0.1:8080/tasks/42' },
      response: { status: 409 },
    },
  },
];

/** The preview's trace list extras for the browser trace (POST /api/trace-entries). */
export const traceEntries: Record<string, TraceEntry> = {
  [BROWSER_TRACE_ID]: {
    action: 'tasks.create',
    method: 'POST',
    url: 'http://127.0.0.1:8080/tasks',
    status: 201,
    httpFrom: 'call',
  },
  [TRACE_ID]: { action: 'tasks.complete', httpFrom: 'entry' },
};

const b0 = 1_738_700_150;

/** The browser trace's documents: task-web's action segment, its fetch, the service below it. */
export const browserTraceDocuments: SegmentDocument[] = [
  {
    trace_id: BROWSER_TRACE_ID,
    id: 'd000000000000002',
    parent_id: 'd000000000000001',
    name: 'POST',
    type: 'subsegment',
    namespace: 'remote',
    start_time: b0 + 0.004,
    end_time: b0 + 0.058,
    fault: false,
    error: false,
    throttle: false,
    http: {
      request: { method: 'POST', url: 'http://127.0.0.1:8080/tasks' },
      response: { status: 201 },
    },
  },
  {
    trace_id: BROWSER_TRACE_ID,
    id: 'd000000000000003',
    parent_id: 'd000000000000002',
    name: 'task-service',
    origin: 'AWS::EKS::Container',
    start_time: b0 + 0.009,
    end_time: b0 + 0.051,
    fault: false,
    error: false,
    throttle: false,
    http: {
      request: { method: 'POST', url: 'http://127.0.0.1:8080/tasks' },
      response: { status: 201 },
    },
  },
  {
    trace_id: BROWSER_TRACE_ID,
    id: 'd000000000000001',
    name: 'task-web',
    start_time: b0,
    end_time: b0 + 0.061,
    fault: false,
    error: false,
    throttle: false,
  },
];

/** The fixture graph plus a queue that task-service starts calling: a change the UI must pick up. */
export const grownServiceGraph: ServiceGraphResponse = {
  ...serviceGraph,
  Services: [
    ...(serviceGraph.Services ?? []).map((svc) =>
      svc.Name === 'task-service'
        ? {
            ...svc,
            Edges: [
              ...(svc.Edges ?? []),
              { ReferenceId: 5, SummaryStatistics: stats(3, 0, 0, 0, 0.03) },
            ],
          }
        : svc,
    ),
    {
      ReferenceId: 5,
      Name: 'audit-queue',
      Names: ['audit-queue'],
      Type: 'AWS::SQS::Queue',
      Edges: [],
      SummaryStatistics: stats(3, 0, 0, 0, 0.03),
    },
  ],
};
