// Seeded generators of hostile requests for fuzz.test.ts: JSON bodies of every nesting, size,
// type and Unicode mix, broken framing, compression, odd headers and query strings. The same seed
// gives the same cases, in the same order.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

/** mulberry32: a small, fast PRNG; plenty for picking cases. */
export class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface FuzzCase {
  readonly method: string;
  readonly target: string;
  /** Header lines, without Host (the runner adds it). */
  readonly headers: readonly string[];
  readonly body: Buffer;
  /** What the body and framing are, for a failure message. */
  readonly note: string;
}

const PIECES = [
  'buy milk',
  '',
  ' ',
  '\u0000',
  '\t\n\r',
  '🙂',
  '👩🏽‍💻',
  'e\u0301',
  '\u202eevil',
  '漢字',
  '\u200b',
  '\ud800',
  '\udfff',
  '\ufeff',
  '"\\',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '%00',
  '${x}',
  '\u2028',
  'ÿ',
  '\u{10ffff}',
  '__proto__',
];

function text(rng: Rng): string {
  if (rng.chance(0.08)) return 'x'.repeat(rng.pick([499, 500, 501, 5000, 70_000]));
  let out = '';
  for (let i = rng.int(4) + 1; i > 0; i--) out += rng.pick(PIECES);
  return out;
}

const NUMBERS = [0, -0, 1, -1, 1.5, 2 ** 53, 2 ** 53 + 2, 1e308, -1e-308, 3, 99_999];

function value(rng: Rng, depth: number): unknown {
  const kind = rng.int(depth > 4 ? 5 : 7);
  if (kind === 0) return null;
  if (kind === 1) return rng.chance(0.5);
  if (kind === 2) return rng.pick(NUMBERS);
  if (kind <= 4) return text(rng);
  if (kind === 5) return Array.from({ length: rng.int(4) }, () => value(rng, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = rng.int(4); i > 0; i--) {
    object[rng.pick(['title', 'done', 'version', 'id', 'a', text(rng)])] = value(rng, depth + 1);
  }
  return object;
}

/** `[[[...]]]` or `{"a":{"a":...}}`, `levels` deep around `inner`. */
function nested(rng: Rng, levels: number, inner: string): string {
  return rng.chance(0.5)
    ? '['.repeat(levels) + inner + ']'.repeat(levels)
    : '{"a":'.repeat(levels) + (inner || '1') + '}'.repeat(levels);
}

/** A JSON-ish body, as text: task-shaped, any value, too deep, broken, or near the size limit. */
function jsonText(rng: Rng): { text: string; note: string } {
  switch (rng.int(6)) {
    case 0:
    case 1: {
      const body: Record<string, unknown> = {};
      if (rng.chance(0.85)) body['title'] = rng.chance(0.6) ? text(rng) : value(rng, 1);
      if (rng.chance(0.4)) body['done'] = rng.chance(0.6) ? rng.chance(0.5) : value(rng, 1);
      if (rng.chance(0.4)) body['version'] = rng.chance(0.6) ? rng.int(3) + 1 : value(rng, 1);
      if (rng.chance(0.1)) body[rng.pick(['id', 'createdAt', '__proto__', 'constructor'])] = 1;
      const raw = JSON.stringify(body);
      return {
        text: rng.chance(0.1) ? raw.replace('{', '{"__proto__":{"x":1},') : raw,
        note: 'task-shaped',
      };
    }
    case 2:
      return { text: JSON.stringify(value(rng, 0)) ?? 'null', note: 'any JSON value' };
    case 3: {
      const levels = rng.pick([8, 9, 100, 1000, 5000, 20_000]);
      const inner = nested(rng, levels, '');
      return {
        text: rng.chance(0.5) ? `{"title":${inner}}` : inner,
        note: `nested ${levels} levels`,
      };
    }
    case 4: {
      const valid = JSON.stringify({ title: text(rng), done: true });
      const cut = rng.int(valid.length);
      const broken = rng.pick([
        valid.slice(0, cut),
        valid.slice(0, cut) + rng.pick(['\u0000', '}', ',', 'NaN', '\ud800']) + valid.slice(cut),
        "{'title':'x'}",
        '{"title":"x"}{"title":"y"}',
        '\ufeff{"title":"bom"}',
      ]);
      return { text: broken, note: 'broken JSON' };
    }
    default: {
      const size = rng.pick([65_535, 65_536, 65_537, 200_000]);
      const head = '{"title":"near the limit"}';
      return { text: head + ' '.repeat(Math.max(0, size - head.length)), note: `${size} bytes` };
    }
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-16',
  'application/json; charset=latin1',
  'application/json; charset=utf-xyz',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
  'application/json, text/plain',
  'applic\xe9tion/json',
  'multipart/form-data; boundary=x',
  undefined,
];

/** Encodes the body as `Content-Encoding` says (or leaves it as is, when the value is a lie). */
function encode(rng: Rng, raw: Buffer): { headers: string[]; body: Buffer; note: string } {
  if (rng.chance(0.6)) return { headers: [], body: raw, note: '' };
  const [name, body] = (
    [
      ['identity', raw],
      ['gzip', gzipSync(raw)],
      ['deflate', deflateSync(raw)],
      ['br', brotliCompressSync(raw)],
      ['GZIP', gzipSync(raw)],
      ['gzip, gzip', gzipSync(gzipSync(raw))],
      ['gzip', raw],
      ['zstd', raw],
      ['x-gzip', gzipSync(raw)],
      ['gzip', gzipSync(Buffer.alloc(1 << 20))],
    ] as const
  )[rng.int(10)] as readonly [string, Buffer];
  return { headers: [`Content-Encoding: ${name}`], body, note: ` ${name}` };
}

const IF_MATCH = [
  '"1"',
  '"2"',
  'W/"1"',
  '*',
  '"1',
  '1',
  '"1", "2"',
  '""',
  '"abc"',
  '"01"',
  `"${'9'.repeat(20)}"`,
  'W/',
  '\xe9',
  '\t"1"\t',
  '"1"x',
  '"0"',
  ` ${'"1"'.repeat(2000)}`,
];

/** How the body is framed: Content-Length (honest), chunked, or a framing Node must refuse. */
function frame(rng: Rng, body: Buffer): { headers: string[]; body: Buffer; note: string } {
  const choice = rng.int(12);
  if (choice < 8) return { headers: [`Content-Length: ${body.length}`], body, note: '' };
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length;) {
    const size = Math.min(body.length - at, rng.int(4096) + 1);
    chunks.push(
      Buffer.from(`${size.toString(16)}\r\n`),
      body.subarray(at, at + size),
      Buffer.from('\r\n'),
    );
    at += size;
  }
  chunks.push(Buffer.from('0\r\n\r\n'));
  const chunked = Buffer.concat(chunks);
  const variants: [string[], Buffer, string][] = [
    [['Transfer-Encoding: chunked'], chunked, 'chunked'],
    [['Transfer-Encoding: gzip, chunked'], chunked, 'gzip, chunked'],
    [['Transfer-Encoding: chunked, gzip'], chunked, 'chunked, gzip'],
    [
      ['Transfer-Encoding: chunked', `Content-Length: ${chunked.length}`],
      chunked,
      'chunked + length',
    ],
    [['Transfer-Encoding: chunked'], Buffer.from('zz\r\nxx\r\n0\r\n\r\n'), 'bad chunk size'],
  ];
  const [headers, framed, note] = rng.pick(variants);
  return { headers, body: framed, note: ` TE ${note}` };
}

function bodyRequest(rng: Rng, method: string, target: string): FuzzCase {
  const { text: json, note } = jsonText(rng);
  const encoded = encode(rng, Buffer.from(json, 'utf8'));
  const framed = frame(rng, encoded.body);
  // Half the bodies are labelled JSON plainly, so most cases get past the media-type checks.
  const type = rng.chance(0.5) ? 'application/json' : rng.pick(CONTENT_TYPES);
  const headers = [...encoded.headers, ...framed.headers];
  if (type !== undefined) headers.push(`Content-Type: ${type}`);
  if (method !== 'POST' && rng.chance(0.6)) headers.push(`If-Match: ${rng.pick(IF_MATCH)}`);
  if (rng.chance(0.05)) headers.push(rng.pick(['Expect: 100-continue', 'Expect: 200-ok']));
  return {
    method,
    target,
    headers,
    body: framed.body,
    note: `${note}${encoded.note}${framed.note}`,
  };
}

const LIMITS = [
  '1',
  '20',
  '100',
  '0',
  '101',
  '1e2',
  '0x10',
  '+5',
  '%205',
  '-1',
  '5.0',
  '',
  'abc',
  '%D9%A3',
  '9'.repeat(30),
];

function query(rng: Rng): string {
  const parts: string[] = [];
  if (rng.chance(0.7)) parts.push(`limit=${rng.pick(LIMITS)}`);
  if (rng.chance(0.2)) parts.push(`limit=${rng.pick(LIMITS)}`);
  if (rng.chance(0.4)) {
    parts.push(
      `cursor=${rng.pick(['', 'bm9wZQ', '%00', '%ZZ', 'A'.repeat(2000), Buffer.from('{"after":"x"}').toString('base64url')])}`,
    );
  }
  if (rng.chance(0.15))
    parts.push(rng.pick(['sort=title', 'a[b]=1', '__proto__=1', '%E2%82%AC=1']));
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** One request, chosen by `rng`. `ids` are tasks that exist (or did: DELETE removes some). */
export function fuzzCase(rng: Rng, ids: readonly string[], port: number): FuzzCase {
  const id = rng.pick(ids);
  const roll = rng.int(20);
  if (roll < 8) return bodyRequest(rng, 'POST', '/tasks');
  if (roll < 13)
    return bodyRequest(
      rng,
      'PATCH',
      `/tasks/${rng.chance(0.9) ? id : '00000000-0000-4000-8000-000000000000'}`,
    );
  if (roll < 15) {
    if (rng.chance(0.5)) return bodyRequest(rng, 'DELETE', `/tasks/${id}`);
    const headers = rng.chance(0.6) ? [`If-Match: ${rng.pick(IF_MATCH)}`] : [];
    return {
      method: 'DELETE',
      target: `/tasks/${id}`,
      headers,
      body: Buffer.alloc(0),
      note: 'no body',
    };
  }
  if (roll < 18)
    return {
      method: 'GET',
      target: `/tasks${query(rng)}`,
      headers: [],
      body: Buffer.alloc(0),
      note: 'query',
    };
  const [method, target] = rng.pick([
    ['GET', '/tasks/%ZZ'],
    ['GET', `/tasks/${id}/x`],
    ['GET', '/tasks//'],
    ['GET', '/%2e%2e/tasks'],
    ['PUT', '/tasks'],
    ['OPTIONS', '*'],
    ['GET', `http://127.0.0.1:${port}/tasks`],
    ['GET', 'http://evil.example/tasks'],
    ['TRACE', '/tasks'],
    ['GET', `/tasks/${id}?x=\xff`],
    ['GET', '/healthz\x01'],
  ] as const);
  return { method, target, headers: [], body: Buffer.alloc(0), note: 'odd target' };
}
