// Collects output lines and lets a test wait for one: readiness by event, with a deadline whose
// error says what was awaited and what was seen.

export class LineLog {
  readonly lines: string[] = [];
  readonly #waiters = new Set<(line: string) => void>();

  /** Records a line (pass as a log/print/onLine callback). */
  readonly push = (line: string): void => {
    this.lines.push(line);
    for (const waiter of this.#waiters) waiter(line);
  };

  /** Resolves with the first line (already seen, or still to come) containing `text`. */
  waitFor(text: string, what: string, timeoutMs: number): Promise<string> {
    const seen = this.lines.find((line) => line.includes(text));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (line: string): void => {
        if (!line.includes(text)) return;
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(
            `${what}: no line containing ${JSON.stringify(text)} within ${timeoutMs} ms. ` +
              `Last lines:\n${this.lines
                .slice(-15)
                .map((l) => `  ${l}`)
                .join('\n')}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}
