// service, sql, user and links (docs/xray-translation.md, "Service", "SQL", "Annotations and
// metadata", "Links").
import { describe, expect, it } from 'vitest';
import { SpanKind, translate } from './span-builder.js';

describe('Service: service', () => {
  it('GIVEN service.version WHEN translated THEN service.version is written; container.image.tag is the fallback', () => {
    expect(
      translate({}, { 'service.version': '1.2.3', 'container.image.tag': 'x' }).service,
    ).toEqual({ version: '1.2.3' });
    expect(translate({}, { 'container.image.tag': 'sha-abc' }).service).toEqual({
      version: 'sha-abc',
    });
    expect(translate({}, {}).service).toBeUndefined();
  });
});

describe('SQL: sql', () => {
  const dbSpan = (attributes: Record<string, string>) =>
    translate({
      kind: SpanKind.CLIENT,
      parentSpanId: 'bbbbbbbbbbbbbbbb',
      name: 'SELECT orders',
      attributes,
    });

  it('GIVEN db.system=postgresql WHEN translated THEN sql is written and the five db attrs are used up', () => {
    const doc = dbSpan({
      'db.system': 'postgresql',
      'db.name': 'shop',
      'db.connection_string': 'postgresql://db:5432',
      'db.user': 'app',
      'db.statement': 'SELECT 1',
      'db.other': 'x',
    });
    expect(doc.sql).toEqual({
      connection_string: 'postgresql://db:5432/shop',
      url: 'SELECT orders',
      sanitized_query: 'SELECT 1',
      database_type: 'postgresql',
      user: 'app',
    });
    expect(doc.metadata?.default).toEqual({ 'db.other': 'x' });
  });

  it('GIVEN a SQL system without connection string WHEN translated THEN it is localhost/<db.name>', () => {
    expect(dbSpan({ 'db.system': 'mysql', 'db.name': 'shop' }).sql?.connection_string).toBe(
      'localhost/shop',
    );
  });

  it.each(['dynamodb', 'redis', 'mongodb'])(
    'GIVEN db.system=%s WHEN translated THEN no sql and db.* stay in metadata',
    (system) => {
      const doc = dbSpan({ 'db.system': system, 'db.statement': 'GET k' });
      expect(doc.sql).toBeUndefined();
      expect(doc.metadata?.default).toMatchObject({ 'db.system': system, 'db.statement': 'GET k' });
    },
  );
});

describe('Annotations and metadata: user', () => {
  it('GIVEN enduser.id WHEN translated THEN it is user and not in metadata', () => {
    const doc = translate({ attributes: { 'enduser.id': 'alice', keep: true } });
    expect(doc.user).toBe('alice');
    expect(doc.metadata?.default).toEqual({ keep: true });
  });
});

describe('Links: links', () => {
  it('GIVEN span links WHEN translated THEN each has the converted trace_id, id and raw attributes (left out when none)', () => {
    const doc = translate({
      links: [
        {
          traceId: '6553f100aaaaaaaaaaaaaaaaaaaaaaaa',
          spanId: '1111111111111111',
          attributes: { n: 1, tags: ['a'] },
        },
        { traceId: '6553f100bbbbbbbbbbbbbbbbbbbbbbbb', spanId: '2222222222222222' },
      ],
    });
    expect(doc.links).toEqual([
      {
        trace_id: '1-6553f100-aaaaaaaaaaaaaaaaaaaaaaaa',
        id: '1111111111111111',
        attributes: { n: 1, tags: ['a'] },
      },
      { trace_id: '1-6553f100-bbbbbbbbbbbbbbbbbbbbbbbb', id: '2222222222222222' },
    ]);
  });
});
