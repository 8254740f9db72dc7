// Differences from the pinned exporter beyond the ones first reported: pdata's value types and
// map semantics, Go's JSON encoder, Go's net/url, strconv and strings, and the resource rules.
import { describe, expect, it } from 'vitest';
import {
  documentJson,
  double,
  entries,
  outcome,
  SpanKind,
  StatusCode,
  translate,
  translateAll,
} from './span-builder.js';

const child = { parentSpanId: 'bbbbbbbbbbbbbbbb' };

describe('pdata values and maps', () => {
  it('GIVEN http.status_code as the double 500.0 WHEN translated THEN Int() reads 0: status 0 and no fault', () => {
    const doc = translate({
      kind: SpanKind.SERVER,
      attributes: { 'http.status_code': double(500) },
    });
    expect(doc.http?.response).toEqual({ status: 0, content_length: 0 });
    expect([doc.fault, doc.error]).toEqual([false, false]);
  });

  it('GIVEN an int beyond 2^53 WHEN written THEN every digit is kept', () => {
    const json = documentJson({ attributes: { big: 9_007_199_254_740_993n } });
    expect(json).toContain('"big":9007199254740993');
  });

  it('GIVEN a key that repeats WHEN translated THEN Get-based rules see the first value and metadata the last', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      ...child,
      attributes: entries([
        ['peer.service', 'first'],
        ['peer.service', 'second'],
      ]),
    });
    expect(doc.name).toBe('first');
    expect(doc.metadata?.default).toEqual({ 'peer.service': 'second' });
  });

  it('GIVEN empty bytes WHEN translated THEN metadata holds null (a nil []byte), not an empty string', () => {
    const json = documentJson({ ...child, attributes: { blob: new Uint8Array(0) } });
    expect(json).toContain('"blob":null');
  });

  it('GIVEN aws.xray.inprogress first WHEN it is removed THEN the last attribute takes its place, so http.request.method (now last) wins', () => {
    const doc = translate({
      kind: SpanKind.SERVER,
      attributes: entries([
        ['aws.xray.inprogress', false],
        ['http.request.method', 'GET'],
        ['http.method', 'POST'],
      ]),
    });
    expect(doc.http?.request.method).toBe('GET');
  });
});

describe('Go JSON encoding', () => {
  it('GIVEN a span without span id WHEN written THEN id is null (no omitempty)', () => {
    expect(documentJson({ spanId: '' })).toContain('"id":null');
  });

  it('GIVEN a local-root dependency with aws.local.service "" WHEN translated THEN the service segment name is null', () => {
    const [, service] = translateAll(
      {
        kind: SpanKind.CLIENT,
        attributes: { 'aws.span.kind': 'LOCAL_ROOT', 'aws.local.service': '' },
      },
      { 'service.name': 'svc' },
    );
    expect(service?.name).toBeNull();
  });

  it('GIVEN the double -0 WHEN written THEN it keeps its sign', () => {
    expect(documentJson({ ...child, attributes: { z: double(-0) } })).toContain('"z":-0');
  });

  it('GIVEN <, >, & and U+2028 in a value WHEN written THEN they are escaped as Go does', () => {
    expect(documentJson({ ...child, attributes: { h: '<a>&\u2028' } })).toContain(
      '"h":"\\u003ca\\u003e\\u0026\\u2028"',
    );
  });

  it('GIVEN map keys U+FF5E and U+1F600 WHEN written THEN they are sorted by code point (UTF-8 order)', () => {
    const json = documentJson({ ...child, attributes: { '\u{1F600}': 1, '\uFF5E': 2 } });
    expect(json.indexOf('\uFF5E')).toBeLessThan(json.indexOf('\u{1F600}'));
  });

  it('GIVEN an attribute named __proto__ WHEN written THEN it is kept as a key', () => {
    expect(documentJson({ ...child, attributes: entries([['__proto__', 'x']]) })).toContain(
      '"__proto__":"x"',
    );
  });

  it('GIVEN aws.xray.metadata.ns whose JSON has a number beyond float64 WHEN translated THEN the raw string stays in default', () => {
    const doc = translate({ ...child, attributes: { 'aws.xray.metadata.ns': '{"n":1e400}' } });
    expect(doc.metadata).toEqual({ default: { 'aws.xray.metadata.ns': '{"n":1e400}' } });
  });
});

describe('resource rules', () => {
  it('GIVEN no service.version and container.image.tags WHEN translated THEN the first tag is the version', () => {
    const doc = translate(
      {},
      { 'container.image.tags': ['1.4', 'latest'], 'container.image.tag': 'x' },
    );
    expect(doc.service).toEqual({ version: '1.4' });
  });

  it('GIVEN telemetry.auto.version and then an empty telemetry.distro.version WHEN translated THEN the later one wins: no auto-instrumentation', () => {
    const doc = translate({}, { 'telemetry.auto.version': '1.0', 'telemetry.distro.version': '' });
    expect(doc.aws?.xray?.auto_instrumentation).toBe(false);
  });

  it('GIVEN container.name twice WHEN translated THEN the first non-empty one names the ECS container', () => {
    const resource = entries([
      ['cloud.platform', 'aws_ecs'],
      ['container.name', 'first'],
      ['container.name', 'second'],
    ]);
    expect(translate({}, resource).aws?.ecs?.container).toBe('first');
  });

  it('GIVEN an empty ARN in aws.log.group.arns WHEN translated THEN its arn field is left out', () => {
    const doc = translate({}, { 'aws.log.group.arns': ['', 'arn:aws:logs:r:1:log-group:g'] });
    expect(doc.aws?.cloudwatch_logs?.[0]).toEqual({ log_group: null });
  });

  it('GIVEN a Beanstalk deployment id beyond int64 WHEN translated THEN it is 0 (ParseInt fails)', () => {
    const doc = translate(
      {},
      { 'cloud.platform': 'aws_elastic_beanstalk', 'service.instance.id': '99999999999999999999' },
    );
    expect(doc.aws?.elastic_beanstalk?.deployment_id).toBe(0);
  });
});

describe("Go's net, net/url, strconv and strings", () => {
  it('GIVEN db.connection_string //db.internal:5432 WHEN translated THEN Go reads a host from it', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      ...child,
      attributes: { 'db.name': 'orders', 'db.connection_string': '//DB.Internal:5432' },
    });
    expect(doc.name).toBe('orders@DB.Internal');
  });

  it('GIVEN network.peer.address with a zone WHEN translated THEN it is no IP to Go: no client_ip', () => {
    const doc = translate({
      attributes: { 'http.method': 'GET', 'network.peer.address': 'fe80::1%eth0' },
    });
    expect(doc.http?.request).toEqual({ method: 'GET' });
  });

  const withStack = (language: string, stacktrace: string, kind: SpanKind = SpanKind.SERVER) =>
    outcome(
      {
        kind,
        events: [
          {
            name: 'exception',
            attributes: { 'exception.type': 'E', 'exception.stacktrace': stacktrace },
          },
        ],
      },
      { 'telemetry.sdk.language': language },
    );
  const stackOf = (language: string, stacktrace: string) => {
    const result = withStack(language, stacktrace);
    if (result.kind !== 'documents') throw new Error(result.detail);
    return JSON.parse(result.documents[0]?.json ?? '{}').cause.exceptions as {
      message?: string;
      stack?: { path: string; line: number; label: string }[];
    }[];
  };

  it('GIVEN a Java line number beyond int64 WHEN parsed THEN Atoi clamps it to the int64 maximum', () => {
    const result = withStack('java', 'E: x\n\tat a.B.c(B.java:99999999999999999999)');
    expect(result.kind === 'documents' && result.documents[0]?.json).toContain(
      '"line":9223372036854775807',
    );
  });

  it('GIVEN a .NET frame starting with U+FEFF WHEN parsed THEN TrimSpace keeps it, so it is no frame', () => {
    expect(stackOf('dotnet', 'E: x\n\uFEFFat A.B() in a.cs:line 3')[0]?.stack).toBeUndefined();
  });

  it('GIVEN a Go location with a no-break space WHEN parsed THEN \\s is ASCII: the path keeps it', () => {
    const [exception] = stackOf('go', 'panic\nmain.f()\n\t/app/my\u00a0dir/main.go:12 +0x1d');
    expect(exception?.stack?.[0]).toEqual({
      path: '/app/my\u00a0dir/main.go',
      line: 12,
      label: 'main.f()',
    });
  });

  it('GIVEN a JavaScript stack whose last line ends in \\r WHEN parsed THEN the \\r stays and that frame is not read', () => {
    const [exception] = stackOf('javascript', 'E: x\n    at f (/a.js:1:2)\n    at g (/b.js:3:4)\r');
    expect(exception?.stack).toEqual([{ path: '/a.js', line: 1, label: 'f ' }]);
  });

  it('GIVEN a chained Python message with a two-byte letter right after the colon WHEN parsed THEN Go cuts the letter in half', () => {
    const trace = [
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      '    x()',
      'ValueError:é',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "b.py", line 2, in g',
      '    y()',
      'E: top',
    ].join('\n');
    expect(stackOf('python', trace)[1]?.message).toBe('\ufffd');
  });
});

describe('status and namespace', () => {
  it('GIVEN an ERROR status and a double http.status_code 404.0 WHEN translated THEN the status decides: fault', () => {
    const doc = translate({
      attributes: { 'http.status_code': double(404) },
      status: { code: StatusCode.ERROR },
    });
    expect([doc.fault, doc.error]).toEqual([true, false]);
  });
});
