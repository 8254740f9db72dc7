/**
 * Spec §8 (`http.go: makeHTTP`, `constructServerURL`, `constructClientURL`): the `http` block.
 * Old and stable semantic-convention names are both read, in attribute order, as the exporter
 * does; the keys it reads are used up (they do not reach metadata).
 */
import { isIP } from 'node:net';
import type { AttrMap, AttrValue, Span } from '../model.js';
import { SpanKind } from '../model.js';
import { int, str } from './attributes.js';
import type { HttpData } from './types.js';

export interface HttpResult {
  readonly http: HttpData | undefined;
  /** Span attributes not used up by the http block. */
  readonly remaining: AttrMap;
}

/** Go's `awsxray.String`: an empty string becomes an absent field. */
function nonEmpty(value: AttrValue): string | undefined {
  const text = str(value);
  return text === '' ? undefined : text;
}

/** `Str()`, or the integer as decimal text when the port is not a string. */
function portText(value: AttrValue): string {
  const text = str(value);
  return text === '' ? String(int(value)) : text;
}

export function makeHttp(span: Span): HttpResult {
  const remaining: AttrMap = new Map();
  if (span.attributes.size === 0) return { http: undefined, remaining };
  const request: HttpData['request'] = {};
  const response: HttpData['response'] = { content_length: 0 };
  const url = new Map<string, string>();
  let clientIp: string | undefined;
  let hasHttp = false;
  let hasUrlData = false;
  let hasPeerAddress = false;

  for (const [key, value] of span.attributes) {
    switch (key) {
      case 'http.method':
      case 'http.request.method':
        request.method = nonEmpty(value);
        hasHttp = true;
        break;
      case 'http.client_ip':
        clientIp = nonEmpty(value);
        hasHttp = true;
        break;
      case 'http.user_agent':
      case 'user_agent.original':
        request.user_agent = nonEmpty(value);
        hasHttp = true;
        break;
      case 'http.status_code':
      case 'http.response.status_code':
        response.status = int(value);
        hasHttp = true;
        break;
      case 'http.url':
      case 'url.full':
        url.set('http.url', str(value));
        hasHttp = true;
        hasUrlData = true;
        break;
      case 'http.scheme':
      case 'url.scheme':
        url.set('http.scheme', str(value));
        hasHttp = true;
        break;
      case 'http.host':
      case 'http.server_name':
        url.set(key, str(value));
        hasHttp = true;
        hasUrlData = true;
        break;
      case 'http.target':
      case 'url.path':
      case 'url.query':
        url.set(key, str(value));
        hasHttp = true;
        break;
      case 'net.host.port':
        url.set(key, portText(value));
        hasHttp = true;
        break;
      case 'host.name':
      case 'net.host.name':
      case 'net.peer.name':
      case 'server.address':
        url.set(key, str(value));
        hasUrlData = true;
        break;
      case 'net.peer.port':
      case 'server.port':
        url.set(key, portText(value));
        break;
      case 'net.peer.ip':
        // Forwarded information (http.client_ip) is preferred when present.
        clientIp ??= nonEmpty(value);
        url.set(key, str(value));
        hasUrlData = true;
        hasPeerAddress = true;
        break;
      case 'network.peer.address':
        if (isIP(str(value)) !== 0) {
          clientIp ??= str(value);
          hasUrlData = true;
          hasPeerAddress = true;
        }
        break;
      case 'client.address':
        if (isIP(str(value)) !== 0) clientIp = str(value);
        break;
      default:
        remaining.set(key, value);
    }
  }

  if (!hasHttp) return { http: undefined, remaining };
  if (clientIp !== undefined && !hasPeerAddress) request.x_forwarded_for = true;
  if (hasUrlData) {
    request.url = span.kind === SpanKind.SERVER ? serverUrl(url) : clientUrl(url);
  }
  if (clientIp !== undefined) request.client_ip = clientIp;
  response.content_length = responseSize(span);
  return { http: { request: orderRequest(request), response: orderResponse(response) }, remaining };
}

/** Go's struct order: x_forwarded_for, method, url, user_agent, client_ip. */
function orderRequest(r: HttpData['request']): HttpData['request'] {
  const out: HttpData['request'] = {};
  if (r.x_forwarded_for !== undefined) out.x_forwarded_for = r.x_forwarded_for;
  if (r.method !== undefined) out.method = r.method;
  if (r.url !== undefined) out.url = r.url;
  if (r.user_agent !== undefined) out.user_agent = r.user_agent;
  if (r.client_ip !== undefined) out.client_ip = r.client_ip;
  return out;
}

function orderResponse(r: HttpData['response']): HttpData['response'] {
  return r.status === undefined
    ? { content_length: r.content_length }
    : { status: r.status, content_length: r.content_length };
}

function firstOf(url: Map<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = url.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

function assemble(url: Map<string, string>, host: string, port: string): string {
  const scheme = url.get('http.scheme') ?? 'http';
  let out = `${scheme}://${host}`;
  const defaultPort =
    (scheme === 'http' && port === '80') || (scheme === 'https' && port === '443');
  if (port !== '' && !defaultPort) out += `:${port}`;
  const target = url.get('http.target');
  if (target !== undefined) return out + target;
  out += url.get('url.path') ?? '/';
  const query = url.get('url.query');
  if (query !== undefined) out += query.startsWith('?') ? query : `?${query}`;
  return out;
}

function serverUrl(url: Map<string, string>): string {
  const full = url.get('http.url');
  if (full !== undefined) return full;
  const host = url.get('http.host');
  if (host !== undefined) return assemble(url, host, '');
  const fallbackHost =
    firstOf(url, ['http.server_name', 'net.host.name', 'host.name', 'server.address']) ?? '';
  return assemble(url, fallbackHost, firstOf(url, ['net.host.port', 'server.port']) ?? '');
}

function clientUrl(url: Map<string, string>): string {
  const full = url.get('http.url');
  if (full !== undefined) return full;
  const host = url.get('http.host');
  if (host !== undefined) return assemble(url, host, '');
  const fallbackHost = firstOf(url, ['net.peer.name', 'net.peer.ip', 'server.address']) ?? '';
  return assemble(url, fallbackHost, url.get('net.peer.port') ?? '');
}

/** `messaging.message_payload_size_bytes` on a span or event with `message.type=RECEIVED`. */
function responseSize(span: Span): number {
  const fromSpan = receivedSize(span.attributes);
  if (fromSpan !== 0) return fromSpan;
  for (const event of span.events) {
    const size = receivedSize(event.attributes);
    if (size !== 0) return size;
  }
  return 0;
}

function receivedSize(attributes: AttrMap): number {
  if (str(attributes.get('message.type')) !== 'RECEIVED') return 0;
  return int(attributes.get('messaging.message_payload_size_bytes'));
}
