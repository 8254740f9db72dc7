/**
 * Go's `textproto.Reader.ReadLine` over a string: each line without its `\n` or `\r\n` (a lone
 * `\r` at the very end stays), and no extra empty line after a trailing newline. `next()`
 * answers undefined at the end, and keeps doing so.
 */
export class LineReader {
  private readonly lines: string[];
  private index = 0;

  constructor(text: string) {
    const pieces = text.split('\n');
    const last = pieces.pop() ?? '';
    this.lines = pieces.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (last !== '') this.lines.push(last);
  }

  next(): string | undefined {
    const line = this.lines[this.index];
    if (line !== undefined) this.index++;
    return line;
  }
}
