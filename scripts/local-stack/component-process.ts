// Starts a component of the local stack (the preview, dynalite) in its own process, from its
// TypeScript entry through tsx, and waits for the ready line it prints once it listens. In its
// own process, a component that exhausts its heap (a flood of spans) ends alone, and the
// supervisor can report it and carry on.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describeExit, startChild } from '../../testkit/process/child.js';
import type { Child, ChildExit } from '../../testkit/process/child.js';
import { COMPONENT_CONFIG_ENV, READY_LINE_PREFIX } from './component-host.js';

export interface ComponentProcessOptions<Config> {
  /** Output prefix and name in messages, e.g. `xray-preview`. */
  readonly name: string;
  /** Absolute path of the entry module (it calls runComponent). */
  readonly entry: string;
  readonly config: Config;
  /** Node flags before the entry, e.g. `--max-old-space-size=64`. @default none */
  readonly execArgv?: readonly string[];
  /** Each output line except the ready line. */
  readonly onLine: (line: string) => void;
  /** How long the process may take to print its ready line. @default 60000 */
  readonly readyTimeoutMs?: number;
}

export interface ComponentProcess<Ready> {
  readonly child: Child;
  readonly ready: Ready;
}

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export async function startComponentProcess<Config, Ready>(
  options: ComponentProcessOptions<Config>,
): Promise<ComponentProcess<Ready>> {
  const child = startChild({
    name: options.name,
    command: process.execPath,
    args: [
      ...(options.execArgv ?? []),
      '--enable-source-maps',
      '--import',
      TSX_LOADER,
      options.entry,
    ],
    env: { ...process.env, [COMPONENT_CONFIG_ENV]: JSON.stringify(options.config) },
    onLine: (line) => {
      if (!line.startsWith(READY_LINE_PREFIX)) options.onLine(line);
    },
  });
  try {
    const line = await child.waitForLine((l) => l.startsWith(READY_LINE_PREFIX), {
      what: `its ready line (${READY_LINE_PREFIX}…})`,
      timeoutMs: options.readyTimeoutMs ?? 60_000,
    });
    return { child, ready: (JSON.parse(line) as { ready: Ready }).ready };
  } catch (error) {
    await child.stop(5_000);
    throw error;
  }
}

/**
 * How a component process ended: a first line saying how (with a hint when V8 ran out of heap),
 * then its last output.
 */
export function describeEnd(name: string, exit: ChildExit, tail: readonly string[]): string {
  const outOfHeap = tail.some((line) => /heap out of memory|Reached heap limit/i.test(line));
  const last = tail.slice(-12).map((line) => `  ${line}`);
  return (
    `${name} ${describeExit(exit)}${outOfHeap ? ' after it ran out of heap' : ''}.\n` +
    `Its last output:\n${last.length === 0 ? '  (none)' : last.join('\n')}`
  );
}
