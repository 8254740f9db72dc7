/**
 * tracectl entry point: finds the command, parses its options from its definitions, runs it,
 * and turns every error into one line and an exit code. `run()` does no process-global I/O, so
 * tests call it in-process; bin/tracectl.js calls `main()`.
 */
import { homedir } from 'node:os';
import { COMMANDS } from './commands.js';
import { CliError, EXIT } from './errors.js';
import { commandHelp, mainHelp } from './help.js';
import type { Io } from './io.js';
import type { Kube } from './kube.js';
import { parseCommandLine } from './options.js';

async function dispatch(argv: string[], io: Io, setVerbose: (v: boolean) => void): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(mainHelp(COMMANDS));
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new CliError(
      `unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see tracectl --help)`,
      EXIT.usage,
    );
  }
  const line = parseCommandLine(command, rest, io.cwd);
  setVerbose(line.verbose);
  if (line.help) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  let kube: Promise<Kube> | undefined;
  return command.run(line.values, line.positionals, {
    io,
    kube: () =>
      (kube ??= import('./kube.js').then(({ Kube }) =>
        Kube.load({
          kubeconfig: line.kubeconfig,
          context: line.context,
          env: io.env,
          home: io.home,
        }),
      )),
  });
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
