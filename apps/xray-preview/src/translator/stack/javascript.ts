/**
 * V8 stack traces (`cause.go: fillJavaScriptStacktrace`): `    at label (path:line:column)` or
 * `    at path:line:column`. Used only for `telemetry.sdk.language = javascript`.
 */
import { atoi } from '../go-strings.js';
import type { StackFrame, XRayException } from '../types.js';
import { LineReader } from './line-reader.js';

const FRAME_PREFIX = '    at ';

export function fillJavaScriptStacktrace(stacktrace: string, exceptions: XRayException[]): void {
  const reader = new LineReader(stacktrace);
  const exception = exceptions[0];
  if (exception === undefined || reader.next() === undefined) return;
  let line = reader.next();
  if (line === undefined) return;
  delete exception.stack;
  for (; line !== undefined; line = reader.next()) {
    if (!line.startsWith(FRAME_PREFIX)) continue;
    const paren = line.indexOf('(');
    let label = '';
    let path = '';
    let lineNumber: StackFrame['line'] = 0;
    if (paren >= 0 && line.endsWith(')')) {
      label = line.slice(FRAME_PREFIX.length, paren);
      path = line.slice(paren + 1, -1);
    } else if (paren < 0) {
      path = line.slice(FRAME_PREFIX.length);
    }
    const first = path.indexOf(':');
    const second = first >= 0 ? path.indexOf(':', first + 1) : -1;
    if (first >= 0 && second >= 0) {
      lineNumber = atoi(path.slice(first + 1, second));
      path = path.slice(0, first);
    } else if (first < 0 && path.includes('native')) {
      path = 'native';
    }
    if (path !== '' || label !== '' || lineNumber !== 0) {
      (exception.stack ??= []).push({ path, line: lineNumber, label });
    }
  }
}
