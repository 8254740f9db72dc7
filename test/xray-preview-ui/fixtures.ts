// Test-only fixture data in X-Ray's JSON shapes: a small map client → task-web → task-service →
// tasks table (plus an external call), and one trace with nested subsegments.
import type {
  SegmentDocument,
  ServiceGraphResponse,
  TraceSummary,
} from '../../apps/xray-preview/ui/src/xray-types.js';

export const TRACE_ID = '1-67a1b2c3-0123456789abcdef01234567';
export const SECOND_TRACE_ID = '1-67a1b2c4-fedcba9876543210fedcba98';

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
