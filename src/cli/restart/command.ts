/**
 * `tracectl restart`: its options and help; the work is in restart.ts, loaded
 * only when the command runs, so that --help and usage errors do not load its clients.
 */
import { TERRAFORM_BACKED_FIELDS } from '../../config.js';
import { defineCommand } from '../command.js';
import { CliError, EXIT } from '../errors.js';

export const restartCommand = defineCommand({
  name: 'restart',
  summary: 'restart workloads so their sidecar collectors pick up the current config',
  usage: '[options] (--stale | --all)',
  description:
    "Restarts Deployments the way kubectl rollout restart does (patches the pod template's kubectl.kubernetes.io/restartedAt annotation, nothing else), then waits for each rollout.",
  positionals: [],
  options: {
    namespace: {
      kind: 'text',
      short: 'n',
      placeholder: 'ns',
      default: TERRAFORM_BACKED_FIELDS.prodNamespace.default,
      description: 'namespace of the workloads',
    },
    stale: {
      kind: 'flag',
      description:
        'only Deployments whose running pods carry an old sidecar config, image or preStop sleep',
    },
    all: { kind: 'flag', description: 'every Deployment in the namespace that requests a sidecar' },
    timeout: {
      kind: 'duration',
      default: '5m',
      description: 'how long to wait for rollouts',
    },
    'dry-run': { kind: 'flag', description: 'show what would be restarted, change nothing' },
  },
  usesKube: true,
  async run(v, _positionals, ctx) {
    if (v.stale === v.all)
      throw new CliError(
        'restart needs exactly one of --stale or --all; see tracectl restart --help',
        EXIT.usage,
      );
    const { runRestart } = await import('./restart.js');
    return runRestart(
      await ctx.kube(),
      {
        namespace: v.namespace,
        mode: v.all ? 'all' : 'stale',
        timeoutMs: v.timeout,
        dryRun: v['dry-run'],
      },
      ctx.io,
    );
  },
});
