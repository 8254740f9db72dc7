// cause_test.go, second half continued: .NET, PHP (read as Java) and Go stacks.
import { f, stack } from './stack-vectors.js';
import type { Vector, VectorFile } from './vector.js';

const PHP_B = { type: 'Exception', message: 'Thrown from class B' };
const PHP_CAUSE_A = { type: 'Exception', message: 'Thrown from class A' };
const GO = { type: 'Exception', message: 'error message' };

const GO_STACK = [
  'goroutine 19 [running]:',
  'go.opentelemetry.io/otel/sdk/trace.recordStackTrace(0x0, 0x0)',
  '\totel-go-core/opentelemetry-go/sdk/trace/span.go:323 +0x9b',
  'go.opentelemetry.io/otel/sdk/trace.(*span).RecordError(0xc0003a6000, 0x14a5f00, 0xc00038c000, 0xc000390140, 0x3, 0x4)',
  '\totel-go-core/opentelemetry-go/sdk/trace/span.go:302 +0x3fc',
  'go.opentelemetry.io/otel/sdk/trace.TestRecordErrorWithStackTrace(0xc000102900)',
  '\totel-go-core/opentelemetry-go/sdk/trace/trace_test.go:1167 +0x3ef',
  'testing.tRunner(0xc000102900, 0x1484410)',
  '\t/usr/local/Cellar/go/1.16.3/libexec/src/testing/testing.go:1193 +0x1a3',
  'created by testing.(*T).Run',
  '\t/usr/local/Cellar/go/1.16.3/libexec/src/testing/testing.go:1238 +0x63c',
];

/** The two-goroutine panic of TestParseMultipleExceptionGoWithStacktrace: function, location. */
const GO_PANIC: readonly (readonly [string, string])[] = [
  [
    'go.opentelemetry.io/otel/sdk/trace.recordStackTrace(0x0, 0x0)',
    'Documents/otel-go-core/opentelemetry-go/sdk/trace/span.go:318 +0x9b',
  ],
  [
    'go.opentelemetry.io/otel/sdk/trace.(*span).End(0xc000082300, 0xc0000a0040, 0x1, 0x1)',
    'Documents/otel-go-core/opentelemetry-go/sdk/trace/span.go:252 +0x4ee',
  ],
  [
    'panic(0x1414f00, 0xc0000a0050)',
    '/usr/local/Cellar/go/1.16.3/libexec/src/runtime/panic.go:971 +0x4c7',
  ],
  [
    'go.opentelemetry.io/otel/sdk/trace.TestSpanCapturesPanicWithStackTrace.func1()',
    'Documents/otel-go-core/opentelemetry-go/sdk/trace/trace_test.go:1425 +0x225',
  ],
  [
    'github.com/stretchr/testify/assert.didPanic.func1(0xc0001ad0e8, 0xc0001ad0d7, 0xc0001ad0d8, 0xc00009e048)',
    'go/pkg/mod/github.com/stretchr/testify@v1.7.0/assert/assertions.go:1018 +0xb8',
  ],
  [
    'github.com/stretchr/testify/assert.didPanic(0xc00009e048, 0x14a5b00, 0x0, 0x0, 0x0, 0x0)',
    'go/pkg/mod/github.com/stretchr/testify@v1.7.0/assert/assertions.go:1020 +0x85',
  ],
  [
    'github.com/stretchr/testify/assert.PanicsWithError(0x14a5b60, 0xc000186600, 0x146e31c, 0xd, 0xc00009e048, 0x0, 0x0, 0x0, 0xc000038900)',
    'go/pkg/mod/github.com/stretchr/testify@v1.7.0/assert/assertions.go:1071 +0x10c',
  ],
  [
    'github.com/stretchr/testify/require.PanicsWithError(0x14a7328, 0xc000186600, 0x146e31c, 0xd, 0xc00009e048, 0x0, 0x0, 0x0)',
    'go/pkg/mod/github.com/stretchr/testify@v1.7.0/require/require.go:1607 +0x15e',
  ],
  [
    'go.opentelemetry.io/otel/sdk/trace.TestSpanCapturesPanicWithStackTrace(0xc000186600)',
    'Documents/otel-go-core/opentelemetry-go/sdk/trace/trace_test.go:1427 +0x33a',
  ],
  [
    'testing.tRunner(0xc000186600, 0x1484440)',
    '/usr/local/Cellar/go/1.16.3/libexec/src/testing/testing.go:1193 +0x1a3',
  ],
  [
    'created by testing.(*T).Run',
    '/usr/local/Cellar/go/1.16.3/libexec/src/testing/testing.go:1238 +0x63c',
  ],
];

const vectors: Vector[] = [
  stack(
    'TestParseExceptionWithSimpleStacktrace',
    'dotnet',
    { type: 'System.FormatException', message: 'Input string was not in a correct format' },
    [
      'System.FormatException: Input string was not in a correct format.',
      '\tat System.Number.ThrowOverflowOrFormatException(ParsingStatus status, TypeCode type)',
      '\tat System.Number.ParseInt32(ReadOnlySpan1 value, NumberStyles styles, NumberFormatInfo info)',
      '\tat System.Int32.Parse(String s)',
      '\tat MyNamespace.IntParser.Parse(String s) in C:\\apps\\MyNamespace\\IntParser.cs:line 11',
      '\tat MyNamespace.Program.Main(String[] args) in C:\\apps\\MyNamespace\\Program.cs:line 12',
    ].join('\n'),
    [
      {
        type: 'System.FormatException',
        message: 'Input string was not in a correct format',
        stack: [
          f(
            'System.Number.ThrowOverflowOrFormatException(ParsingStatus status, TypeCode type)',
            '',
          ),
          f(
            'System.Number.ParseInt32(ReadOnlySpan1 value, NumberStyles styles, NumberFormatInfo info)',
            '',
          ),
          f('System.Int32.Parse(String s)', ''),
          f('MyNamespace.IntParser.Parse(String s)', 'C:\\apps\\MyNamespace\\IntParser.cs', 11),
          f('MyNamespace.Program.Main(String[] args)', 'C:\\apps\\MyNamespace\\Program.cs', 12),
        ],
      },
    ],
  ),
  stack(
    'TestParseExceptionWithInnerExceptionStacktrace',
    'dotnet',
    { type: 'System.Exception', message: 'test' },
    [
      'System.Exception: Second exception happened',
      ' ---> System.Exception: Error happened when get weatherforecasts',
      '   at TestAppApi.Services.ForecastService.GetWeatherForecasts() in D:\\Users\\foobar\\test-app\\TestAppApi\\Services\\ForecastService.cs:line 9',
      '   --- End of inner exception stack trace ---',
      '   at TestAppApi.Services.ForecastService.GetWeatherForecasts() in D:\\Users\\foobar\\test-app\\TestAppApi\\Services\\ForecastService.cs:line 12',
      '   at TestAppApi.Controllers.WeatherForecastController.Get() in D:\\Users\\foobar\\test-app\\TestAppApi\\Controllers\\WeatherForecastController.cs:line 31',
    ].join('\r\n'),
    [
      {
        type: 'System.Exception',
        message: 'test',
        stack: [
          f(
            'TestAppApi.Services.ForecastService.GetWeatherForecasts()',
            'D:\\Users\\foobar\\test-app\\TestAppApi\\Services\\ForecastService.cs',
            9,
          ),
          f(
            'TestAppApi.Services.ForecastService.GetWeatherForecasts()',
            'D:\\Users\\foobar\\test-app\\TestAppApi\\Services\\ForecastService.cs',
            12,
          ),
          f(
            'TestAppApi.Controllers.WeatherForecastController.Get()',
            'D:\\Users\\foobar\\test-app\\TestAppApi\\Controllers\\WeatherForecastController.cs',
            31,
          ),
        ],
      },
    ],
  ),
  stack(
    'TestParseExceptionWithMalformedStacktrace',
    'dotnet',
    { type: 'System.Exception', message: 'test' },
    [
      'System.Exception: test',
      '\tat integration_test_app.Controllers.AppController.OutgoingHttp() in /Users/bhautip/Documents/otel-dotnet/aws-otel-dotnet/integration-test-app/integration-test-app/Controllers/AppController.cs:line 21',
      '\tat Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddleware.Invoke(HttpContext context malformed',
      '\tat System.Net.Http.HttpConnectionPool.ConnectAsync(HttpRequestMessage request, Boolean allowHttp2, CancellationToken cancellationToken) non-malformed',
    ].join('\n'),
    [
      {
        type: 'System.Exception',
        message: 'test',
        stack: [
          f(
            'integration_test_app.Controllers.AppController.OutgoingHttp()',
            '/Users/bhautip/Documents/otel-dotnet/aws-otel-dotnet/integration-test-app/integration-test-app/Controllers/AppController.cs',
            21,
          ),
          f(
            'System.Net.Http.HttpConnectionPool.ConnectAsync(HttpRequestMessage request, Boolean allowHttp2, CancellationToken cancellationToken)',
            '',
          ),
        ],
      },
    ],
  ),
  stack(
    'TestParseExceptionPhpStacktrace',
    'php',
    { type: 'Exception', message: 'Thrown from grandparent' },
    [
      'Exception: Thrown from grandparent',
      '\tat grandparent_func(test.php:56)',
      '\tat parent_func(test.php:51)',
      '\tat child_func(test.php:44)',
      '\tat main(test.php:63)',
    ].join('\n'),
    [
      {
        type: 'Exception',
        message: 'Thrown from grandparent',
        stack: [
          f('grandparent_func', 'test.php', 56),
          f('parent_func', 'test.php', 51),
          f('child_func', 'test.php', 44),
          f('main', 'test.php', 63),
        ],
      },
    ],
  ),
  stack('TestParseExceptionPhpWithoutStacktrace', 'php', PHP_B, '', [PHP_B]),
  stack(
    'TestParseExceptionPhpStacktraceWithCause',
    'php',
    PHP_B,
    'Exception: Thrown from class B\n\tat B.exc(test.php:59)\n\tat fail(test.php:81)\n\tat main(test.php:89)\nCaused by: Exception: Thrown from class A',
    [
      {
        ...PHP_B,
        stack: [f('B.exc', 'test.php', 59), f('fail', 'test.php', 81), f('main', 'test.php', 89)],
      },
      PHP_CAUSE_A,
    ],
  ),
  stack(
    'TestParseExceptionPhpStacktraceWithCauseAndStacktrace',
    'php',
    PHP_B,
    'Exception: Thrown from class B\n\tat B.exc(test.php:59)\n\tat fail(test.php:81)\n\tat main(test.php:89)\nCaused by: Exception: Thrown from class A\n\tat A.exc(test.php:48)\n\tat B.exc(test.php:56)\n\t... 2 more',
    [
      {
        ...PHP_B,
        stack: [f('B.exc', 'test.php', 59), f('fail', 'test.php', 81), f('main', 'test.php', 89)],
      },
      { ...PHP_CAUSE_A, stack: [f('A.exc', 'test.php', 48), f('B.exc', 'test.php', 56)] },
    ],
  ),
  stack(
    'TestParseExceptionPhpStacktraceWithMultipleCause',
    'php',
    { type: 'Exception', message: 'Thrown from class C' },
    'Exception: Thrown from class C\n\tat C.exc(test.php:74)\n\tat main(test.php:89)\nCaused by: Exception: Thrown from class B\n\tat B.exc(test.php:59)\n\tat C.exc(test.php:71)\n\t... 3 more\nCaused by: Exception: Thrown from class A\n\tat A.exc(test.php:48)\n\tat B.exc(test.php:56)\n\t... 4 more',
    [
      {
        type: 'Exception',
        message: 'Thrown from class C',
        stack: [f('C.exc', 'test.php', 74), f('main', 'test.php', 89)],
      },
      { ...PHP_B, stack: [f('B.exc', 'test.php', 59), f('C.exc', 'test.php', 71)] },
      { ...PHP_CAUSE_A, stack: [f('A.exc', 'test.php', 48), f('B.exc', 'test.php', 56)] },
    ],
  ),
  stack(
    'TestParseExceptionPhpStacktraceMalformedLines',
    'php',
    PHP_B,
    'Exception: Thrown from class B\n\tat B.exc(test.php:59)\n\tat fail(test.php:81 malformed\n\tat main(test.php:89)',
    [{ ...PHP_B, stack: [f('B.exc', 'test.php', 59), f('main', 'test.php', 89)] }],
  ),
  stack('TestParseExceptionGoWithoutStacktrace', 'go', GO, '', [GO]),
  stack('TestParseExceptionGoWithStacktrace', 'go', GO, GO_STACK.join('\n'), [
    {
      ...GO,
      stack: [
        f(
          'go.opentelemetry.io/otel/sdk/trace.recordStackTrace(0x0, 0x0)',
          'otel-go-core/opentelemetry-go/sdk/trace/span.go',
          323,
        ),
        f(
          'go.opentelemetry.io/otel/sdk/trace.(*span).RecordError(0xc0003a6000, 0x14a5f00, 0xc00038c000, 0xc000390140, 0x3, 0x4)',
          'otel-go-core/opentelemetry-go/sdk/trace/span.go',
          302,
        ),
        f(
          'go.opentelemetry.io/otel/sdk/trace.TestRecordErrorWithStackTrace(0xc000102900)',
          'otel-go-core/opentelemetry-go/sdk/trace/trace_test.go',
          1167,
        ),
        f(
          'testing.tRunner(0xc000102900, 0x1484410)',
          '/usr/local/Cellar/go/1.16.3/libexec/src/testing/testing.go',
          1193,
        ),
        f(
          'created by testing.(*T).Run',
          '/usr/local/Cellar/go/1.16.3/libexec/src/testing/testing.go',
          1238,
        ),
      ],
    },
  ]),
  stack(
    'TestParseMultipleExceptionGoWithStacktrace',
    'go',
    { type: 'Exception', message: 'panic' },
    [
      'goroutine 19 [running]:',
      ...GO_PANIC.flatMap(([label, location]) => [label, `\t${location}`]).slice(0, 14),
      'goroutine 26 [running]:',
      ...GO_PANIC.flatMap(([label, location]) => [label, `\t${location}`]).slice(14),
    ].join('\n'),
    [
      {
        type: 'Exception',
        message: 'panic',
        stack: GO_PANIC.map(([label, location]) => {
          const [, path = '', line = '0'] = /^(\S+):(\d+)/.exec(location) ?? [];
          return f(label, path, Number(line));
        }),
      },
    ],
  ),
];

export const STACK_MORE_VECTORS: VectorFile = { file: 'cause_test.go', vectors };
