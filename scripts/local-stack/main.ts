// `npm start`: build what is needed, start the local stack, print the URLs, stop on Ctrl-C.
// Environment: the *_PORT variables in ports.ts, LOCAL_STACK_SKIP_BUILD=1 to reuse existing builds.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readyBanner } from './banner.js';
import { planBuilds, runBuilds } from './build-steps.js';
import { streamOutput } from './output.js';
import { portsFromEnv } from './ports.js';
import { startLocalStack } from './stack.js';
import type { LocalStack } from './stack.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const output = streamOutput();
const log = (line: string): void => output.out(`[local-stack] ${line}`);

async function main(): Promise<number> {
  const ports = portsFromEnv(process.env);

  // Filled in once started; the signal handlers read it.
  const running: { stack?: LocalStack } = {};
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log(`${reason}: stopping`);
      await running.stack?.stop();
      log('stopped; all ports are free');
    })();
    return stopping;
  };

  // Ctrl-C reaches every process of the terminal's group, and `tsx` also relays it to us, so
  // one key press can arrive twice within milliseconds. Only a later press means "hurry up".
  let firstSignalAt: number | undefined;
  const signalled = new Promise<string>((resolveSignal) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        const now = Date.now();
        if (firstSignalAt !== undefined && now - firstSignalAt < 1000) return;
        const repeated = firstSignalAt !== undefined;
        firstSignalAt ??= now;
        if (running.stack === undefined || repeated) {
          // Still building/starting, or a second Ctrl-C: exit now; the exit hook in
          // testkit/process/child.ts SIGKILLs every child process.
          log(`${signal}: exiting now`);
          process.exit(130);
        }
        resolveSignal(signal);
      });
    }
  });

  if (process.env.LOCAL_STACK_SKIP_BUILD === '1') {
    log('LOCAL_STACK_SKIP_BUILD=1: using existing builds');
  } else {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts?: Record<string, unknown>;
    };
    await runBuilds(planBuilds(pkg.scripts ?? {}), { cwd: repoRoot, log });
  }

  const stack = await startLocalStack({
    repoRoot,
    ports,
    webRoot: join(repoRoot, 'apps/task-web/dist'),
    log,
    print: output.out,
  });
  running.stack = stack;
  output.out(readyBanner(stack.urls));

  const outcome = await Promise.race([
    signalled.then((signal) => ({ reason: signal, code: 0 })),
    // `npm start | head`: the reader is gone; stop as on SIGTERM, so spans are still flushed.
    output.broken.then((why) => ({ reason: why, code: 0 })),
    stack.failure.then((error) => {
      output.err(`[local-stack] ${error.message}`);
      return { reason: 'a part of the stack failed', code: 1 };
    }),
  ]);
  await stop(outcome.reason);
  return outcome.code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    output.err(
      `[local-stack] could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
