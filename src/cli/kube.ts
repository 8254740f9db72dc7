/**
 * Kubeconfig loading and the API clients tracectl uses, with every call wrapped so a failure
 * becomes one actionable line (errors.ts).
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  AdmissionregistrationV1Api,
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  KubernetesObjectApi,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';
import { CliError, credentialError, EXIT, toCliError, type RequestContext } from './errors.js';

export interface KubeOptions {
  /** --kubeconfig */
  readonly kubeconfig?: string;
  /** --context */
  readonly context?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

const UPDATE_KUBECONFIG = 'aws eks update-kubeconfig --name <cluster> --region <region>';

/**
 * $KUBECONFIG may list several files. kubectl's rule: the first file to set a value wins, for
 * current-context and for each named cluster, user and context. (client-node's mergeConfig()
 * lets a later file's current-context win, which could point tracectl at another cluster than
 * kubectl, and throws on a name that two files define.)
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files
 */
function mergeFirstWins(kc: KubeConfig, files: readonly string[]): void {
  const configs = files.map((file) => {
    const c = new KubeConfig();
    c.loadFromFile(file); // resolves relative certificate paths against this file's directory
    return c;
  });
  const firstByName = <T extends { readonly name: string }>(lists: readonly T[][]): T[] => {
    const seen = new Set<string>();
    return lists.flat().filter((x) => !seen.has(x.name) && seen.add(x.name));
  };
  kc.loadFromOptions({
    clusters: firstByName(configs.map((c) => c.getClusters() ?? [])),
    users: firstByName(configs.map((c) => c.getUsers() ?? [])),
    contexts: firstByName(configs.map((c) => c.getContexts() ?? [])),
    currentContext: configs.map((c) => c.getCurrentContext()).find(Boolean),
  });
}

/**
 * Loads the kubeconfig the way kubectl finds it: --kubeconfig, then $KUBECONFIG, then
 * ~/.kube/config, then in-cluster. client-node's loadFromDefault() silently falls back to
 * http://localhost:8080 when nothing is found, which would turn "no kubeconfig" into a
 * confusing connection error, so we look first.
 */
export function loadKubeConfig(opts: KubeOptions): KubeConfig {
  const kc = new KubeConfig();
  const candidates = opts.kubeconfig
    ? [opts.kubeconfig]
    : opts.env.KUBECONFIG
      ? opts.env.KUBECONFIG.split(delimiter).filter(Boolean)
      : [join(opts.home, '.kube', 'config')];
  const found = candidates.filter((p) => existsSync(p));
  try {
    if (found.length === 1) {
      kc.loadFromFile(found[0]!);
    } else if (found.length > 1) {
      mergeFirstWins(kc, found);
    } else if (opts.env.KUBERNETES_SERVICE_HOST && !opts.kubeconfig) {
      kc.loadFromCluster();
    } else {
      const looked = opts.kubeconfig
        ? `--kubeconfig ${opts.kubeconfig}`
        : opts.env.KUBECONFIG
          ? `$KUBECONFIG (${opts.env.KUBECONFIG})`
          : `$KUBECONFIG (unset) and ${candidates[0]}`;
      throw new CliError(
        `no kubeconfig found: looked at ${looked}. Create one with: ${UPDATE_KUBECONFIG}`,
      );
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `cannot read kubeconfig ${found[0] ?? ''}: ${(err as Error).message.split('\n')[0]}`,
      EXIT.cluster,
      {
        cause: err,
      },
    );
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new CliError(
        `--context ${opts.context} is not in your kubeconfig; known contexts: ${names.join(', ') || 'none'}`,
        EXIT.usage,
      );
    }
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new CliError(
      `your kubeconfig has no current context with a cluster (current-context: "${kc.getCurrentContext() || ''}"). Pick one with: kubectl config use-context <name>, or create one with: ${UPDATE_KUBECONFIG}`,
    );
  }
  return kc;
}

/** The API clients, plus `call()` which maps failures to CliError. */
export class Kube {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly objects: KubernetesObjectApi;
  readonly extensions: ApiextensionsV1Api;
  readonly admission: AdmissionregistrationV1Api;
  readonly discovery: DiscoveryV1Api;
  readonly custom: CustomObjectsApi;
  readonly version: VersionApi;
  readonly watch: Watch;
  readonly server: string;

  constructor(readonly kc: KubeConfig) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.objects = KubernetesObjectApi.makeApiClient(kc);
    this.extensions = kc.makeApiClient(ApiextensionsV1Api);
    this.admission = kc.makeApiClient(AdmissionregistrationV1Api);
    this.discovery = kc.makeApiClient(DiscoveryV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.version = kc.makeApiClient(VersionApi);
    this.watch = new Watch(kc);
    this.server = kc.getCurrentCluster()?.server ?? '(unknown server)';
  }

  static load(opts: KubeOptions): Kube {
    return new Kube(loadKubeConfig(opts));
  }

  private credentials: Promise<void> | undefined;

  /**
   * Makes the credentials once, before the first request, so a failing exec plugin (an expired
   * AWS login) is reported as such rather than as the failure of whichever call came first.
   * client-node caches an exec token until its expirationTimestamp, so this adds no plugin run
   * for `aws eks get-token`.
   */
  private ensureCredentials(): Promise<void> {
    this.credentials ??= this.kc.applyToHTTPSOptions({}).catch((err: unknown) => {
      const user = this.kc.getCurrentUser();
      throw credentialError(err, { name: user?.name ?? '?', exec: user?.exec });
    });
    return this.credentials;
  }

  /** Runs one API call; any failure becomes a CliError that names what was attempted. */
  async call<T>(ctx: RequestContext, fn: () => Promise<T>): Promise<T> {
    await this.ensureCredentials();
    try {
      return await fn();
    } catch (err) {
      throw toCliError(err, ctx, this.server);
    }
  }
}
