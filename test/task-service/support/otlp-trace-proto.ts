import protobuf from 'protobufjs';

/**
 * The OTLP trace messages a receiver needs, written from the upstream .proto files
 * (opentelemetry-proto: collector/trace/v1, trace/v1, common/v1, resource/v1), trimmed to the
 * fields the tests read. Unknown fields are skipped by the decoder, so trimming is safe.
 * The `Count*` messages decode only the nesting, so a benchmark receiver can count spans cheaply.
 */
const PROTO = `
syntax = "proto3";
package otlp;

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }

message CountRequest { repeated CountResourceSpans resource_spans = 1; }
message CountResourceSpans { repeated CountScopeSpans scope_spans = 2; }
message CountScopeSpans { repeated Skipped spans = 2; }
message Skipped {}
`;

const root = protobuf.parse(PROTO, { keepCase: false }).root;
export const ExportTraceServiceRequest = root.lookupType('otlp.ExportTraceServiceRequest');
export const CountRequest = root.lookupType('otlp.CountRequest');

/** gRPC method path of the OTLP trace service. */
export const TRACE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** OTLP SpanKind values. */
export const SpanKind = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;
/** OTLP Status codes. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
