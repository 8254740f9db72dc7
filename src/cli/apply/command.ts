/**
 * `tracectl apply`: its options and help; the work is in apply.ts, loaded
 * only when the command runs, so that --help and usage errors do not load its clients.
 */
import { resolve } from 'node:path';
import { defineCommand } from '../command.js';

/** Where `npm run synth` writes the manifests (cdk8s.yaml `output`). */
export const SYNTH_OUTPUT_DIR = 'dist';

export const applyCommand = defineCommand({
  name: 'apply',
  summary: `server-side apply the synthesized manifests (default dir: ${SYNTH_OUTPUT_DIR}), then wait for rollouts`,
  usage: '[dir] [options]',
  description:
    'Server-side applies (field manager "tracectl") every object in dir/*.yaml, in dependency order: Namespaces, ServiceAccounts, OpenTelemetryCollectors, then everything else. Fails first, with install instructions, when the OpenTelemetryCollector CRD is not served. Before the Deployments that ask for a sidecar, it waits until the operator\'s webhook really injects one (a server-side dry-run pod create), since the webhook admits pods without a sidecar while the new collector is not in its cache yet. Then waits until the deployment-mode collector is ready and every Deployment has rolled out.',
  positionals: [
    { name: 'dir', description: 'directory with the synthesized YAML', default: SYNTH_OUTPUT_DIR },
  ],
  options: {
    'dry-run': {
      kind: 'flag',
      description:
        'server-side dry run (dryRun=All): validate and report, change nothing, do not wait',
    },
    timeout: {
      kind: 'duration',
      default: '5m',
      description: 'how long to wait for sidecar injection and for rollouts, e.g. 90s, 5m',
    },
    'force-conflicts': {
      kind: 'flag',
      description:
        'take over fields another field manager owns (without it: only from tracectl itself and from a previous client-side kubectl apply)',
    },
    'no-wait': {
      kind: 'flag',
      description: 'apply and exit without waiting for rollouts',
    },
  },
  usesKube: true,
  async run(v, positionals, ctx) {
    const { runApply } = await import('./apply.js');
    return runApply(
      await ctx.kube(),
      {
        // The parser gives the default when the argument is left out.
        dir: resolve(ctx.io.cwd, positionals[0] ?? SYNTH_OUTPUT_DIR),
        dryRun: v['dry-run'],
        timeoutMs: v.timeout,
        forceConflicts: v['force-conflicts'],
        wait: !v['no-wait'],
      },
      ctx.io,
    );
  },
});
