/**
 * Waits for Deployments to finish rolling out, by watching (one watch per namespace, not one
 * request per object or per poll). A watch that ends or errors is restarted, as informers must
 * be; without a resourceVersion, each (re)start replays the current objects as ADDED events,
 * so nothing is missed in between.
 */
import type { CliError } from './errors.js';
import { isHttpStatus, toCliError } from './errors.js';
import type { Kube } from './kube.js';
import type { Output } from './io.js';
import { Progress, type ProgressItem } from './progress.js';
import { deploymentRolloutState, type DeploymentLike, type RolloutState } from './rollout.js';

export interface WaitTarget {
  readonly namespace: string;
  readonly name: string;
  /** Shown in progress, e.g. `collector tracing/otel-web`. */
  readonly label: string;
}

export interface WaitResult {
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly items: readonly ProgressItem[];
}

const RESTART_DELAY_MS = 500;

export async function waitForRollouts(
  kube: Kube,
  targets: readonly WaitTarget[],
  opts: { timeoutMs: number; out: Output },
): Promise<WaitResult> {
  const progress = new Progress(opts.out);
  const states = new Map<string, RolloutState>();
  const key = (ns: string, name: string): string => `${ns}/${name}`;
  const wanted = new Set(targets.map((t) => key(t.namespace, t.name)));
  const items = (): ProgressItem[] =>
    targets.map((t) => {
      const s = states.get(key(t.namespace, t.name));
      return {
        label: t.label,
        done: s?.done ?? false,
        failed: s?.failed ?? false,
        message: s?.message ?? 'waiting for the Deployment to exist',
      };
    });
  if (targets.length === 0) return { ok: true, timedOut: false, items: [] };

  const controllers = new Set<AbortController>();
  const timers = new Set<NodeJS.Timeout>();
  let settled = false;
  let lastError = '';

  const outcome = await new Promise<{ timedOut: boolean; error?: CliError }>((resolve) => {
    const settle = (r: { timedOut: boolean; error?: CliError }): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const check = (): void => {
      progress.update(items());
      if ([...wanted].every((k) => states.get(k)?.done)) settle({ timedOut: false });
    };
    const deadline = setTimeout(() => settle({ timedOut: true }), opts.timeoutMs);
    timers.add(deadline);

    const startWatch = (namespace: string): void => {
      if (settled) return;
      const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments`;
      let connected = false;
      const onEvent = (phase: string, obj: DeploymentLike): void => {
        lastError = ''; // the watch works again
        const k = key(namespace, obj.metadata?.name ?? '');
        if (!wanted.has(k)) return;
        if (phase === 'DELETED') states.delete(k);
        else if (phase === 'ADDED' || phase === 'MODIFIED')
          states.set(k, deploymentRolloutState(obj));
        check();
      };
      const onDone = (err: unknown): void => {
        if (settled) return;
        if (err && (isHttpStatus(err, 401) || isHttpStatus(err, 403))) {
          settle({
            timedOut: false,
            error: toCliError(
              err,
              { verb: 'watch', resource: 'deployments.apps', namespace },
              kube.server,
            ),
          });
          return;
        }
        // client-node aborts a connected watch after 30 s without data (Watch.requestTimeoutMs):
        // on a quiet Deployment that is a routine reconnect, not an error to report.
        const idle = connected && (err as { name?: unknown } | null)?.name === 'TimeoutError';
        if (err && !idle)
          lastError = toCliError(
            err,
            { verb: 'watch', resource: 'deployments.apps', namespace },
            kube.server,
          ).message;
        const t = setTimeout(() => startWatch(namespace), RESTART_DELAY_MS);
        timers.add(t);
      };
      kube.watch
        .watch(path, {}, onEvent, onDone)
        .then((c) => {
          // Resolved once the response headers came (or after a failure already reported to onDone).
          connected = !c.signal.aborted;
          controllers.add(c);
          if (settled) c.abort();
        })
        .catch(onDone);
    };
    // Nothing to print before the watch's first events: they replay the current state.
    progress.track(items());
    for (const ns of new Set(targets.map((t) => t.namespace))) startWatch(ns);
  });

  for (const c of controllers) c.abort();
  for (const t of timers) clearTimeout(t);
  if (outcome.error) {
    progress.finish([]);
    throw outcome.error;
  }
  const final = items().map((i) =>
    outcome.timedOut && !i.done
      ? {
          ...i,
          failed: true,
          message: `timed out: ${i.message}${lastError ? ` (last watch error: ${lastError})` : ''}`,
        }
      : i,
  );
  progress.finish(final);
  return { ok: final.every((i) => i.done && !i.failed), timedOut: outcome.timedOut, items: final };
}
