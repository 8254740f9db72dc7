/**
 * `http.go: makeHTTP`, `constructServerURL`, `constructClientURL`, `extractResponseSizeFromEvents`:
 * the `http` block. Every attribute is visited in order, repeats included; old and stable
 * semantic-convention names share a field, so the later one wins. The keys read here are used
 * up (they never reach metadata). See docs/xray-translation.md, "HTTP".
 */
import { isIP } from 'node:net';
import type { AttrMap, AttrValue, Span } from '../model.js';
import { SpanKind } from '../model.js';
import { struct } from './go-json.js';
import type { PdataMap } from './pdata.js';
import { int, str } from './pdata.js';
import type { HttpData } from './types.js';

export interface HttpResult {
  readonly http: HttpData | undefined;
  /** Attributes not used up here, as the Go map `filtered` (a repeated key: the last value). */
  readonly remaining: Map<string, AttrValue>;
}

/** `awsxray.String`: '' is a nil pointer, so the field is left out. */
function nonEmpty(value: AttrValue): string | undefined {
  const text = str(value);
  return text === '' ? undefined : text;
}

/** `Str()`, or the int in decimal when that is '' (a port given as a number). */
function portText(value: AttrValue): string {
  const text = str(value);
  return text === '' ? String(int(value)) : text;
}

/** `net.ParseIP`: IPv4 or IPv6 text, without a zone (`fe80::1%eth0` is not an IP to Go). */
function isGoIp(text: string): boolean {
  return !text.includes('%') && isIP(text) !== 0;
}

interface Collected {
  readonly request: HttpData['request'];
  status: HttpData['response']['status'];
  readonly url: Map<string, string>;
  hasHttp: boolean;
  hasUrlData: boolean;
  hasPeerAddress: boolean;
}

/** One attribute; returns false when makeHTTP does not use the key. */
function collect(c: Collected, key: string, value: AttrValue): boolean {
  switch (key) {
    case 'http.method':
    case 'http.request.method':
      c.request.method = nonEmpty(value);
      c.hasHttp = true;
      return true;
    case 'http.client_ip':
      c.request.client_ip = nonEmpty(value);
      c.hasHttp = true;
      return true;
    case 'http.user_agent':
    case 'user_agent.original':
      c.request.user_agent = nonEmpty(value);
      c.hasHttp = true;
      return true;
    case 'http.status_code':
    case 'http.response.status_code':
      c.status = int(value);
      c.hasHttp = true;
      return true;
    case 'http.url':
    case 'url.full':
      c.url.set('http.url', str(value));
      c.hasHttp = c.hasUrlData = true;
      return true;
    case 'http.scheme':
    case 'url.scheme':
      c.url.set('http.scheme', str(value));
      c.hasHttp = true;
      return true;
    case 'http.host':
    case 'http.server_name':
      c.url.set(key, str(value));
      c.hasHttp = c.hasUrlData = true;
      return true;
    case 'http.target':
    case 'url.path':
    case 'url.query':
      c.url.set(key, str(value));
      c.hasHttp = true;
      return true;
    case 'net.host.port':
      c.url.set(key, portText(value));
      c.hasHttp = true;
      return true;
    case 'host.name':
    case 'net.host.name':
    case 'net.peer.name':
    case 'server.address':
      c.url.set(key, str(value));
      c.hasUrlData = true;
      return true;
    case 'net.peer.port':
    case 'server.port':
      c.url.set(key, portText(value));
      return true;
    case 'net.peer.ip':
      c.request.client_ip ??= nonEmpty(value);
      c.url.set(key, str(value));
      c.hasUrlData = c.hasPeerAddress = true;
      return true;
    case 'network.peer.address':
      if (isGoIp(str(value))) {
        c.request.client_ip ??= nonEmpty(value);
        c.hasUrlData = c.hasPeerAddress = true;
      }
      return true;
    case 'client.address':
      if (isGoIp(str(value))) c.request.client_ip = nonEmpty(value);
      return true;
    default:
      return false;
  }
}

export function makeHttp(span: Pick<Span, 'kind' | 'events'>, attributes: PdataMap): HttpResult {
  const remaining = new Map<string, AttrValue>();
  if (attributes.size === 0) return { http: undefined, remaining };
  const c: Collected = {
    request: {},
    status: undefined,
    url: new Map(),
    hasHttp: false,
    hasUrlData: false,
    hasPeerAddress: false,
  };
  for (const [key, value] of attributes) {
    if (!collect(c, key, value)) remaining.set(key, value);
  }
  if (!c.hasHttp) return { http: undefined, remaining };
  const r = c.request;
  const url = c.hasUrlData
    ? span.kind === SpanKind.SERVER
      ? serverUrl(c.url)
      : clientUrl(c.url)
    : undefined;
  // Field order of RequestData and ResponseData in tracesegment.go.
  const request: HttpData['request'] = struct({
    x_forwarded_for: r.client_ip !== undefined && !c.hasPeerAddress ? true : undefined,
    method: r.method,
    url,
    user_agent: r.user_agent,
    client_ip: r.client_ip,
  });
  const response = struct({ status: c.status, content_length: responseSize(span, attributes) });
  return { http: { request, response }, remaining };
}

function assemble(url: Map<string, string>, host: string, port: string): string {
  const scheme = url.get('http.scheme') ?? 'http';
  let out = `${scheme}://${host}`;
  if (
    port !== '' &&
    (scheme !== 'http' || port !== '80') &&
    (scheme !== 'https' || port !== '443')
  ) {
    out += `:${port}`;
  }
  const target = url.get('http.target');
  if (target !== undefined) return out + target;
  out += url.get('url.path') ?? '/';
  const query = url.get('url.query');
  if (query !== undefined) out += query.startsWith('?') ? query : `?${query}`;
  return out;
}

function first(url: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (url.has(key)) return url.get(key);
  return undefined;
}

function serverUrl(url: Map<string, string>): string {
  const full = url.get('http.url');
  if (full !== undefined) return full;
  const host = url.get('http.host');
  if (host !== undefined) return assemble(url, host, '');
  const fallback = first(url, ['http.server_name', 'net.host.name', 'host.name', 'server.address']);
  return assemble(url, fallback ?? '', first(url, ['net.host.port', 'server.port']) ?? '');
}

/** Client spans: `server.address` is not read here, so a URL may have no host at all. */
function clientUrl(url: Map<string, string>): string {
  const full = url.get('http.url');
  if (full !== undefined) return full;
  const host = url.get('http.host');
  if (host !== undefined) return assemble(url, host, '');
  const fallback = first(url, ['net.peer.name', 'net.peer.ip']);
  return assemble(url, fallback ?? '', url.get('net.peer.port') ?? '');
}

/** `messaging.message_payload_size_bytes` on the span or an event with `message.type=RECEIVED`. */
function responseSize(span: Pick<Span, 'events'>, attributes: PdataMap): number | bigint {
  const fromSpan = receivedSize(attributes);
  if (fromSpan !== 0) return fromSpan;
  for (const event of span.events) {
    const size = receivedSize(event.attributes);
    if (size !== 0) return size;
  }
  return 0;
}

function receivedSize(attributes: PdataMap | AttrMap): number | bigint {
  if (str(attributes.get('message.type')) !== 'RECEIVED') return 0;
  return int(attributes.get('messaging.message_payload_size_bytes'));
}
