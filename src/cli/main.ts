/**
 * tracectl entry point: parses arguments (node:util parseArgs), dispatches, and turns every
 * error into one line and an exit code. `run()` does no process-global I/O, so tests call it
 * in-process; bin/tracectl.js calls `main()`.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TERRAFORM_BACKED_FIELDS } from '../config.js';
import { runApply } from './apply.js';
import { runDoctor } from './doctor/run.js';
import { CliError, EXIT } from './errors.js';
import { APPLY_HELP, DOCTOR_HELP, MAIN_HELP, RESTART_HELP } from './help.js';
import type { Io } from './io.js';
import { Kube } from './kube.js';
import { runRestart } from './restart.js';

const GLOBAL_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Same defaults as the charts and Terraform (src/config), so flags are only needed when those were changed. */
export const DEFAULT_NAMESPACE = TERRAFORM_BACKED_FIELDS.prodNamespace.default;
export const DEFAULT_COLLECTOR_NAMESPACE = TERRAFORM_BACKED_FIELDS.tracingNamespace.default;

/** `90s`, `5m`, `1h`, `1500ms`, or a bare number of seconds. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m)
    throw new CliError(
      `${flag} ${JSON.stringify(text)} is not a duration; use e.g. 90s, 5m or 1h`,
      EXIT.usage,
    );
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  positionals: number,
) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.positionals.length > positionals) {
      throw new CliError(
        `unexpected argument ${JSON.stringify(parsed.positionals[positionals])}; see --help`,
        EXIT.usage,
      );
    }
    return parsed;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see --help`, EXIT.usage);
  }
}

function help(io: Io, text: string): number {
  io.stdout.write(text);
  return EXIT.ok;
}

async function dispatch(argv: string[], io: Io, setVerbose: (v: boolean) => void): Promise<number> {
  const [command, ...rest] = argv;
  const kube = (v: { kubeconfig?: string; context?: string }): Kube =>
    Kube.load({ kubeconfig: v.kubeconfig, context: v.context, env: io.env, home: io.home });
  switch (command) {
    case 'apply': {
      const { values: v, positionals } = parse(
        rest,
        {
          'dry-run': { type: 'boolean', default: false },
          timeout: { type: 'string', default: '5m' },
          'force-conflicts': { type: 'boolean', default: false },
          'no-wait': { type: 'boolean', default: false },
        },
        1,
      );
      setVerbose(v.verbose);
      if (v.help) return help(io, APPLY_HELP);
      const timeoutMs = v['no-wait'] ? 0 : parseDuration('--timeout', v.timeout);
      return runApply(
        kube(v),
        {
          dir: resolve(io.cwd, positionals[0] ?? 'dist'),
          dryRun: v['dry-run'],
          timeoutMs,
          forceConflicts: v['force-conflicts'],
          wait: !v['no-wait'],
        },
        io,
      );
    }
    case 'doctor': {
      const { values: v } = parse(
        rest,
        {
          namespace: { type: 'string', short: 'n', default: DEFAULT_NAMESPACE },
          'collector-namespace': { type: 'string', default: DEFAULT_COLLECTOR_NAMESPACE },
          'terraform-outputs': { type: 'string' },
          json: { type: 'boolean', default: false },
        },
        0,
      );
      setVerbose(v.verbose);
      if (v.help) return help(io, DOCTOR_HELP);
      return runDoctor(
        kube(v),
        {
          namespace: v.namespace,
          collectorNamespace: v['collector-namespace'],
          terraformOutputs:
            v['terraform-outputs'] === undefined
              ? undefined
              : resolve(io.cwd, v['terraform-outputs']),
          json: v.json,
        },
        io,
      );
    }
    case 'restart': {
      const { values: v } = parse(
        rest,
        {
          namespace: { type: 'string', short: 'n', default: DEFAULT_NAMESPACE },
          stale: { type: 'boolean', default: false },
          all: { type: 'boolean', default: false },
          timeout: { type: 'string', default: '5m' },
          'dry-run': { type: 'boolean', default: false },
        },
        0,
      );
      setVerbose(v.verbose);
      if (v.help) return help(io, RESTART_HELP);
      if (v.stale === v.all)
        throw new CliError(
          'restart needs exactly one of --stale or --all; see tracectl restart --help',
          EXIT.usage,
        );
      return runRestart(
        kube(v),
        {
          namespace: v.namespace,
          mode: v.all ? 'all' : 'stale',
          timeoutMs: parseDuration('--timeout', v.timeout),
          dryRun: v['dry-run'],
        },
        io,
      );
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return help(io, MAIN_HELP);
    default:
      throw new CliError(
        `unknown command ${JSON.stringify(command)}; commands: apply, doctor, restart (see tracectl --help)`,
        EXIT.usage,
      );
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  let verbose = argv.includes('--verbose');
  try {
    return await dispatch(argv, io, (v) => (verbose = v));
  } catch (err) {
    const message =
      err instanceof CliError
        ? err.message
        : `unexpected error: ${(err as Error).message?.split('\n')[0] ?? String(err)}`;
    io.stderr.write(`error: ${message}\n`);
    if (verbose) {
      for (let e: unknown = err; e instanceof Error; e = e.cause)
        io.stderr.write(`${e.stack ?? e.message}\n`);
    } else if (!(err instanceof CliError)) {
      io.stderr.write('(run again with --verbose for the stack trace)\n');
    }
    return err instanceof CliError ? err.exitCode : EXIT.failed;
  }
}

export async function main(): Promise<void> {
  const code = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    home: homedir(),
  });
  process.exitCode = code;
}
