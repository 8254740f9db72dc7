// Segment name and namespace (docs/xray-translation.md, "Name").
import { describe, expect, it } from 'vitest';
import { fixSegmentName } from '../../../apps/xray-preview/src/translator/name.js';
import { SpanKind, translate } from './span-builder.js';

const child = { parentSpanId: 'bbbbbbbbbbbbbbbb' };

describe('Name: name', () => {
  it('GIVEN a SERVER span with aws.local.service WHEN translated THEN that is the name (rule 1)', () => {
    const doc = translate(
      {
        kind: SpanKind.SERVER,
        attributes: { 'aws.local.service': 'local', 'peer.service': 'peer' },
      },
      { 'service.name': 'svc' },
    );
    expect(doc.name).toBe('local');
  });

  it('GIVEN an INTERNAL LOCAL_ROOT span with aws.local.service WHEN translated THEN that is the name (rule 1)', () => {
    const doc = translate({
      kind: SpanKind.INTERNAL,
      attributes: { 'aws.local.service': 'local', 'aws.span.kind': 'LOCAL_ROOT' },
    });
    expect(doc.name).toBe('local');
  });

  it('GIVEN an INTERNAL span with aws.local.service but no LOCAL_ROOT WHEN translated THEN the attribute is not used', () => {
    expect(
      translate({
        kind: SpanKind.INTERNAL,
        name: 'work',
        attributes: { 'aws.local.service': 'local' },
      }).name,
    ).toBe('work');
  });

  it('GIVEN a CLIENT span with aws.remote.service WHEN translated THEN that is the name (rule 2)', () => {
    expect(
      translate({
        kind: SpanKind.CLIENT,
        ...child,
        attributes: { 'aws.remote.service': 'remote-svc', 'peer.service': 'peer' },
      }).name,
    ).toBe('remote-svc');
  });

  it.each(['AWS.SDK.DynamoDB', 'AWS::DynamoDB'])(
    'GIVEN an aws-api CLIENT span with aws.remote.service %s WHEN translated THEN the AWS prefix is trimmed',
    (remote) => {
      const doc = translate({
        kind: SpanKind.CLIENT,
        ...child,
        attributes: { 'aws.remote.service': remote, 'rpc.system': 'aws-api' },
      });
      expect(doc.name).toBe('DynamoDB');
    },
  );

  it('GIVEN a non-aws-api CLIENT span with aws.remote.service AWS::X WHEN translated THEN the prefix stays', () => {
    expect(
      translate({ kind: SpanKind.CLIENT, ...child, attributes: { 'aws.remote.service': 'AWS::X' } })
        .name,
    ).toBe('AWS::X');
  });

  it('GIVEN a SERVER span with peer.service WHEN translated THEN peer.service beats service.name (rule 3)', () => {
    expect(
      translate(
        { kind: SpanKind.SERVER, attributes: { 'peer.service': 'peer' } },
        { 'service.name': 'svc' },
      ).name,
    ).toBe('peer');
  });

  it('GIVEN aws.service WHEN translated THEN it names the span and namespace is aws (rule 4)', () => {
    const doc = translate({ kind: SpanKind.CLIENT, ...child, attributes: { 'aws.service': 'S3' } });
    expect(doc.name).toBe('S3');
    expect(doc.namespace).toBe('aws');
  });

  it('GIVEN db.name and a jdbc connection string WHEN translated THEN name is db@host (rule 5)', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      ...child,
      attributes: {
        'db.name': 'orders',
        'db.connection_string': 'jdbc:mysql://db.example.com:3306',
      },
    });
    expect(doc.name).toBe('orders@db.example.com');
  });

  it('GIVEN db.name and a connection string without host WHEN translated THEN name is just db.name', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      ...child,
      attributes: { 'db.name': 'orders', 'db.connection_string': 'Server=x;Database=y' },
    });
    expect(doc.name).toBe('orders');
  });

  it('GIVEN a DynamoDB span carrying db.name WHEN translated THEN it is named after the table, not DynamoDB', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      ...child,
      attributes: {
        'rpc.system': 'aws-api',
        'rpc.service': 'DynamoDB',
        'db.system': 'dynamodb',
        'db.name': 'tasks',
      },
    });
    expect(doc.name).toBe('tasks');
  });

  it('GIVEN a SERVER span with only service.name WHEN translated THEN the resource service.name is the name (rule 6)', () => {
    expect(
      translate({ kind: SpanKind.SERVER, name: 'GET /x' }, { 'service.name': 'svc' }).name,
    ).toBe('svc');
  });

  it('GIVEN a CLIENT span and a resource service.name WHEN translated THEN service.name is not used', () => {
    expect(
      translate({ kind: SpanKind.CLIENT, ...child, name: 'GET' }, { 'service.name': 'svc' }).name,
    ).toBe('GET');
  });

  it.each([
    [{ 'rpc.service': 'Greeter', 'http.host': 'h', 'net.peer.name': 'p' }, 'Greeter'],
    [{ 'http.host': 'h', 'net.peer.name': 'p' }, 'h'],
    [{ 'net.peer.name': 'p' }, 'p'],
  ])('GIVEN %o WHEN translated THEN rules 7-9 give %s', (attributes, expected) => {
    expect(translate({ kind: SpanKind.CLIENT, ...child, attributes }).name).toBe(expected);
  });

  it('GIVEN an OTel HTTP client span with only stable semconv WHEN translated THEN it is named by its span name', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      ...child,
      name: 'GET',
      attributes: { 'url.full': 'http://api:8080/tasks', 'server.address': 'api' },
    });
    expect(doc.name).toBe('GET');
  });

  it('GIVEN a span name with forbidden characters WHEN it is the fallback THEN they are removed (rule 10)', () => {
    expect(fixSegmentName(`GET /tasks?(a,b)<c>!*'"\t\\d`)).toBe('GET /tasksabcd');
    expect(fixSegmentName('ok _.:/%&#=+-@ é 9')).toBe('ok _.:/%&#=+-@ é 9');
  });

  it('GIVEN a span name of only forbidden characters WHEN it is the fallback THEN the name is "span"', () => {
    expect(translate({ kind: SpanKind.INTERNAL, name: '()!' }).name).toBe('span');
  });

  it('GIVEN a 300-byte span name WHEN it is the fallback THEN it is cut to 200 bytes', () => {
    expect(fixSegmentName('a'.repeat(300))).toBe('a'.repeat(200));
  });

  it('GIVEN a multi-byte span name cut inside a character WHEN it is the fallback THEN each cut-off byte is one U+FFFD, as Go writes invalid UTF-8', () => {
    // 'a' + 150 × 'é' (2 bytes): byte 200 is the second half of the 100th 'é'.
    expect(fixSegmentName(`a${'é'.repeat(150)}`)).toBe(`a${'é'.repeat(99)}\ufffd`);
    // 100 × 'の' (3 bytes): the cut keeps 2 of the 67th character's 3 bytes.
    expect(fixSegmentName('の'.repeat(100))).toBe(`${'の'.repeat(66)}\ufffd\ufffd`);
    // A cut on a character boundary leaves no replacement character.
    expect(fixSegmentName('é'.repeat(150))).toBe('é'.repeat(100));
  });

  it('GIVEN a long name from an attribute WHEN translated THEN it is neither cleaned nor cut', () => {
    const long = `${'x'.repeat(250)}()`;
    expect(
      translate({ kind: SpanKind.CLIENT, ...child, attributes: { 'peer.service': long } }).name,
    ).toBe(long);
  });
});

describe('Name: namespace', () => {
  it('GIVEN rpc.system=aws-api on a SERVER span WHEN translated THEN namespace is aws', () => {
    expect(
      translate({ kind: SpanKind.SERVER, attributes: { 'rpc.system': 'aws-api' } }).namespace,
    ).toBe('aws');
  });

  it.each([
    ['segment', {}],
    ['subsegment', child],
  ])('GIVEN a CLIENT %s WHEN translated THEN namespace is remote', (_, extra) => {
    expect(translate({ kind: SpanKind.CLIENT, ...extra }).namespace).toBe('remote');
  });

  it('GIVEN a PRODUCER subsegment without aws.remote.service WHEN translated THEN namespace is remote, as for CLIENT', () => {
    expect(translate({ kind: SpanKind.PRODUCER, ...child }).namespace).toBe('remote');
  });

  it.each([SpanKind.CONSUMER, SpanKind.INTERNAL])(
    'GIVEN a kind-%s span with a parent, without aws.remote.service WHEN translated THEN it has no namespace',
    (kind) => {
      expect(translate({ kind, ...child }).namespace).toBeUndefined();
    },
  );

  it('GIVEN a legacy AWS-SDK client with peer.service WHEN translated THEN aws.service is skipped and namespace is remote', () => {
    const doc = translate({
      kind: SpanKind.CLIENT,
      ...child,
      attributes: { 'peer.service': 'peer', 'aws.service': 'S3' },
    });
    expect(doc.name).toBe('peer');
    expect(doc.namespace).toBe('remote');
  });
});
