// The supervisor's terminal output. When its reader goes away (`npm start | head` after ten
// lines, a closed terminal), writing fails with EPIPE; unhandled, that error ended the supervisor
// at once and its children were SIGKILLed without flushing their spans. Here a broken stream is
// dropped and reported, and main.ts stops the stack as it does on SIGTERM.
import type { Writable } from 'node:stream';

export interface Output {
  /** Writes one line to stdout; nothing once stdout is broken. */
  out(line: string): void;
  /** Writes one line to stderr; nothing once stderr is broken. */
  err(line: string): void;
  /** Settles with a sentence once stdout or stderr has broken (the reader went away). */
  readonly broken: Promise<string>;
}

export function streamOutput(
  stdout: Writable = process.stdout,
  stderr: Writable = process.stderr,
): Output {
  let report: (why: string) => void = () => {};
  const broken = new Promise<string>((resolve) => {
    report = resolve;
  });
  const writer = (stream: Writable, name: string): ((line: string) => void) => {
    let open = true;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!open) return;
      open = false;
      report(`${name} is closed (${error.code ?? error.message})`);
    });
    return (line) => {
      if (open && !stream.destroyed) stream.write(`${line}\n`);
    };
  };
  return { out: writer(stdout, 'stdout'), err: writer(stderr, 'stderr'), broken };
}
