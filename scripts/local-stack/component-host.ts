// The inside of a component process the local stack starts (the preview, dynalite): read the
// config the supervisor passed, start, print one ready line with what was bound, and stop cleanly
// on SIGTERM, or when the supervisor is gone (its pipe broke, or it died without stopping us).

/** Environment variable carrying the component's JSON config. */
export const COMPONENT_CONFIG_ENV = 'LOCAL_STACK_COMPONENT_CONFIG';

/** Start of the one line a component prints once it listens: `{"ready":{...}}`. */
export const READY_LINE_PREFIX = '{"ready":';

export interface RunningComponent<Ready> {
  /** What the supervisor needs to know (bound address and ports); JSON-serialisable. */
  readonly ready: Ready;
  close(): Promise<void>;
}

/** How often the component checks that its supervisor is still its parent. */
const PARENT_CHECK_MS = 1_000;

export function runComponent<Config, Ready>(
  name: string,
  start: (config: Config) => Promise<RunningComponent<Ready>>,
): void {
  let running: RunningComponent<Ready> | undefined;
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`${why}: stopping`);
    (running?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: did not close cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  // Our stdout and stderr are pipes to the supervisor; they break when it dies.
  process.stdout.on('error', () => stop('the supervisor stopped reading'));
  process.stderr.on('error', () => stop('the supervisor stopped reading'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A SIGKILLed supervisor sends nothing; its children are re-parented, which shows in ppid.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('the local stack supervisor is gone');
  }, PARENT_CHECK_MS).unref();

  let config: Config;
  try {
    config = JSON.parse(process.env[COMPONENT_CONFIG_ENV] ?? '') as Config;
  } catch {
    console.error(
      `${name}: ${COMPONENT_CONFIG_ENV} must hold its JSON config (npm start sets it).`,
    );
    process.exit(2);
  }
  start(config).then(
    (started) => {
      running = started;
      if (stopping) void started.close().then(() => process.exit(0));
      else console.log(JSON.stringify({ ready: started.ready }));
    },
    (error: unknown) => {
      console.error(
        `${name} could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
