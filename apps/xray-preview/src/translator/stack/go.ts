/**
 * Go panics / `debug.Stack()` output (`cause.go: fillGoStacktrace`): function lines followed by
 * `\t/path/file.go:12 +0x1d` lines; a `goroutine N [running]:` header is skipped. Go's regexp
 * `\s` is ASCII whitespace only and its `.` stops only at `\n`; the patterns below say so.
 */
import { atoi } from '../go-strings.js';
import type { StackFrame, XRayException } from '../types.js';
import { LineReader } from './line-reader.js';

const PATH_AND_LINE = /([^:\t\n\f\r ]+):(\d+)/;
const GOROUTINE_HEADER = /^goroutine[^\n]*\brunning\b[^\n]*:$/;

export function fillGoStacktrace(stacktrace: string, exceptions: XRayException[]): void {
  const reader = new LineReader(stacktrace);
  const exception = exceptions[0];
  if (exception === undefined || reader.next() === undefined) return;
  let line = reader.next();
  if (line === undefined) return;
  delete exception.stack;
  // As in Go, path and line carry over from the previous frame when a location line has none.
  let path = '';
  let lineNumber: StackFrame['line'] = 0;
  while (line !== undefined) {
    if (GOROUTINE_HEADER.test(line)) line = reader.next() ?? '';
    const label = line;
    const match = PATH_AND_LINE.exec(reader.next() ?? '');
    if (match !== null) {
      path = match[1] ?? '';
      lineNumber = atoi(match[2] ?? '');
    }
    (exception.stack ??= []).push({ path, line: lineNumber, label });
    line = reader.next();
  }
}
