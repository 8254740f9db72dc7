// Reads a V8 .cpuprofile (from `node --cpu-prof`) and says where the busy time went: self time by
// package, and inclusive time under OpenTelemetry code (any @opentelemetry frame on the stack).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  /** Sampled time that was not idle, in ms. */
  readonly busyMs: number;
  /** Self time by category, percent of busy time, largest first. */
  readonly byCategory: readonly (readonly [string, number])[];
  /** Self time by function, percent of busy time, largest first. */
  readonly topFunctions: readonly (readonly [string, number])[];
  /**
   * Busy time by owner: the innermost library or app frame on the stack, so Node internals (streams,
   * AsyncLocalStorage, Buffer) are charged to whoever called them. Percent of busy time.
   */
  readonly byOwner: readonly (readonly [string, number])[];
  /** Sum of the `otel:*` and `telemetry (ours)` owners, plus gRPC: the whole tracing cost on this thread. */
  readonly tracingPct: number;
}

/** Groups a frame: `otel:<pkg>`, `express`, `grpc`, `node:<area>`, `app`, or V8's own (GC, program). */
export function categorize(url: string, functionName: string): string {
  if (url === '') return functionName === '' ? '(anonymous native)' : functionName;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  const lastPkg = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1)?.[1] ?? pkg;
  if (lastPkg !== undefined) {
    if (lastPkg.startsWith('@opentelemetry/'))
      return `otel:${lastPkg.slice('@opentelemetry/'.length)}`;
    if (lastPkg === 'import-in-the-middle' || lastPkg === 'require-in-the-middle')
      return 'otel:loader-hooks';
    if (lastPkg.startsWith('@grpc/') || lastPkg === 'protobufjs') return 'grpc';
    if (
      [
        'express',
        'router',
        'body-parser',
        'raw-body',
        'send',
        'finalhandler',
        'type-is',
        'content-type',
        'qs',
      ].includes(lastPkg)
    )
      return 'express';
    return `pkg:${lastPkg}`;
  }
  if (url.includes('/apps/task-service/src/telemetry/')) return 'telemetry (ours)';
  if (url.startsWith('node:')) {
    const area = /^node:(?:internal\/)?([^/]+)/.exec(url)?.[1] ?? url;
    return `node:${area.replace(/\.js$/, '').replace(/^(_http_\w+|http)$/, 'http')}`;
  }
  return 'app';
}

/** `skipMs`: leave out the first milliseconds of the profile (startup, module loading). */
export function summarizeProfile(file: string, skipMs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  let elapsedMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsedMs += ms;
    if (elapsedMs > skipMs) selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
  });

  const cat = new Map<string, number>();
  const fn = new Map<string, number>();
  const owner = new Map<string, number>();
  let busy = 0;
  let tracing = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (node === undefined || node.callFrame.functionName === '(idle)') continue;
    busy += ms;
    const c = categorize(node.callFrame.url, node.callFrame.functionName);
    cat.set(c, (cat.get(c) ?? 0) + ms);
    const short = node.callFrame.url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*\/(apps|bench)\//, '$1/');
    const key = `${node.callFrame.functionName || '(anonymous)'} ${short}:${node.callFrame.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    // Walk towards the root to the first frame that is library or app code.
    let who = c;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (f === undefined || f.url === '') continue;
      const c2 = categorize(f.url, f.functionName);
      if (!c2.startsWith('node:')) {
        who = c2;
        break;
      }
    }
    owner.set(who, (owner.get(who) ?? 0) + ms);
    if (who.startsWith('otel:') || who === 'telemetry (ours)' || who === 'grpc') tracing += ms;
  }
  const pct = (m: Map<string, number>, n: number): [string, number][] =>
    [...m.entries()]
      .map(([k, v]): [string, number] => [k, (100 * v) / busy])
      .sort((a, b) => b[1] - a[1])
      .slice(0, n);
  return {
    busyMs: busy,
    byCategory: pct(cat, 18),
    topFunctions: pct(fn, 25),
    byOwner: pct(owner, 18),
    tracingPct: (100 * tracing) / busy,
  };
}
