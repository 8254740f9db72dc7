/**
 * `tracectl doctor`: its options and help; the checks are in this folder, loaded
 * only when the command runs, so that --help and usage errors do not load its clients.
 */
import { TERRAFORM_BACKED_FIELDS } from '../../config.js';
import { defineCommand } from '../command.js';

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'check the cluster for the silent failures that keep traces out of X-Ray',
  usage: '[options]',
  description:
    "Checks, each pass / warn / fail with a one-line fix: operator CRD and version, cert-manager, the injection webhook's endpoints, Kubernetes version (native sidecars, the preStop sleep action), inject annotations, injected pods, the sidecar kind of every injected pod and whether its shutdown keeps the collector receiving until the app's last export, IRSA on service accounts and pods, collector readiness, web collector CORS, stale sidecar config, and (with --terraform-outputs) the role ARNs Terraform created.",
  positionals: [],
  options: {
    namespace: {
      kind: 'text',
      short: 'n',
      placeholder: 'ns',
      // The charts and Terraform default: flags are only needed when those were changed.
      default: TERRAFORM_BACKED_FIELDS.prodNamespace.default,
      description: 'namespace of the instrumented workloads',
    },
    'collector-namespace': {
      kind: 'text',
      placeholder: 'ns',
      default: TERRAFORM_BACKED_FIELDS.tracingNamespace.default,
      description: 'namespace of the deployment-mode (web) collector',
    },
    'terraform-outputs': {
      kind: 'path',
      placeholder: 'file',
      description: 'terraform output -json file to compare role ARNs against',
    },
    json: { kind: 'flag', description: 'print the checks as JSON instead of a table' },
  },
  usesKube: true,
  exitCodes: 'Exit code 0 when no check fails (warnings allowed), 1 when at least one fails.',
  async run(v, _positionals, ctx) {
    const { runDoctor } = await import('./run.js');
    return runDoctor(
      await ctx.kube(),
      {
        namespace: v.namespace,
        collectorNamespace: v['collector-namespace'],
        terraformOutputs: v['terraform-outputs'],
        json: v.json,
      },
      ctx.io,
    );
  },
});
