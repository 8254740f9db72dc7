/**
 * The errors users hit, each turned into one line that says what failed and what to do.
 * Stack traces only appear with --verbose (see main.ts).
 */

/** Exit codes: documented in `tracectl --help`. */
export const EXIT = {
  ok: 0,
  /** A doctor check failed, a rollout did not complete, an apply was refused. */
  failed: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** tracectl could not work with the cluster: kubeconfig, network, credentials, RBAC, CRD. */
  cluster: 3,
} as const;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.cluster,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a request was trying to do, so a 403 can name the verb and the resource. */
const VERBS = ['get', 'list', 'watch', 'patch', 'create'] as const;

export interface RequestContext {
  readonly verb: (typeof VERBS)[number];
  /** Plural resource, with its group when not core: `deployments.apps`. */
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** Node's TLS verification failures (OpenSSL X509 names plus Node's own hostname check). */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)_/;

/** The error and its causes: undici throws "fetch failed" with the socket error as `cause`. */
function causes(err: unknown): { code?: unknown; message?: unknown }[] {
  const out: { code?: unknown; message?: unknown }[] = [];
  for (let e: unknown = err; e !== null && typeof e === 'object' && out.length < 5;) {
    out.push(e as { code?: unknown; message?: unknown });
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

function networkCode(err: unknown): string | undefined {
  const hit = causes(err).find((e) => typeof e.code === 'string' && NETWORK_CODES.has(e.code));
  return hit?.code as string | undefined;
}

function tlsFailure(err: unknown): { code: string; message: string } | undefined {
  const hit = causes(err).find((e) => typeof e.code === 'string' && TLS_CODE.test(e.code));
  return hit ? { code: hit.code as string, message: firstLine(hit.message) } : undefined;
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body || undefined;
    }
  }
  const m = (body as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : undefined;
}

/**
 * client-node's ApiException (the API server answered with an error status), recognised by its
 * shape: tracectl loads client-node only for the commands that talk to a cluster, and this module
 * is loaded by all of them.
 */
function apiException(err: unknown): { code: number; body: unknown } | undefined {
  const e = err as { code?: unknown; body?: unknown; headers?: unknown } | null;
  return err instanceof Error && typeof e?.code === 'number' && 'body' in err && 'headers' in err
    ? { code: e.code, body: e.body }
    : undefined;
}

function httpCode(err: unknown): number | undefined {
  const api = apiException(err);
  if (api) return api.code;
  const code = (err as { statusCode?: unknown } | null)?.statusCode; // Watch errors
  return typeof code === 'number' ? code : undefined;
}

function where(ctx: RequestContext): string {
  const target = ctx.name ? `${ctx.resource} "${ctx.name}"` : ctx.resource;
  return ctx.namespace ? `${target} in namespace "${ctx.namespace}"` : `${target} (cluster-wide)`;
}

/** Turns whatever a client call threw into a CliError with one actionable line. */
export function toCliError(err: unknown, ctx: RequestContext, server: string): CliError {
  if (err instanceof CliError) return err;
  const net = networkCode(err);
  if (net) {
    return new CliError(
      `cannot reach the Kubernetes API server at ${server} (${net}). Check that the cluster is up and that your kubeconfig context is the right one: kubectl config current-context`,
      EXIT.cluster,
      { cause: err },
    );
  }
  const tls = tlsFailure(err);
  if (tls) {
    return new CliError(
      `cannot verify the TLS certificate of the API server at ${server} (${tls.code}: ${tls.message}). The kubeconfig's certificate-authority-data probably belongs to another or a re-created cluster: refresh it with aws eks update-kubeconfig --name <cluster> --region <region>`,
      EXIT.cluster,
      { cause: err },
    );
  }
  const code = httpCode(err);
  const body = apiException(err)?.body;
  if (code === 401) {
    return new CliError(
      `the API server at ${server} rejected your credentials (401 Unauthorized): the token has probably expired. Refresh it, e.g. aws eks update-kubeconfig --name <cluster>, then retry`,
      EXIT.cluster,
      { cause: err },
    );
  }
  if (code === 403) {
    // The Status body names the resource exactly (details.kind is the plural, details.group its group).
    const details = (errorBody(err) as { details?: { kind?: string; group?: string } } | undefined)
      ?.details;
    if (details?.kind)
      ctx = { ...ctx, resource: details.group ? `${details.kind}.${details.group}` : details.kind };
    // RBAC's denial names the verb it refused ("cannot create resource ..."); trust it over ours.
    const refused = /cannot (\w+) resource/.exec(statusMessage(body) ?? '')?.[1];
    if (refused && (VERBS as readonly string[]).includes(refused))
      ctx = { ...ctx, verb: refused as RequestContext['verb'] };
    const ns = ctx.namespace ? ` -n ${ctx.namespace}` : '';
    return new CliError(
      `forbidden: you may not ${ctx.verb} ${where(ctx)} (403). Ask for RBAC that grants "${ctx.verb}" on "${ctx.resource}"; check with: kubectl auth can-i ${ctx.verb} ${ctx.resource}${ns}`,
      EXIT.cluster,
      { cause: err },
    );
  }
  if (code === 404) {
    return new CliError(
      `not found: ${where(ctx)} (404)${statusMessage(body) ? `: ${statusMessage(body)}` : ''}`,
      EXIT.cluster,
      {
        cause: err,
      },
    );
  }
  if (code !== undefined) {
    return new CliError(
      `the API server answered ${code} to ${ctx.verb} ${where(ctx)}: ${statusMessage(body) ?? 'no message'}`,
      EXIT.cluster,
      {
        cause: err,
      },
    );
  }
  // "fetch failed" alone says nothing: add the innermost cause (the socket or TLS error).
  const inner = causes(err).at(-1);
  const why = inner && inner !== err ? `: ${firstLine(inner.message)}` : '';
  return new CliError(`${ctx.verb} ${where(ctx)} failed: ${firstLine(err)}${why}`, EXIT.cluster, {
    cause: err,
  });
}

/** The first non-blank line of an error's message (CLI tools often start stderr with a blank line). */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err ?? '');
  return message.split('\n').find((l) => l.trim() !== '') ?? '(no message)';
}

/** The kubeconfig user's fields read here (client-node's User type, kept to what is used). */
export interface CredentialSource {
  readonly name: string;
  readonly exec?: { readonly command?: string; readonly args?: readonly string[] } | null;
}

/**
 * Credentials could not be made: for EKS this is the exec plugin (aws eks get-token) failing,
 * typically because the AWS login expired. client-node hands over the plugin's stderr as the
 * message, or the spawn error when the command is missing.
 */
export function credentialError(err: unknown, user: CredentialSource): CliError {
  const plugin = user.exec?.command
    ? ` (credential plugin: ${[user.exec.command, ...(user.exec.args ?? [])].join(' ')})`
    : '';
  const syscall = (err as { syscall?: unknown } | null)?.syscall;
  const fix = !plugin
    ? 'check the certificate, key and token files your kubeconfig names'
    : typeof syscall === 'string' && syscall.startsWith('spawn')
      ? 'install that command or fix its path in your kubeconfig'
      : 'if your login expired, log in again (e.g. aws sso login, or refresh the credentials of your AWS profile), then retry';
  return new CliError(
    `cannot get credentials for kubeconfig user "${user.name}"${plugin}: ${firstLine(err)}. Fix: ${fix}`,
    EXIT.cluster,
    { cause: err },
  );
}

/** True for an HTTP status code answered by the API server (not a network error). */
export function isHttpStatus(err: unknown, code: number): boolean {
  return httpCode(err) === code;
}

/** The Status body of a failed call; client-node may hand it over as a JSON string. */
export function errorBody(err: unknown): unknown {
  const body = apiException(err)?.body;
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
