// http_test.go: the http block. Client URLs come from http.url / url.full, or http.host,
// net.peer.name, net.peer.ip; server URLs also from http.server_name, net.host.name, host.name,
// server.address.
import type { AttrValue } from '../../../../apps/xray-preview/src/model.js';
import { goSpan, RECEIVED_EVENT } from './fixtures.js';
import type { Vector, VectorFile } from './vector.js';

/** `constructHTTPClientSpan` / `constructHTTPServerSpan`: named /users/junit, status UNSET "OK". */
function http(
  test: string,
  kind: 'client' | 'server',
  attributes: Record<string, AttrValue>,
  request: object,
  extra: Partial<Vector> = {},
): Vector {
  return {
    test,
    span: goSpan(kind, '/users/junit', attributes),
    documents: [{ http: { request } }],
    ...extra,
  };
}

const vectors: Vector[] = [
  http(
    'TestClientSpanWithURLAttribute',
    'client',
    {
      'http.method': 'GET',
      'http.url': 'https://api.example.com/users/junit',
      'http.status_code': 200,
    },
    { method: 'GET', url: 'https://api.example.com/users/junit' },
  ),
  http(
    'TestClientSpanWithURLAttributeStable',
    'client',
    {
      'http.request.method': 'GET',
      'url.full': 'https://api.example.com/users/junit',
      'http.response.status_code': 200,
    },
    { method: 'GET', url: 'https://api.example.com/users/junit' },
  ),
  http(
    'TestClientSpanWithSchemeHostTargetAttributes',
    'client',
    {
      'http.method': 'GET',
      'http.scheme': 'https',
      'http.host': 'api.example.com',
      'http.target': '/users/junit',
      'http.status_code': 200,
      'user.id': 'junit',
    },
    { url: 'https://api.example.com/users/junit' },
  ),
  http(
    'TestClientSpanWithPeerAttributes',
    'client',
    {
      'http.method': 'GET',
      'http.scheme': 'http',
      'net.peer.name': 'kb234.example.com',
      'net.peer.port': 8080,
      'net.peer.ip': '10.8.17.36',
      'http.target': '/users/junit',
      'http.status_code': 200,
    },
    { url: 'http://kb234.example.com:8080/users/junit', client_ip: '10.8.17.36' },
  ),
  http(
    'TestClientSpanWithHttpPeerAttributes',
    'client',
    { 'http.client_ip': '1.2.3.4', 'net.peer.ip': '10.8.17.36' },
    { client_ip: '1.2.3.4' },
  ),
  http(
    'TestClientSpanWithHttpPeerAttributesStable',
    'client',
    {
      'url.full': 'https://api.example.com/users/junit',
      'client.address': '1.2.3.4',
      'network.peer.address': '10.8.17.36',
    },
    { client_ip: '1.2.3.4' },
  ),
  http(
    'TestClientSpanWithPeerIp4Attributes',
    'client',
    {
      'http.method': 'GET',
      'http.scheme': 'http',
      'net.peer.ip': '10.8.17.36',
      'net.peer.port': '8080',
      'http.target': '/users/junit',
    },
    { url: 'http://10.8.17.36:8080/users/junit' },
  ),
  http(
    'TestClientSpanWithPeerIp6Attributes',
    'client',
    {
      'http.method': 'GET',
      'http.scheme': 'https',
      'net.peer.ip': '2001:db8:85a3::8a2e:370:7334',
      'net.peer.port': '443',
      'http.target': '/users/junit',
    },
    { url: 'https://2001:db8:85a3::8a2e:370:7334/users/junit' },
  ),
  http(
    'TestServerSpanWithURLAttribute',
    'server',
    {
      'http.method': 'GET',
      'http.url': 'https://api.example.com/users/junit',
      'http.client_ip': '192.168.15.32',
      'http.user_agent': 'PostmanRuntime/7.21.0',
      'http.status_code': 200,
    },
    { url: 'https://api.example.com/users/junit', x_forwarded_for: true },
  ),
  http(
    'TestServerSpanWithSchemeHostTargetAttributes',
    'server',
    {
      'http.method': 'GET',
      'http.scheme': 'https',
      'http.host': 'api.example.com',
      'http.target': '/users/junit',
      'http.client_ip': '192.168.15.32',
      'http.status_code': 200,
    },
    { url: 'https://api.example.com/users/junit' },
  ),
  http(
    'TestServerSpanWithSchemeHostTargetAttributesStable',
    'server',
    {
      'http.request.method': 'GET',
      'url.scheme': 'https',
      'server.address': 'api.example.com',
      'url.path': '/users/junit',
      'client.address': '192.168.15.32',
      'http.response.status_code': 200,
    },
    { url: 'https://api.example.com/users/junit', client_ip: '192.168.15.32' },
  ),
  http(
    'TestServerSpanWithNewConventionsWithURLPath',
    'server',
    {
      'http.request.method': 'GET',
      'server.address': 'localhost',
      'url.scheme': 'http',
      'url.query': '?version=test',
      'url.path': '/api',
      'client.address': '127.0.0.1',
      'http.response.status_code': 200,
    },
    { url: 'http://localhost/api?version=test' },
  ),
  http(
    'TestServerSpanWithSchemeServernamePortTargetAttributes',
    'server',
    {
      'http.method': 'GET',
      'http.scheme': 'https',
      'http.server_name': 'api.example.com',
      'net.host.port': 443,
      'http.target': '/users/junit',
      'http.client_ip': '192.168.15.32',
      'http.status_code': 200,
    },
    { url: 'https://api.example.com/users/junit' },
  ),
  http(
    'TestServerSpanWithSchemeServernamePortTargetAttributesStable',
    'server',
    {
      'http.request.method': 'GET',
      'url.scheme': 'https',
      'server.address': 'api.example.com',
      'server.port': 443,
      'url.query': 'users=junit',
      'client.address': '192.168.15.32',
      'http.response.status_code': 200,
    },
    { url: 'https://api.example.com/?users=junit' },
  ),
  ...(['net.host.port', 'server.port'] as const).map((port) =>
    http(
      `TestServerSpanWithSchemeNamePortTargetAttributes (${port})`,
      'server',
      {
        'http.method': 'GET',
        'http.scheme': 'http',
        'host.name': 'kb234.example.com',
        [port]: 8080,
        'http.target': '/users/junit',
        'http.client_ip': '192.168.15.32',
        'http.status_code': 200,
      },
      { url: 'http://kb234.example.com:8080/users/junit' },
    ),
  ),
  {
    // No attribute names a host: no URL. The response has the status and the 12452 bytes of
    // the RECEIVED message event.
    test: 'TestSpanWithNotEnoughHTTPRequestURLAttributes',
    span: goSpan(
      'server',
      '/users/junit',
      {
        'http.method': 'GET',
        'http.scheme': 'http',
        'http.client_ip': '192.168.15.32',
        'http.user_agent': 'PostmanRuntime/7.21.0',
        'http.target': '/users/junit',
        'net.host.port': 443,
        'net.peer.port': 8080,
        'http.status_code': 200,
      },
      undefined,
      { events: [RECEIVED_EVENT] },
    ),
    documents: [
      {
        http: {
          request: {
            client_ip: '192.168.15.32',
            method: 'GET',
            user_agent: 'PostmanRuntime/7.21.0',
          },
          response: { status: 200, content_length: 12452 },
        },
      },
    ],
    absent: ['0:http.request.url'],
  },
  http(
    'TestSpanWithClientAddrWithoutNetworkPeerAddr',
    'server',
    { 'url.full': 'https://api.example.com/users/junit', 'client.address': '192.168.15.32' },
    { x_forwarded_for: true, client_ip: '192.168.15.32' },
  ),
  http(
    'TestSpanWithClientAddrAndNetworkPeerAddr',
    'server',
    {
      'url.full': 'https://api.example.com/users/junit',
      'client.address': '192.168.15.32',
      'network.peer.address': '192.168.15.32',
    },
    { client_ip: '192.168.15.32' },
    { absent: ['0:http.request.x_forwarded_for'] },
  ),
  http(
    'TestSpanWithClientAddrNotIP',
    'server',
    {
      'url.full': 'https://api.example.com/users/junit',
      'client.address': 'api.example.com',
      'network.peer.address': 'api.example.com',
    },
    {},
    { absent: ['0:http.request.client_ip', '0:http.request.x_forwarded_for'] },
  ),
];

export const HTTP_VECTORS: VectorFile = { file: 'http_test.go', vectors };
