/**
 * A FAKE Kubernetes API server, for tests and the doctor benchmark only.
 *
 * It exists because no real kube-apiserver (nor kind, nor Docker) can run on the machines that
 * run this project's CI. It is plain HTTP on loopback and implements only what tracectl calls:
 * discovery (/version, /api, /apis, resource lists), get and list with label selectors,
 * server-side apply as create-or-update (no managedFields, no removal of fields a manager
 * stopped applying), JSON/strategic merge patches (treated alike), pod create through the
 * registered mutating webhooks (`podWebhooks`, as the real server calls admission webhooks, also
 * for `dryRun=All`), `dryRun=All`, watch streams (`?watch=true`, one JSON event per line),
 * bearer-token auth, and Kubernetes `Status` bodies for 401/403/404/409. Tests mutate its state
 * directly through `store` (e.g. to finish a rollout the way the Deployment controller would).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { servePodCreate } from './fake-admission.js';
import { groupList, json, readBody, RequestLog, resourceList, status } from './fake-http.js';
import { apiVersionOf, FakeStore, mergeInto, type Obj, type ResourceType } from './fake-store.js';

export interface FakeApiServerOptions {
  /** Reported by /version. @default '1.30' */
  readonly kubernetesVersion?: string;
}

interface Forbidden {
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
}

const TOKEN = 'fake-token-for-tests';
const USER = 'tracectl-test';

/** A mutating admission webhook for pods: gets the pod being created, returns it changed or not. */
export type PodWebhook = (pod: Obj) => Obj;

export class FakeKubeApiServer {
  readonly store = new FakeStore();
  /** Called in order on every pod create, dry runs included (webhooks registered `sideEffects: None`). */
  readonly podWebhooks: PodWebhook[] = [];
  private readonly log = new RequestLog();
  /** Cluster name written into kubeconfig(); EKS kubeconfigs use the cluster ARN. */
  clusterName = 'fake';
  /** Set to make every request answer 401, like an expired token. */
  tokenExpired = false;
  private readonly forbidden: Forbidden[] = [];
  private readonly conflicts = new Map<string, { manager: string; field: string }>();
  private readonly server: Server;
  private readonly streams = new Set<ServerResponse>();
  private version: string;

  constructor(opts: FakeApiServerOptions = {}) {
    this.version = opts.kubernetesVersion ?? '1.30';
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => status(res, 500, 'InternalError', String(err)));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.streams) s.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Ends every open watch stream, as an API server does on timeout or restart. */
  closeWatches(): void {
    for (const s of this.streams) s.end();
  }

  setKubernetesVersion(v: string): void {
    this.version = v;
  }

  /** `major.minor`, as reported by /version. */
  /** Every request seen, as `METHOD path?query`. */
  get requests(): readonly string[] {
    return this.log.entries;
  }

  /** Waits for a request matching `pattern` (see RequestLog.until). */
  untilRequest(pattern: RegExp, from?: number, timeoutMs?: number): Promise<number> {
    return this.log.until(pattern, from, timeoutMs);
  }

  get kubernetesVersion(): string {
    return this.version;
  }

  /** Runs a pod through the mutating webhooks, as pod creation does. */
  admitPod(pod: Obj): Obj {
    return this.podWebhooks.reduce((p, webhook) => webhook(structuredClone(p)), pod);
  }

  /** Denies one verb on one resource (plural, e.g. 'pods'), in one namespace or everywhere. */
  forbid(verb: string, resource: string, namespace?: string): void {
    this.forbidden.push({ verb, resource, namespace });
  }

  /** The next non-forced apply of this object answers 409, as if `manager` owned `field`. */
  conflictOn(
    kind: string,
    namespace: string | undefined,
    name: string,
    manager: string,
    field: string,
  ): void {
    this.conflicts.set(`${kind}|${namespace ?? ''}|${name}`, { manager, field });
  }

  /** A kubeconfig (YAML) whose only context points at this server with a bearer token. */
  kubeconfig(namespace = 'default'): string {
    return toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      // client-node v2 refuses plain http unless TLS verification is (pointlessly) switched off.
      clusters: [
        { name: this.clusterName, cluster: { server: this.url, 'insecure-skip-tls-verify': true } },
      ],
      users: [{ name: USER, user: { token: TOKEN } }],
      contexts: [{ name: 'fake', context: { cluster: this.clusterName, user: USER, namespace } }],
      'current-context': 'fake',
    });
  }

  private isForbidden(verb: string, plural: string, ns: string | undefined): boolean {
    return this.forbidden.some(
      (f) =>
        f.verb === verb &&
        f.resource === plural &&
        (f.namespace === undefined || f.namespace === ns),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.log.record(`${req.method} ${url.pathname}${url.search}`);
    if (this.tokenExpired || req.headers.authorization !== `Bearer ${TOKEN}`) {
      return status(res, 401, 'Unauthorized', 'Unauthorized');
    }
    const p = url.pathname;
    if (p === '/version') {
      const [major, minor] = this.version.split('.');
      return json(res, 200, {
        major,
        minor: `${minor}+`,
        gitVersion: `v${this.version}.4-eks-fake`,
        platform: 'linux/amd64',
      });
    }
    if (p === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'] });
    if (p === '/apis') return json(res, 200, groupList(this.store.types));
    const segs = p.split('/').filter(Boolean);
    const core = segs[0] === 'api';
    if (!core && segs[0] !== 'apis')
      return status(res, 404, 'NotFound', `the server could not find the requested resource`);
    const group = core ? '' : (segs[1] ?? '');
    const version = (core ? segs[1] : segs[2]) ?? '';
    const rest = segs.slice(core ? 2 : 3);
    const types = this.store.types.filter((t) => t.group === group && t.version === version);
    if (types.length === 0)
      return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    if (rest.length === 0) return json(res, 200, resourceList(group, version, types));

    let ns: string | undefined;
    let plural: string;
    let name: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      [, ns, plural, name] = rest as [string, string, string, string | undefined];
    } else {
      [plural, name] = rest as [string, string | undefined];
    }
    const type = types.find((t) => t.plural === plural);
    if (!type)
      return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const watch = url.searchParams.get('watch') === 'true';
    const verb = {
      GET: name ? 'get' : watch ? 'watch' : 'list',
      PATCH: 'patch',
      POST: 'create',
      PUT: 'update',
      DELETE: 'delete',
    }[req.method ?? 'GET'];
    if (verb === undefined)
      return status(res, 405, 'MethodNotAllowed', `${req.method} not allowed`);
    if (this.isForbidden(verb, type.plural, ns)) {
      const where = ns === undefined ? 'at the cluster scope' : `in the namespace "${ns}"`;
      return status(
        res,
        403,
        'Forbidden',
        `${type.plural} is forbidden: User "${USER}" cannot ${verb} resource "${type.plural}" in API group "${group}" ${where}`,
        { group, kind: type.plural, name },
      );
    }
    if (req.method === 'GET' && name === undefined) {
      const selector = url.searchParams.get('labelSelector') ?? '';
      if (watch) return this.serveWatch(res, type, ns, selector);
      const items = this.store.list(type, ns, selector);
      return json(res, 200, {
        apiVersion: apiVersionOf(type),
        kind: `${type.kind}List`,
        metadata: { resourceVersion: this.store.resourceVersion },
        items,
      });
    }
    if (req.method === 'POST' && name === undefined && type.kind === 'Pod' && ns !== undefined)
      return servePodCreate(this, req, res, ns, url.searchParams.get('dryRun') === 'All');
    if (name === undefined)
      return status(
        res,
        405,
        'MethodNotAllowed',
        `${req.method} on a collection is not implemented by the fake`,
      );
    const existing = this.store.get(apiVersionOf(type), type.kind, ns, name);
    const notFound = (): void =>
      status(
        res,
        404,
        'NotFound',
        `${type.plural}${group ? `.${group}` : ''} "${name}" not found`,
        { name, group, kind: type.plural },
      );
    if (req.method === 'GET') return existing ? json(res, 200, existing) : notFound();
    if (req.method !== 'PATCH')
      return status(res, 405, 'MethodNotAllowed', `${req.method} is not implemented by the fake`);

    const contentType = req.headers['content-type'] ?? '';
    const body = parseYaml(await readBody(req)) as Obj;
    const dryRun = url.searchParams.get('dryRun') === 'All';
    if (contentType.startsWith('application/apply-patch+yaml')) {
      if (!url.searchParams.get('fieldManager')) {
        return status(res, 422, 'Invalid', 'PATCH requires a field manager with server-side apply');
      }
      const conflictKey = `${type.kind}|${ns ?? ''}|${name}`;
      const conflict = this.conflicts.get(conflictKey);
      if (conflict && url.searchParams.get('force') !== 'true') {
        return status(
          res,
          409,
          'Conflict',
          `Apply failed with 1 conflict: conflict with "${conflict.manager}": ${conflict.field}`,
          {
            causes: [
              {
                reason: 'FieldManagerConflict',
                message: `conflict with "${conflict.manager}"`,
                field: conflict.field,
              },
            ],
          },
        );
      }
      if (ns !== undefined && !this.store.get('v1', 'Namespace', undefined, ns)) {
        // Like the real server: nothing is created, not even in a dry run, in a missing namespace.
        return status(res, 404, 'NotFound', `namespaces "${ns}" not found`, {
          name: ns,
          kind: 'namespaces',
        });
      }
      if (!existing && this.isForbidden('create', type.plural, ns)) {
        // kube-apiserver authorizes "create" for an apply that creates, after "patch" passed;
        // that denial carries the authorizer's reason (often empty), not "cannot create".
        return status(
          res,
          403,
          'Forbidden',
          `${type.plural}${group ? `.${group}` : ''} "${name}" is forbidden: `,
          {
            group,
            kind: type.plural,
            name,
          },
        );
      }
      if (!dryRun) this.conflicts.delete(conflictKey);
      const merged = mergeInto(existing ?? {}, {
        ...body,
        metadata: { ...body.metadata, namespace: ns, name },
      }) as Obj;
      const result = this.store.put(merged, { dryRun });
      return json(res, result.created ? 201 : 200, result.obj);
    }
    if (!existing) return notFound();
    const result = this.store.put(mergeInto(existing, body) as Obj, { dryRun });
    return json(res, 200, result.obj);
  }

  private serveWatch(
    res: ServerResponse,
    type: ResourceType,
    ns: string | undefined,
    selector: string,
  ): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    this.streams.add(res);
    // No resourceVersion: like the real server, start with a synthetic ADDED for each object.
    for (const obj of this.store.list(type, ns, selector))
      res.write(`${JSON.stringify({ type: 'ADDED', object: obj })}\n`);
    const stop = this.store.watch(type, ns, (event, obj) => {
      res.write(`${JSON.stringify({ type: event, object: obj })}\n`);
    });
    res.on('close', () => {
      stop();
      this.streams.delete(res);
    });
  }
}
