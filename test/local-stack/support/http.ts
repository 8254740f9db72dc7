// Requests the tests need beyond fetch: a chosen Host header (fetch sets its own), and the
// DynamoDB ListTables call that shows dynalite answers.
import { request } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** GET (or POST with `body`) `url` with the Host header set to `host`. */
export function requestWithHost(
  url: string,
  host: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: { ...init.headers, host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A signed-looking ListTables request: dynalite checks the shape, not the signature. */
export function listTables(endpoint: string, host = new URL(endpoint).host): Promise<Answer> {
  return requestWithHost(endpoint, host, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      'x-amz-date': '20260101T000000Z',
    },
    body: '{}',
  });
}
