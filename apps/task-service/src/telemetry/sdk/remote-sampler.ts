// X-Ray centralized sampling: the rules and reservoirs set in the X-Ray console, polled through the
// sidecar collector's awsproxy extension, which signs the calls with the pod's role.
//
// @opentelemetry/sampler-aws-xray 0.3.0, as installed (its README example predates this API):
// - `new AWSXRayRemoteSampler({ resource, endpoint?, pollingInterval? })`; parent-based already.
// - Rules: POST <endpoint>/GetSamplingRules at start, then every `pollingInterval` s (values under
//   10 mean the default, 300) plus up to 5 s of jitter. Targets (reservoir quotas): POST
//   <endpoint>/SamplingTargets every 10 s, or as X-Ray's answer says.
// - Until a rules answer arrives, and for an hour after the last one, it samples with its
//   fallback: 1 trace per second, then 5 % (the same as X-Ray's default rule and our local one).
//   Rules it has fetched keep applying while the proxy is down, until that hour is over.
// - It reports failures through `diag` only, which logs nothing unless a logger is installed. A
//   proxy that answers but refuses (403: awsproxy's signature did not match, the failure of
//   aws-otel-collector#2159 when a mesh sidecar rewrote headers on the way) is a debug message.
//   So this module forwards the sampler's own messages as `warn` lines, each distinct one at
//   most every five minutes.
// - A rule matches on service name and type (`cloud.platform`) from `resource`, and on method,
//   `url.path` and `server.address` from the attributes the span starts with.
import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { AWSXRayRemoteSampler } from '@opentelemetry/sampler-aws-xray';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { jsonLogger, type Logger } from '../../log.js';

const NAMESPACE = '@opentelemetry/sampler-aws-xray';
const REPEAT_AFTER_MS = 5 * 60_000;

export interface RemoteSamplerOptions {
  /** The X-Ray sampling API, e.g. `http://127.0.0.1:2000` (no trailing path). */
  readonly endpoint: string;
  /** The SDK's resource: service name and platform, which rules match on. */
  readonly resource: Resource;
  /** Seconds between rule polls (10 or more). @default 300 */
  readonly pollingIntervalSeconds?: number;
  /** Where the sampler's failures are reported. @default JSON lines on stdout */
  readonly log?: Logger;
  /** Clock for the repeat limit. @default Date.now */
  readonly now?: () => number;
}

/** A diag logger that passes on the remote sampler's messages only, each one now and then. */
function forwardSamplerMessages(log: Logger, now: () => number): DiagLogger {
  const lastSeen = new Map<string, number>();
  const forward = (namespace: unknown, ...rest: unknown[]): void => {
    if (namespace !== NAMESPACE) return;
    const said = rest.map((part) => String(part)).join(' ');
    // Its words for "no rules yet" blame a bug; at start and while the proxy is away it is not.
    const detail = said.startsWith('Using fallback sampler')
      ? 'no sampling rules from the proxy yet: using the fallback, 1 trace/s + 5 %'
      : said;
    const at = now();
    const last = lastSeen.get(detail);
    if (last !== undefined && at - last < REPEAT_AFTER_MS) return;
    if (lastSeen.size > 100) lastSeen.clear();
    lastSeen.set(detail, at);
    log.warn('xray sampling', { detail });
  };
  return { error: forward, warn: forward, info: forward, debug: forward, verbose: () => undefined };
}

export function remoteSampler(options: RemoteSamplerOptions): {
  sampler: Sampler;
  stop: () => void;
} {
  diag.setLogger(forwardSamplerMessages(options.log ?? jsonLogger, options.now ?? Date.now), {
    logLevel: DiagLogLevel.DEBUG,
    suppressOverrideMessage: true,
  });
  const sampler = new AWSXRayRemoteSampler({
    resource: options.resource,
    endpoint: options.endpoint.replace(/\/+$/, ''),
    pollingInterval: options.pollingIntervalSeconds ?? 300,
  });
  return {
    sampler,
    stop: () => {
      sampler.stopPollers();
      diag.disable();
    },
  };
}
