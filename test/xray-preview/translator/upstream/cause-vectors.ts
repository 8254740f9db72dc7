// cause_test.go, first half: the cause block and fault / error / throttle.
import type { AttrValue } from '../../../../apps/xray-preview/src/model.js';
import { StatusCode } from '../span-builder.js';
import { goSpan } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

const JAVA_STACK = [
  'java.lang.IllegalStateException: state is not legal',
  '\tat io.opentelemetry.sdk.trace.RecordEventsReadableSpanTest.recordException(RecordEventsReadableSpanTest.java:626)',
  '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
  '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)',
  'Caused by: java.lang.IllegalArgumentException: bad argument',
].join('\n');

const JAVA = { 'telemetry.sdk.language': 'java' };
const MESSAGE = 'this is a test';

/** `constructExceptionServerSpan`: a SERVER span /widgets with a status code. */
function serverSpan(
  attributes: Record<string, AttrValue>,
  code: StatusCode,
  events: { name: string; attributes?: Record<string, AttrValue>; timeUnixNano?: bigint }[] = [],
  message = MESSAGE,
) {
  return goSpan('server', '/widgets', attributes, { code, message }, { events });
}

const exceptionEvents = [
  {
    name: 'exception',
    attributes: {
      'exception.type': 'java.lang.IllegalStateException',
      'exception.message': 'bad state',
      'exception.stacktrace': JAVA_STACK,
    },
  },
];

function flags(fault: boolean, error: boolean, throttle = false) {
  return { fault, error, throttle };
}

/** The `…Stable` twins use the stable names for method, URL and status code. */
function statusCases(
  test: string,
  code: number | undefined,
  status: StatusCode,
  expected: object,
  withCause: boolean,
  statusText = true,
): Vector[] {
  return (['old', 'stable'] as const).map((names) => {
    const stable = names === 'stable';
    const attributes: Record<string, AttrValue> = {
      [stable ? 'http.request.method' : 'http.method']: 'POST',
      [stable ? 'url.full' : 'http.url']: 'https://api.example.com/widgets',
    };
    if (code !== undefined)
      attributes[stable ? 'http.response.status_code' : 'http.status_code'] = code;
    if (statusText) attributes['http.status_text'] = MESSAGE;
    return {
      test: stable ? `${test}Stable` : test,
      span: serverSpan(attributes, status, [], ''),
      documents: [
        withCause ? { ...expected, cause: { exceptions: [{ message: MESSAGE }] } } : expected,
      ],
      ...(withCause ? {} : { absent: ['0:cause' as const] }),
    };
  });
}

const vectors: Vector[] = [
  {
    test: 'TestCauseWithExceptions',
    span: serverSpan({}, StatusCode.ERROR, [
      ...exceptionEvents,
      { name: 'exception', attributes: { 'exception.type': 'EmptyError' } },
    ]),
    resource: JAVA,
    documents: [
      {
        ...flags(true, false),
        cause: {
          exceptions: [
            { type: 'java.lang.IllegalStateException', message: 'bad state', remote: false },
            { type: 'java.lang.IllegalArgumentException', message: 'bad argument' },
            { type: 'EmptyError', message: '' },
          ],
        },
      },
    ],
    sizes: { '0:cause.exceptions': 3, '0:cause.exceptions.0.stack': 3 },
    same: [['0:cause.exceptions.0.cause', '0:cause.exceptions.1.id']],
  },
  {
    test: 'TestMakeCauseAwsSdkSpan',
    span: serverSpan({ 'rpc.system': 'aws-api' }, StatusCode.ERROR, [
      {
        name: 'HTTP request failure',
        timeUnixNano: 1_696_954_761_000_001_000n,
        attributes: {
          'http.response.status_code': '503',
          'aws.http.error_message': 'service is temporarily unavailable',
        },
      },
    ]),
    documents: [
      {
        ...flags(true, false),
        cause: {
          exceptions: [
            {
              type: 'aws.http.error.event',
              remote: true,
              message: '503@1696954761.000001@service is temporarily unavailable',
            },
          ],
        },
      },
    ],
    sizes: { '0:cause.exceptions': 1 },
  },
  ...[StatusCode.UNSET, StatusCode.OK].map((code): Vector => ({
    test: `TestCauseExceptionWithoutError (status ${code})`,
    span: serverSpan({}, code, exceptionEvents),
    resource: JAVA,
    documents: [
      {
        ...flags(false, false),
        cause: {
          exceptions: [
            { type: 'java.lang.IllegalStateException', message: 'bad state' },
            { type: 'java.lang.IllegalArgumentException', message: 'bad argument' },
          ],
        },
      },
    ],
    sizes: { '0:cause.exceptions': 2, '0:cause.exceptions.0.stack': 3 },
  })),
  ...[StatusCode.UNSET, StatusCode.OK].map((code): Vector => ({
    test: `TestEventWithoutExceptionWithoutError (status ${code})`,
    span: serverSpan({}, code, [{ name: 'NotException', attributes: { 'http.method': 'Post' } }]),
    resource: JAVA,
    documents: [flags(false, false)],
    absent: ['0:cause'],
  })),
  ...(['old', 'stable'] as const).map((names): Vector => ({
    test: names === 'old' ? 'TestCauseWithStatusMessage' : 'TestCauseWithStatusMessageStable',
    span: serverSpan(
      names === 'old'
        ? {
            'http.method': 'POST',
            'http.url': 'https://api.example.com/widgets',
            'http.status_code': 500,
          }
        : {
            'http.request.method': 'POST',
            'url.full': 'https://api.example.com/widgets',
            'http.response.status_code': 500,
          },
      StatusCode.ERROR,
    ),
    documents: [{ ...flags(true, false), cause: { exceptions: [{ message: MESSAGE }] } }],
  })),
  ...statusCases('TestCauseWithHttpStatusMessage', 500, StatusCode.ERROR, flags(true, false), true),
  // A success status with an error code: the code decides, and there is no cause.
  ...statusCases(
    'TestCauseWithZeroStatusMessageAndFaultHttpCode',
    500,
    StatusCode.UNSET,
    flags(true, false),
    false,
  ),
  ...statusCases(
    'TestCauseWithZeroStatusMessageAndFaultErrorCode',
    400,
    StatusCode.UNSET,
    flags(false, true),
    false,
  ),
  ...statusCases(
    'TestNonHttpUnsetCodeSpan',
    undefined,
    StatusCode.UNSET,
    flags(false, false),
    false,
  ).slice(0, 1),
  ...statusCases(
    'TestNonHttpOkCodeSpan',
    undefined,
    StatusCode.OK,
    flags(false, false),
    false,
  ).slice(0, 1),
  ...statusCases(
    'TestNonHttpErrCodeSpan',
    undefined,
    StatusCode.ERROR,
    flags(true, false),
    true,
  ).slice(0, 1),
  ...statusCases(
    'TestCauseWithClientErrorMessage',
    499,
    StatusCode.ERROR,
    flags(false, true),
    true,
  ),
  ...statusCases('TestCauseWithThrottled', 429, StatusCode.ERROR, flags(false, true, true), true),
];

export const CAUSE_VECTORS: VectorFile = { file: 'cause_test.go', vectors };
