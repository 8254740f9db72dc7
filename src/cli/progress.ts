/**
 * Progress while waiting for rollouts. On a terminal: one live line, redrawn in place.
 * Elsewhere (CI logs, pipes): a plain line each time a target's state changes, nothing else.
 */
import type { Output } from './io.js';

export interface ProgressItem {
  /** e.g. `deployment prod/task-service` */
  readonly label: string;
  readonly done: boolean;
  readonly failed: boolean;
  readonly message: string;
}

const SPINNER = ['|', '/', '-', '\\'];

export class Progress {
  private readonly started: number;
  private readonly last = new Map<string, string>();
  private items: readonly ProgressItem[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private frame = 0;

  /**
   * @param doneWord what a done item is, on the live line ("2/3 ready" for rollouts, "2/3 found"
   *   for verify's hops)
   */
  constructor(
    private readonly out: Output,
    private readonly now: () => number = Date.now,
    private readonly doneWord = 'ready',
  ) {
    this.started = now();
    if (out.isTTY) {
      // Keeps the elapsed time moving while nothing changes; unref so it never holds the process.
      this.ticker = setInterval(() => this.draw(), 250);
      this.ticker.unref();
    }
  }

  private elapsed(): string {
    return `${Math.round((this.now() - this.started) / 1000)}s`;
  }

  /** Sets the items without printing (the live line still shows them). */
  track(items: readonly ProgressItem[]): void {
    this.items = items;
    for (const item of items) this.last.set(item.label, item.message);
  }

  update(items: readonly ProgressItem[]): void {
    this.items = items;
    if (this.out.isTTY) return this.draw();
    for (const item of items) {
      if (this.last.get(item.label) === item.message) continue;
      this.last.set(item.label, item.message);
      this.out.write(`[${this.elapsed().padStart(4)}] ${item.label}: ${item.message}\n`);
    }
  }

  private draw(): void {
    const ready = this.items.filter((i) => i.done && !i.failed).length;
    const pending = this.items.find((i) => !i.done);
    const detail = pending ? ` · ${pending.label}: ${pending.message}` : '';
    const spin = SPINNER[this.frame++ % SPINNER.length];
    const line = `${spin} waiting ${ready}/${this.items.length} ${this.doneWord} (${this.elapsed()})${detail}`;
    this.out.write(`\r\x1b[2K${line.slice(0, (this.out.columns ?? 160) - 1)}`);
  }

  /** Stops the live line and prints one final line per item. */
  finish(items: readonly ProgressItem[]): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
    for (const item of items) {
      const mark = item.done && !item.failed ? 'ok  ' : 'FAIL';
      this.out.write(`${mark} ${item.label}: ${item.message}\n`);
    }
  }
}
