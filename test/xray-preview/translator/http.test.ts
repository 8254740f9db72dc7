// The http block (docs/xray-translation.md, "HTTP").
import { describe, expect, it } from 'vitest';
import type { AttrValue } from '../../../apps/xray-preview/src/model.js';
import { SpanKind, translate } from './span-builder.js';

const server = (attributes: Record<string, AttrValue>, events = []) =>
  translate({ kind: SpanKind.SERVER, attributes, events });
const client = (attributes: Record<string, AttrValue>) =>
  translate({ kind: SpanKind.CLIENT, parentSpanId: 'bbbbbbbbbbbbbbbb', attributes });

describe('HTTP: http block presence', () => {
  it.each([
    ['http.method', 'GET'],
    ['http.request.method', 'GET'],
    ['http.user_agent', 'ua'],
    ['user_agent.original', 'ua'],
    ['http.status_code', 200],
    ['http.response.status_code', 200],
    ['http.client_ip', '10.0.0.1'],
    ['http.url', 'http://h/p'],
    ['url.full', 'http://h/p'],
    ['http.scheme', 'https'],
    ['url.scheme', 'https'],
    ['http.host', 'h'],
    ['http.target', '/p'],
    ['http.server_name', 'h'],
    ['net.host.port', 8080],
    ['url.path', '/p'],
    ['url.query', 'a=1'],
  ])('GIVEN only %s WHEN translated THEN an http block is emitted', (key, value) => {
    expect(server({ [key]: value }).http).toBeDefined();
  });

  it.each([
    ['server.address', 'h'],
    ['client.address', '10.0.0.1'],
    ['net.peer.name', 'p'],
    ['net.peer.ip', '10.0.0.1'],
    ['net.peer.port', 80],
  ])('GIVEN only %s WHEN translated THEN no http block', (key, value) => {
    expect(server({ [key]: value }).http).toBeUndefined();
  });

  it('GIVEN an http block WHEN emitted THEN request exists and response always has content_length', () => {
    expect(server({ 'http.method': 'GET' }).http).toEqual({
      request: { method: 'GET' },
      response: { content_length: 0 },
    });
  });

  it('GIVEN http attributes WHEN translated THEN they are used up (not in metadata), old and new names alike', () => {
    const doc = server({
      'http.request.method': 'POST',
      'url.path': '/x',
      'http.response.status_code': 201,
      'network.peer.port': 5000,
      'http.route': '/x',
    });
    expect(doc.metadata?.default).toEqual({ 'network.peer.port': 5000, 'http.route': '/x' });
    expect(doc.http?.response.status).toBe(201);
  });

  it('GIVEN message.type=RECEIVED and a payload size on an event WHEN translated THEN content_length is that size', () => {
    const doc = translate({
      kind: SpanKind.SERVER,
      attributes: { 'http.method': 'GET' },
      events: [
        {
          name: 'message',
          attributes: { 'message.type': 'RECEIVED', 'messaging.message_payload_size_bytes': 1234 },
        },
      ],
    });
    expect(doc.http?.response.content_length).toBe(1234);
  });
});

describe('HTTP: client_ip and x_forwarded_for', () => {
  it('GIVEN http.client_ip and no peer address WHEN translated THEN client_ip is set and x_forwarded_for true', () => {
    expect(server({ 'http.client_ip': '1.2.3.4' }).http?.request).toEqual({
      x_forwarded_for: true,
      client_ip: '1.2.3.4',
    });
  });

  it('GIVEN net.peer.ip and http.client_ip WHEN translated THEN the forwarded client_ip wins and x_forwarded_for is not set', () => {
    const doc = server({
      'net.peer.ip': '10.0.0.9',
      'http.client_ip': '1.2.3.4',
      'http.method': 'GET',
    });
    expect(doc.http?.request.client_ip).toBe('1.2.3.4');
    expect(doc.http?.request.x_forwarded_for).toBeUndefined();
  });

  it('GIVEN a valid-IP network.peer.address WHEN translated THEN it is the client_ip, not forwarded', () => {
    const doc = server({ 'http.request.method': 'GET', 'network.peer.address': '::1' });
    expect(doc.http?.request.client_ip).toBe('::1');
    expect(doc.http?.request.x_forwarded_for).toBeUndefined();
  });

  it('GIVEN a valid client.address WHEN translated THEN it is the client_ip and marked forwarded', () => {
    const doc = server({ 'http.request.method': 'GET', 'client.address': '203.0.113.5' });
    expect(doc.http?.request).toMatchObject({ client_ip: '203.0.113.5', x_forwarded_for: true });
  });

  it('GIVEN non-IP client.address and network.peer.address WHEN translated THEN nothing is set but both are used up', () => {
    const doc = server({
      'http.request.method': 'GET',
      'client.address': 'proxy',
      'network.peer.address': 'sock',
      keep: 1,
    });
    expect(doc.http?.request).toEqual({ method: 'GET' });
    expect(doc.metadata?.default).toEqual({ keep: 1 });
  });
});

describe('HTTP: url', () => {
  it('GIVEN a full URL WHEN translated THEN it is used as is', () => {
    expect(client({ 'url.full': 'https://api.example.com/tasks?x=1' }).http?.request.url).toBe(
      'https://api.example.com/tasks?x=1',
    );
  });

  it('GIVEN server parts http.host, scheme and target WHEN translated THEN url = scheme://host + target', () => {
    expect(
      server({ 'http.scheme': 'https', 'http.host': 'h:8443', 'http.target': '/a?b=1' }).http
        ?.request.url,
    ).toBe('https://h:8443/a?b=1');
  });

  it('GIVEN stable server attrs server.address, server.port, url.path and url.query WHEN translated THEN they build the url', () => {
    const doc = server({
      'http.request.method': 'GET',
      'server.address': 'localhost',
      'server.port': 8080,
      'url.path': '/tasks',
      'url.query': 'done=true',
    });
    expect(doc.http?.request.url).toBe('http://localhost:8080/tasks?done=true');
  });

  it('GIVEN url.query WHEN http.target is also set THEN the target is used alone; a leading ? is not doubled', () => {
    const parts = { 'http.server_name': 'h', 'url.path': '/p' };
    expect(
      server({ ...parts, 'http.target': '/t?x=1', 'url.query': 'y=2' }).http?.request.url,
    ).toBe('http://h/t?x=1');
    expect(server({ ...parts, 'url.query': '?y=2' }).http?.request.url).toBe('http://h/p?y=2');
    expect(
      client({ 'http.method': 'GET', 'net.peer.name': 'c', 'url.query': 'z=3' }).http?.request.url,
    ).toBe('http://c/?z=3');
  });

  it('GIVEN server host order http.server_name > net.host.name > host.name WHEN translated THEN the first present wins', () => {
    expect(
      server({ 'http.server_name': 'a', 'net.host.name': 'b', 'host.name': 'c' }).http?.request.url,
    ).toBe('http://a/');
    expect(
      server({ 'http.method': 'GET', 'net.host.name': 'b', 'host.name': 'c' }).http?.request.url,
    ).toBe('http://b/');
  });

  it('GIVEN net.host.port 80 on http and 443 on https WHEN translated THEN the default port is left out', () => {
    expect(server({ 'http.server_name': 'a', 'net.host.port': 80 }).http?.request.url).toBe(
      'http://a/',
    );
    expect(
      server({ 'http.scheme': 'https', 'http.server_name': 'a', 'net.host.port': '443' }).http
        ?.request.url,
    ).toBe('https://a/');
  });

  it('GIVEN http.host and net.host.port WHEN translated THEN the port is not added (it only applies without http.host)', () => {
    expect(server({ 'http.host': 'h', 'net.host.port': 8080 }).http?.request.url).toBe('http://h/');
  });

  it('GIVEN client parts net.peer.name and net.peer.port WHEN translated THEN url uses them', () => {
    expect(
      client({
        'http.method': 'GET',
        'net.peer.name': 'db',
        'net.peer.port': 8000,
        'http.target': '/q',
      }).http?.request.url,
    ).toBe('http://db:8000/q');
  });

  it('GIVEN client net.peer.ip only WHEN translated THEN it is the host', () => {
    expect(client({ 'http.method': 'GET', 'net.peer.ip': '10.1.1.1' }).http?.request.url).toBe(
      'http://10.1.1.1/',
    );
  });

  it('GIVEN a client with server.address and url.path WHEN translated THEN the url has no host (client urls read only http.host, net.peer.name, net.peer.ip)', () => {
    expect(
      client({ 'http.request.method': 'GET', 'server.address': 'api', 'url.path': '/tasks' }).http
        ?.request.url,
    ).toBe('http:///tasks');
  });

  it('GIVEN a client span with net.peer.name alone as URL data WHEN translated THEN a url is built', () => {
    expect(client({ 'http.method': 'GET', 'net.peer.name': 'svc' }).http?.request.url).toBe(
      'http://svc/',
    );
  });

  it('GIVEN an IPv6 host WHEN translated THEN it is not bracketed', () => {
    expect(
      client({ 'http.method': 'GET', 'net.peer.ip': '::1', 'net.peer.port': 8080 }).http?.request
        .url,
    ).toBe('http://::1:8080/');
  });

  it('GIVEN http data without any URL data WHEN translated THEN no url', () => {
    expect(server({ 'http.method': 'GET', 'url.path': '/x' }).http?.request.url).toBeUndefined();
  });

  it('GIVEN an INTERNAL span with server attributes WHEN translated THEN client rules apply (no host from server.address, no port)', () => {
    const doc = translate({
      kind: SpanKind.INTERNAL,
      attributes: { 'http.method': 'GET', 'server.address': 'h', 'server.port': 9000 },
    });
    expect(doc.http?.request.url).toBe('http:///');
  });
});
