/**
 * Go's `textproto.Reader.ReadLine` over a string: lines without their `\n` / `\r\n`, and no
 * extra empty line after a trailing newline. `next()` returns undefined at the end.
 */
export class LineReader {
  private readonly lines: string[];
  private index = 0;

  constructor(text: string) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.lines = lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  next(): string | undefined {
    const line = this.lines[this.index];
    if (line !== undefined) this.index++;
    return line;
  }
}

/** Go's `strconv.Atoi` result when the error is ignored: 0 unless the whole string is an int. */
export function atoi(text: string): number {
  return /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : 0;
}
