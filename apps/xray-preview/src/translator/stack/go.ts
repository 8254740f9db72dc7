/**
 * Go panics / `debug.Stack()` output (`cause.go: fillGoStacktrace`): function lines followed by
 * `\t/path/file.go:12 +0x1d` lines; a `goroutine N [running]:` header is skipped.
 */
import type { XRayException } from '../types.js';
import { atoi, LineReader } from './line-reader.js';

const PATH_AND_LINE = /([^:\s]+):(\d+)/;
const GOROUTINE_HEADER = /^goroutine.*\brunning\b.*:$/;

export function fillGoStacktrace(stacktrace: string, exceptions: XRayException[]): void {
  const reader = new LineReader(stacktrace);
  const exception = exceptions[0];
  if (exception === undefined || reader.next() === undefined) return;
  let line = reader.next();
  if (line === undefined) return;
  delete exception.stack;
  // Like the Go code, path and line carry over from the previous frame when a line has none.
  let path = '';
  let lineNumber = 0;
  while (line !== undefined) {
    if (GOROUTINE_HEADER.test(line)) line = reader.next() ?? '';
    const label = line;
    const location = reader.next() ?? '';
    const match = PATH_AND_LINE.exec(location);
    if (match !== null) {
      path = match[1] ?? '';
      lineNumber = atoi(match[2] ?? '');
    }
    (exception.stack ??= []).push({ path, line: lineNumber, label });
    line = reader.next();
  }
}
