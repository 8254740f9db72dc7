// CPU-profiles the reproduction app under saturation, one variant after the other, and prints where
// the busy time went (see ./cpu-profile-summary.ts).
// Usage: node build/bench/tax/profile.js [--seconds 8] [--variants bare,stock,...] [--out /tmp/tax-prof]
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from './cpu-profile-summary.js';
import { startReceiverProcess } from '../../testkit/otlp/receiver-process.js';
import { placeOnCores } from '../../testkit/process/cpu.js';
import { load, sigterm, startApp } from './harness.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    variants: { type: 'string', default: 'bare,stock' },
    out: { type: 'string', default: '/tmp/tax-prof' },
  },
});
const telemetry = fileURLToPath(new URL('./telemetry.js', import.meta.url));
const placement = placeOnCores();
console.log(`CPU: ${placement.description}`);
const sink = await startReceiverProcess({ mode: 'discard' });
const fmt = (rows: readonly (readonly [string, number])[]): string =>
  rows.map(([k, v]) => `    ${v.toFixed(1).padStart(5)} %  ${k}`).join('\n');

for (const spec of (values.variants ?? '').split(',')) {
  // A variant is `bare` or a '+'-joined list of telemetry levers (`stock` = none).
  const levers = spec === 'bare' ? undefined : spec === 'stock' ? '' : spec.replaceAll('+', ',');
  const dir = join(values.out ?? '/tmp/tax-prof', spec);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const app = await startApp({
    telemetry: levers === undefined ? undefined : telemetry,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, TAX_LEVERS: levers ?? '' },
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'],
    serverPrefix: placement.serverPrefix,
  });
  const result = await load(app.url, Number(values.seconds));
  await sigterm(app);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile written in ${dir}`);
  // Leave out startup: only the load phase is profiled.
  const s = summarizeProfile(join(dir, file), app.coldStartMs + 100);
  console.log(
    `\n== ${spec}: ${result.rps.toFixed(0)} req/s; busy ${s.busyMs.toFixed(0)} ms; tracing owns ${s.tracingPct.toFixed(1)} %`,
  );
  console.log(
    `  by owner (innermost library/app frame, node internals charged to the caller):\n${fmt(s.byOwner)}`,
  );
  console.log(`  self time by category:\n${fmt(s.byCategory)}`);
  console.log(`  top functions (self):\n${fmt(s.topFunctions.slice(0, 15))}`);
}
await sink.close();
