// The cause block: exception events, status message fallback, AWS SDK HTTP failures, stack
// traces (docs/xray-translation.md, "Cause").
import { describe, expect, it } from 'vitest';
import type { XRayException } from '../../../apps/xray-preview/src/translator/types.js';
import { SpanKind, StatusCode, translate } from './span-builder.js';

const exception = (attributes: Record<string, string>) => ({ name: 'exception', attributes });

/** Exceptions without their random ids (and cause links), which tests must not compare. */
function withoutIds(list: XRayException[] | undefined): Omit<XRayException, 'id' | 'cause'>[] {
  return (list ?? []).map(({ id: _id, cause: _cause, ...rest }) => rest);
}

describe('Cause: cause from exception events', () => {
  it('GIVEN an exception event and status OK WHEN translated THEN cause is written although fault/error are false', () => {
    const doc = translate({
      events: [exception({ 'exception.type': 'TypeError', 'exception.message': 'boom' })],
      status: { code: StatusCode.OK },
    });
    expect(doc.fault || doc.error).toBe(false);
    expect(withoutIds(doc.cause?.exceptions)).toEqual([
      { type: 'TypeError', message: 'boom', remote: false },
    ]);
    expect(doc.cause?.exceptions?.[0]?.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('GIVEN two exception events WHEN translated THEN two entries in order, with type and message even when empty', () => {
    const doc = translate({
      events: [exception({ 'exception.type': 'A' }), exception({ 'exception.message': 'm' })],
    });
    expect(withoutIds(doc.cause?.exceptions)).toEqual([
      { type: 'A', message: '', remote: false },
      { type: '', message: 'm', remote: false },
    ]);
  });

  it.each([
    [SpanKind.CLIENT, true],
    [SpanKind.PRODUCER, true],
    [SpanKind.SERVER, false],
    [SpanKind.CONSUMER, false],
    [SpanKind.INTERNAL, false],
  ])('GIVEN an exception on a kind-%s span WHEN translated THEN remote is %s', (kind, remote) => {
    const doc = translate({
      kind,
      parentSpanId: 'bbbbbbbbbbbbbbbb',
      events: [exception({ 'exception.type': 'E' })],
    });
    expect(doc.cause?.exceptions?.[0]?.remote).toBe(remote);
  });

  it('GIVEN an aws-api span with an "HTTP request failure" event WHEN translated THEN an aws.http.error.event entry is written', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      parentSpanId: 'bbbbbbbbbbbbbbbb',
      attributes: { 'rpc.system': 'aws-api' },
      events: [
        {
          name: 'HTTP request failure',
          timeUnixNano: 1_700_000_000_123_456_789n,
          attributes: {
            'http.response.status_code': 503,
            'aws.http.error_message': 'Service Unavailable',
          },
        },
      ],
    });
    expect(withoutIds(doc.cause?.exceptions)).toEqual([
      {
        type: 'aws.http.error.event',
        message: '503@1700000000.123456@Service Unavailable',
        remote: true,
      },
    ]);
  });

  it('GIVEN a non-aws span with an "HTTP request failure" event WHEN translated THEN no cause', () => {
    expect(
      translate({
        events: [
          {
            name: 'HTTP request failure',
            attributes: { 'http.response.status_code': 503, 'aws.http.error_message': 'x' },
          },
        ],
      }).cause,
    ).toBeUndefined();
  });
});

describe('Cause: cause from the span status', () => {
  it('GIVEN status ERROR with a message WHEN translated THEN one entry with empty type and no remote/stack', () => {
    const doc = translate({ status: { code: StatusCode.ERROR, message: 'db down' } });
    expect(withoutIds(doc.cause?.exceptions)).toEqual([{ type: '', message: 'db down' }]);
  });

  it('GIVEN status ERROR without message but http.status_text WHEN translated THEN status_text is the message and is used up', () => {
    const doc = translate({
      status: { code: StatusCode.ERROR },
      attributes: { 'http.status_text': 'Bad Gateway', other: 1 },
    });
    expect(withoutIds(doc.cause?.exceptions)).toEqual([{ type: '', message: 'Bad Gateway' }]);
    expect(doc.metadata?.default).toEqual({ other: 1 });
  });

  it('GIVEN status ERROR with no message at all WHEN translated THEN no cause', () => {
    expect(translate({ status: { code: StatusCode.ERROR } }).cause).toBeUndefined();
  });

  it('GIVEN status OK with http.status_text WHEN translated THEN no cause and status_text stays in metadata', () => {
    const doc = translate({ attributes: { 'http.status_text': 'OK' } });
    expect(doc.cause).toBeUndefined();
    expect(doc.metadata?.default).toEqual({ 'http.status_text': 'OK' });
  });
});

describe('Cause: stack traces', () => {
  const withStack = (language: string, stacktrace: string, type = 'Error', message = 'boom') =>
    translate(
      {
        events: [
          exception({
            'exception.type': type,
            'exception.message': message,
            'exception.stacktrace': stacktrace,
          }),
        ],
      },
      { 'telemetry.sdk.language': language },
    );

  it.each(['nodejs', 'webjs'])(
    'GIVEN a V8 stack and sdk language %s (what OTel JS reports) WHEN translated THEN there is no stack',
    (language) => {
      const doc = withStack(language, 'Error: boom\n    at handler (/app/src/routes.js:42:13)');
      expect(doc.cause?.exceptions?.[0]).not.toHaveProperty('stack');
    },
  );

  it.each(['javascript'])(
    'GIVEN a V8 stack and sdk language %s WHEN translated THEN frames are parsed',
    (language) => {
      const doc = withStack(
        language,
        'Error: boom\n    at handler (/app/src/routes.js:42:13)\n    at /app/src/index.js:7:5\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at new Promise (<anonymous>)\n    at Array.map (native)',
      );
      expect(doc.cause?.exceptions?.[0]?.stack).toEqual([
        { path: '/app/src/routes.js', line: 42, label: 'handler ' },
        { path: '/app/src/index.js', line: 7, label: '' },
        { path: 'node', line: 0, label: 'process.processTicksAndRejections ' },
        { path: '<anonymous>', line: 0, label: 'new Promise ' },
        { path: 'native', line: 0, label: 'Array.map ' },
      ]);
    },
  );

  it('GIVEN a Java stack with Caused by WHEN translated THEN frames are parsed and the cause chain is linked', () => {
    const doc = withStack(
      'java',
      'java.lang.RuntimeException: outer\n\tat com.example.App.run(App.java:12)\n\tat java.base/java.lang.Thread.run(Native Method)\nCaused by: java.io.IOException: inner\n\tat com.example.Io.read(Io.java:5)\n\t... 2 more',
      'java.lang.RuntimeException',
      'outer',
    );
    const [outer, inner] = doc.cause?.exceptions ?? [];
    expect(outer?.stack).toEqual([
      { path: 'App.java', line: 12, label: 'com.example.App.run' },
      { path: 'Native Method', line: 0, label: 'java.lang.Thread.run' },
    ]);
    expect(inner).toMatchObject({
      type: 'java.io.IOException',
      message: 'inner',
      remote: false,
      stack: [{ path: 'Io.java', line: 5, label: 'com.example.Io.read' }],
    });
    expect(outer?.cause).toBe(inner?.id);
  });

  it('GIVEN a Python traceback with a chained exception WHEN translated THEN both exceptions get their frames', () => {
    const doc = withStack(
      'python',
      [
        'Traceback (most recent call last):',
        '  File "/app/a.py", line 3, in first',
        '    raise KeyError("k")',
        "KeyError: 'k'",
        '',
        'During handling of the above exception, another exception occurred:',
        '',
        'Traceback (most recent call last):',
        '  File "/app/b.py", line 9, in second',
        '    raise ValueError("v")',
        'ValueError: v',
      ].join('\n'),
      'ValueError',
      'v',
    );
    const [top, chained] = doc.cause?.exceptions ?? [];
    expect(top?.stack).toEqual([{ path: '/app/b.py', line: 9, label: 'second' }]);
    expect(chained).toMatchObject({
      type: 'KeyError',
      message: "'k'",
      stack: [{ path: '/app/a.py', line: 3, label: 'first' }],
    });
    expect(top?.cause).toBe(chained?.id);
  });

  it('GIVEN a .NET stack WHEN translated THEN frames with and without files are parsed', () => {
    const doc = withStack(
      'dotnet',
      'System.Exception: boom\n   at App.Program.Main(String[] args) in /src/Program.cs:line 14\n   at App.Worker.Run()',
    );
    expect(doc.cause?.exceptions?.[0]?.stack).toEqual([
      { path: '/src/Program.cs', line: 14, label: 'App.Program.Main(String[] args)' },
      { path: '', line: 0, label: 'App.Worker.Run()' },
    ]);
  });

  it('GIVEN a Go panic stack WHEN translated THEN function/location pairs become frames', () => {
    const doc = withStack(
      'go',
      'panic: boom\ngoroutine 1 [running]:\nmain.handler()\n\t/app/main.go:12 +0x1d\nmain.main()\n\t/app/main.go:20 +0x25',
    );
    expect(doc.cause?.exceptions?.[0]?.stack).toEqual([
      { path: '/app/main.go', line: 12, label: 'main.handler()' },
      { path: '/app/main.go', line: 20, label: 'main.main()' },
    ]);
  });

  it('GIVEN a stack trace and an unsupported language (ruby) WHEN translated THEN no stack is written', () => {
    expect(
      withStack('ruby', 'boom\n    at x (y.rb:1:1)').cause?.exceptions?.[0],
    ).not.toHaveProperty('stack');
  });
});
