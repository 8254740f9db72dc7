import { SpanKind, context, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import {
  ATTR_AWS_LOCAL_SERVICE,
  ATTR_AWS_SPAN_KIND,
  LocalRootSpanProcessor,
} from '../../apps/task-web/src/local-root-processor.js';

describe('task-web local-root marking', () => {
  it('GIVEN a root action span with a fetch child WHEN ended THEN only the root is marked as task-web local root', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [
        new LocalRootSpanProcessor('task-web'),
        new SimpleSpanProcessor({ exporter }),
      ],
    });
    const tracer = provider.getTracer('test');

    const root = tracer.startSpan('tasks.create', { kind: SpanKind.INTERNAL });
    const child = tracer.startSpan(
      'POST',
      { kind: SpanKind.CLIENT },
      trace.setSpan(context.active(), root),
    );
    child.end();
    root.end();

    const byName = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
    expect(byName.get('tasks.create')?.attributes).toMatchObject({
      [ATTR_AWS_SPAN_KIND]: 'LOCAL_ROOT',
      [ATTR_AWS_LOCAL_SERVICE]: 'task-web',
    });
    expect(byName.get('POST')?.attributes[ATTR_AWS_SPAN_KIND]).toBeUndefined();
  });
});
