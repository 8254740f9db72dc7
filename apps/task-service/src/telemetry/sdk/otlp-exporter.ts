// The OTLP gRPC trace exporter of the tuned profile: the exporter packages' own gRPC transport,
// retries, timeouts and response handling, with the span encoding of ./otlp-trace-encoder.ts in
// place of their serializer (which was the largest single cost of a sampled request).
import type { ExportResult } from '@opentelemetry/core';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import {
  convertLegacyOtlpGrpcOptions,
  createOtlpGrpcExportDelegate,
} from '@opentelemetry/otlp-grpc-exporter-base';
import {
  type ISerializer,
  type IExportTraceServiceResponse,
  ProtobufTraceSerializer,
  TraceExporterMetricsHelper,
} from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { OtlpTraceEncoder } from './otlp-trace-encoder.js';

export interface OtlpTraceExporterOptions {
  /** The collector's OTLP gRPC endpoint, e.g. `http://127.0.0.1:4317`. */
  readonly url: string;
  /** An export not answered within this fails. */
  readonly timeoutMillis: number;
}

/** The same service and method the stock OTLP gRPC trace exporter calls. */
const SERVICE = 'TraceExportService';
const METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export function createOtlpTraceExporter(options: OtlpTraceExporterOptions): SpanExporter {
  const encoder = new OtlpTraceEncoder();
  const serializer: ISerializer<ReadableSpan[], IExportTraceServiceResponse> = {
    serializeRequest: (spans) => encoder.encode(spans),
    deserializeResponse: (data) => ProtobufTraceSerializer.deserializeResponse(data),
  };
  const exporter: OTLPExporterBase<ReadableSpan[]> = new OTLPExporterBase(
    createOtlpGrpcExportDelegate(
      convertLegacyOtlpGrpcOptions(
        { url: options.url, timeoutMillis: options.timeoutMillis },
        'TRACES',
      ),
      serializer,
      'otlp_grpc_span_exporter',
      TraceExporterMetricsHelper,
      undefined,
      SERVICE,
      METHOD,
    ),
  );
  return {
    export: (spans: ReadableSpan[], done: (result: ExportResult) => void) =>
      exporter.export(spans, done),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };
}
