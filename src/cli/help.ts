/** `--help` texts. Kept beside each other so they stay consistent. */

const GLOBAL = `Global options:
  --kubeconfig <file>   kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
  --context <name>      kubeconfig context to use (default: current-context)
  --verbose             show stack traces on errors
  -h, --help            show help`;

const EXIT_CODES = `Exit codes: 0 ok · 1 a check failed / a rollout did not complete · 2 bad usage ·
3 cannot work with the cluster (kubeconfig, network, credentials, RBAC, missing CRD)`;

export const MAIN_HELP = `tracectl: apply, diagnose and restart the EKS X-Ray tracing setup

Usage: tracectl <command> [options]

Commands:
  apply [dir]     server-side apply the synthesized manifests (default dir: dist), then wait for rollouts
  doctor          check the cluster for the silent failures that keep traces out of X-Ray
  restart         restart workloads so their sidecar collectors pick up the current config

Run tracectl <command> --help for the options of each command.

${GLOBAL}

${EXIT_CODES}
`;

export const APPLY_HELP = `Usage: tracectl apply [dir] [options]

Server-side applies (field manager "tracectl") every object in dir/*.yaml, in dependency order:
Namespaces, ServiceAccounts, OpenTelemetryCollectors, then everything else. Fails first, with
install instructions, when the OpenTelemetryCollector CRD is not served. Then waits until the
deployment-mode collector is ready and every Deployment has rolled out.

Arguments:
  dir                   directory with the synthesized YAML (default: dist)

Options:
  --dry-run             server-side dry run (dryRun=All): validate and report, change nothing, do not wait
  --timeout <duration>  how long to wait for rollouts, e.g. 90s, 5m (default: 5m)
  --force-conflicts     take over fields another field manager owns (default: only from tracectl
                        itself and from a previous client-side kubectl apply)
  --no-wait             apply and exit without waiting

${GLOBAL}
`;

export const DOCTOR_HELP = `Usage: tracectl doctor [options]

Checks, each pass / warn / fail with a one-line fix: operator CRD and version, cert-manager,
the injection webhook's endpoints, Kubernetes version (native sidecars), inject annotations,
injected pods, IRSA on service accounts and pods, collector readiness, web collector CORS,
stale sidecar config, and (with --terraform-outputs) the role ARNs Terraform created.

Options:
  -n, --namespace <ns>          namespace of the instrumented workloads (default: prod)
  --collector-namespace <ns>    namespace of the deployment-mode (web) collector (default: tracing)
  --terraform-outputs <file>    terraform output -json file to compare role ARNs against
  --json                        print the checks as JSON instead of a table

Exit code 0 when no check fails (warnings allowed), 1 when at least one fails.

${GLOBAL}
`;

export const RESTART_HELP = `Usage: tracectl restart [options] (--stale | --all)

Restarts Deployments the way kubectl rollout restart does (patches the pod template's
kubectl.kubernetes.io/restartedAt annotation, nothing else), then waits for each rollout.

Options:
  -n, --namespace <ns>   namespace of the workloads (default: prod)
  --stale                only Deployments whose running pods carry an old sidecar config
  --all                  every Deployment in the namespace that requests a sidecar
  --timeout <duration>   how long to wait for rollouts (default: 5m)
  --dry-run              show what would be restarted, change nothing

${GLOBAL}
`;
