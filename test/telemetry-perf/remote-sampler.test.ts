// X-Ray centralized sampling as the service builds it (OTEL_TRACES_SAMPLER=xray), against the
// preview's X-Ray sampling API on loopback: the fallback while the proxy is away, the rules once it
// answers, and the proxy's refusal (awsproxy's signature mismatch) made visible.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPreview } from '../../apps/xray-preview/src/index.js';
import type { Logger } from '../../apps/task-service/src/log.js';
import { remoteSampler } from '../../apps/task-service/src/telemetry/sdk/remote-sampler.js';
import { freePort } from '../../testkit/process/ports.js';
import { LIST_TASKS_ONLY_RULES as RULES } from './support/sampling-rules.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Warn lines the sampler wrapper writes, with a wait for one that matches. */
function warnings() {
  const lines: string[] = [];
  const waiters: { match: RegExp; resolve: () => void }[] = [];
  const log: Logger = {
    info: () => undefined,
    error: () => undefined,
    warn: (_msg, fields) => {
      const line = String(fields?.['detail']);
      lines.push(line);
      for (const w of waiters.filter((x) => x.match.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
  };
  const next = (match: RegExp, what: string): Promise<void> =>
    lines.some((l) => match.test(l))
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`waited 20 s for ${what}; got: ${lines.join(' | ')}`)),
            20_000,
          );
          waiters.push({
            match,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          });
        });
  return { log, lines, next };
}

/**
 * X-Ray-style trace ids that a 5 % trace-id ratio picks (`picked`), or skips: then only a
 * reservoir samples them.
 */
function idsByRatio(n: number, picked: boolean): string[] {
  const ratio = new TraceIdRatioBasedSampler(0.05);
  const ids: string[] = [];
  let x = 7;
  const hex8 = (): string => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x.toString(16).padStart(8, '0');
  };
  while (ids.length < n) {
    const id = `5f000000${hex8()}${hex8()}${hex8()}`;
    const decision = ratio.shouldSample(ROOT_CONTEXT, id).decision;
    if ((decision === SamplingDecision.RECORD_AND_SAMPLED) === picked) ids.push(id);
  }
  return ids;
}

const sampled = (sampler: Sampler, ids: readonly string[], path = '/tasks'): number =>
  ids.filter(
    (id) =>
      sampler.shouldSample(
        ROOT_CONTEXT,
        id,
        'GET',
        SpanKind.SERVER,
        {
          'http.request.method': 'GET',
          'url.path': path,
        },
        [],
      ).decision === SamplingDecision.RECORD_AND_SAMPLED,
  ).length;

const resource = resourceFromAttributes({
  'service.name': 'task-service',
  'cloud.platform': 'aws_eks',
});

describe('the xray sampler (@opentelemetry/sampler-aws-xray through the service wrapper)', () => {
  it('GIVEN the sampling proxy is down WHEN new traces start THEN the failed poll is logged and the fallback decides (1/s + 5 %); WHEN the proxy comes up and the next poll runs THEN its rules decide', async () => {
    // The pollers are intervals; faking only those lets the test run the next poll at once.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const port = await freePort();
    const { log, next } = warnings();
    const remote = remoteSampler({
      endpoint: `http://127.0.0.1:${port}`,
      resource,
      pollingIntervalSeconds: 10,
      log,
    });
    cleanups.push(() => remote.stop());
    await next(
      /GetSamplingRules.*ECONNREFUSED/,
      'the failed GetSamplingRules poll (nothing listens)',
    );
    const ids = idsByRatio(50, false);
    const picked = idsByRatio(20, true);

    // The fallback: its 5 % takes the ids a trace-id ratio picks, and its reservoir lends at most
    // one more in a burst.
    expect(sampled(remote.sampler, picked)).toBe(picked.length);
    expect(sampled(remote.sampler, ids)).toBeLessThanOrEqual(1);

    const preview = await startPreview({
      grpcPort: 0,
      httpPort: 0,
      apiPort: port,
      samplingRules: RULES,
    });
    cleanups.push(() => preview.close());
    vi.advanceTimersByTime(16_000); // the rules poll: interval plus its jitter of up to 5 s
    const deadline = Date.now() + 20_000;
    while (sampled(remote.sampler, ids) !== ids.length) {
      if (Date.now() > deadline)
        throw new Error('waited 20 s for the sampler to apply the rules the preview serves');
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Any other path falls to the Default rule, which the rules file sets to nothing at all.
    expect(sampled(remote.sampler, picked, '/tasks/42')).toBe(0);
  }, 60_000);

  it('GIVEN a proxy that refuses the call (403, as awsproxy answers when its signature does not match) WHEN the sampler polls THEN a warn line gives the status and the fallback keeps deciding', async () => {
    const refusing = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"message":"The request signature we calculated does not match"}');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => refusing.close(resolve)));
    const { log, next } = warnings();
    const remote = remoteSampler({
      endpoint: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`,
      resource,
      log,
    });
    cleanups.push(() => remote.stop());

    await next(/GetSamplingRules Response Code is: 403/, 'the refused GetSamplingRules poll');
    const picked = idsByRatio(20, true);
    expect(sampled(remote.sampler, picked)).toBe(picked.length);
    expect(sampled(remote.sampler, idsByRatio(50, false))).toBeLessThanOrEqual(1);
  }, 60_000);
});
