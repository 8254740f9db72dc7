// cause_test.go, second half: parseException and the stack parsers, through a CLIENT span
// (remote: true) whose resource names the SDK language.
import { goSpan } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

interface Frame {
  readonly label: string;
  readonly path: string;
  readonly line: number;
}

export const f = (label: string, path: string, line = 0): Frame => ({ label, path, line });

/** One exception event with this stack; the expected exceptions (type, message, frames). */
export function stack(
  test: string,
  language: string,
  exception: { type: string; message: string },
  stacktrace: string,
  expected: readonly { type: string; message: string; stack?: readonly Frame[] }[],
): Vector {
  return {
    test,
    span: goSpan('client', 'call', {}, undefined, {
      events: [
        {
          name: 'exception',
          attributes: {
            'exception.type': exception.type,
            'exception.message': exception.message,
            'exception.stacktrace': stacktrace,
          },
        },
      ],
    }),
    resource: { 'telemetry.sdk.language': language },
    documents: [
      {
        cause: {
          exceptions: expected.map((e) => ({
            type: e.type,
            message: e.message,
            remote: true,
            ...(e.stack === undefined ? {} : { stack: e.stack }),
          })),
        },
      },
    ],
    sizes: { '0:cause.exceptions': expected.length },
    absent: expected.flatMap((e, i) =>
      e.stack === undefined ? [`0:cause.exceptions.${i}.stack` as const] : [],
    ),
    same: expected
      .slice(1)
      .map((_, i) => [`0:cause.exceptions.${i}.cause`, `0:cause.exceptions.${i + 1}.id`] as const),
  };
}

const JAVA_HEAD = [
  'java.lang.IllegalStateException: state is not legal',
  '\tat io.opentelemetry.sdk.trace.RecordEventsReadableSpanTest.recordException(RecordEventsReadableSpanTest.java:626)',
  '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
  '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)',
];
const JAVA_FRAMES = [
  f(
    'io.opentelemetry.sdk.trace.RecordEventsReadableSpanTest.recordException',
    'RecordEventsReadableSpanTest.java',
    626,
  ),
  f('jdk.internal.reflect.NativeMethodAccessorImpl.invoke0', 'Native Method'),
  f('jdk.internal.reflect.NativeMethodAccessorImpl.invoke', 'NativeMethodAccessorImpl.java', 62),
];
const JUNIT = [
  '\tat org.junit.platform.engine.support.hierarchical.ThrowableCollector.execute(ThrowableCollector.java:73)',
  '\tat org.junit.platform.engine.support.hierarchical.NodeTestTask.executeRecursively(NodeTestTask.java)',
];
const JUNIT_FRAMES = [
  f(
    'org.junit.platform.engine.support.hierarchical.ThrowableCollector.execute',
    'ThrowableCollector.java',
    73,
  ),
  f(
    'org.junit.platform.engine.support.hierarchical.NodeTestTask.executeRecursively',
    'NodeTestTask.java',
  ),
];
const FOO = { type: 'com.foo.Exception', message: 'Error happened' };
const NODE_ERROR = { type: 'TypeError', message: "Cannot read property 'value' of null" };

const vectors: Vector[] = [
  stack('TestParseExceptionWithoutStacktrace', '', FOO, '', [FOO]),
  stack('TestParseExceptionWithJavaStacktraceNoCause', 'java', FOO, JAVA_HEAD.join('\n'), [
    { ...FOO, stack: JAVA_FRAMES },
  ]),
  stack('TestParseExceptionWithStacktraceNotJava', '', FOO, JAVA_HEAD.join('\n'), [FOO]),
  stack(
    'TestParseExceptionWithJavaStacktraceAndCauseWithoutStacktrace',
    'java',
    FOO,
    [...JAVA_HEAD, 'Caused by: java.lang.IllegalArgumentException: bad argument'].join('\n'),
    [
      { ...FOO, stack: JAVA_FRAMES },
      { type: 'java.lang.IllegalArgumentException', message: 'bad argument' },
    ],
  ),
  stack(
    'TestParseExceptionWithJavaStacktraceAndCauseWithoutMessageOrStacktrace',
    'java',
    FOO,
    [...JAVA_HEAD, 'Caused by: java.lang.IllegalArgumentException'].join('\n'),
    [
      { ...FOO, stack: JAVA_FRAMES },
      { type: 'java.lang.IllegalArgumentException', message: '' },
    ],
  ),
  stack(
    'TestParseExceptionWithJavaStacktraceAndCauseWithStacktrace',
    'java',
    FOO,
    [...JAVA_HEAD, 'Caused by: java.lang.IllegalArgumentException: bad argument', ...JUNIT].join(
      '\n',
    ),
    [
      { ...FOO, stack: JAVA_FRAMES },
      { type: 'java.lang.IllegalArgumentException', message: 'bad argument', stack: JUNIT_FRAMES },
    ],
  ),
  stack(
    'TestParseExceptionWithJavaStacktraceAndCauseWithStacktraceSkipCommonAndSuppressedAndMalformed',
    'java',
    FOO,
    [
      ...JAVA_HEAD,
      '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)afaefaef',
      '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke',
      '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62',
      '\tat java.base/java.util.ArrayList.forEach(ArrayList.java:)',
      '\tSuppressed: Resource$CloseFailException: Resource ID = 2',
      '\t\tat Resource.close(Resource.java:26)\t',
      '\t\tat Foo3.main(Foo3.java:5)',
      '\tSuppressed: Resource$CloseFailException: Resource ID = 1',
      '\t\tat Resource.close(Resource.java:26)',
      '\t\tat Foo3.main(Foo3.java:5)',
      'Caused by: java.lang.IllegalArgumentException: bad argument',
      ...JUNIT,
      '\t... 99 more',
    ].join('\n'),
    [
      { ...FOO, stack: [...JAVA_FRAMES, f('java.util.ArrayList.forEach', 'ArrayList.java')] },
      { type: 'java.lang.IllegalArgumentException', message: 'bad argument', stack: JUNIT_FRAMES },
    ],
  ),
  stack(
    'TestParseExceptionWithJavaScriptStacktrace',
    'javascript',
    NODE_ERROR,
    [
      "TypeError: Cannot read property 'value' of null",
      '    at speedy (/home/gbusey/file.js:6:11)',
      '    at makeFaster (/home/gbusey/file.js:5:3)',
      '    at Object.<anonymous> (/home/gbusey/file.js:10:1)',
      '    at node.js:906:3',
      '    at Array.forEach (native)',
      '    at native',
    ].join('\n'),
    [
      {
        ...NODE_ERROR,
        stack: [
          f('speedy ', '/home/gbusey/file.js', 6),
          f('makeFaster ', '/home/gbusey/file.js', 5),
          f('Object.<anonymous> ', '/home/gbusey/file.js', 10),
          f('', 'node.js', 906),
          f('Array.forEach ', 'native'),
          f('', 'native'),
        ],
      },
    ],
  ),
  stack(
    'TestParseExceptionWithStacktraceNotJavaScript',
    '',
    NODE_ERROR,
    "TypeError: Cannot read property 'value' of null\n    at speedy (/home/gbusey/file.js:6:11)",
    [NODE_ERROR],
  ),
  stack(
    'TestParseExceptionWithJavaScriptStacktraceMalformedLines',
    'javascript',
    NODE_ERROR,
    [
      "TypeError: Cannot read property 'value' of null",
      '    at speedy (/home/gbusey/file.js)',
      '    at makeFaster (/home/gbusey/file.js:5:3)malformed123',
      '    at Object.<anonymous> (/home/gbusey/file.js:10',
    ].join('\n'),
    [{ ...NODE_ERROR, stack: [f('speedy ', '/home/gbusey/file.js')] }],
  ),
];

export const STACK_VECTORS: VectorFile = { file: 'cause_test.go', vectors };
