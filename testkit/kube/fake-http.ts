/** HTTP helpers and discovery documents of the FAKE API server (fake-kube-apiserver.ts). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from './fake-store.js';

export function status(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: object,
): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details,
      code,
    }),
  );
}

export function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function groupList(allTypes: readonly ResourceType[]): object {
  const groups = new Map<string, string[]>();
  for (const t of allTypes) {
    if (t.group === '') continue;
    const versions = groups.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    groups.set(t.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

export function resourceList(
  group: string,
  version: string,
  types: readonly ResourceType[],
): object {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: types.map((t) => ({
      name: t.plural,
      singularName: t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['get', 'list', 'watch', 'patch', 'create', 'update', 'delete'],
    })),
  };
}

/**
 * The requests the fake answered (`METHOD /path?query`, in arrival order), and a way to wait for
 * one: tests wait on the request they need rather than on time.
 */
export class RequestLog {
  readonly entries: string[] = [];
  private readonly waiters = new Set<() => void>();

  record(line: string): void {
    this.entries.push(line);
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with the index of the first request matching `pattern` at index `from` or later. */
  until(pattern: RegExp, from = 0, timeoutMs = 30_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const i = this.entries.findIndex((r, j) => j >= from && pattern.test(r));
        if (i < 0) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(i);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out after ${timeoutMs / 1000}s waiting for a request matching ${pattern} (after request ${from}; ${this.entries.length} so far)`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }
}
