/**
 * .NET stack traces (`cause.go: fillDotnetStacktrace`): `at Ns.Type.Method() in File.cs:line 12`,
 * or `at Ns.Type.Method()` without a file.
 */
import type { XRayException } from '../types.js';
import { atoi, LineReader } from './line-reader.js';

export function fillDotnetStacktrace(stacktrace: string, exceptions: XRayException[]): void {
  const reader = new LineReader(stacktrace);
  const exception = exceptions[0];
  if (exception === undefined || reader.next() === undefined) return;
  let raw = reader.next();
  if (raw === undefined) return;
  delete exception.stack;
  for (; raw !== undefined; raw = reader.next()) {
    const line = raw.trim();
    if (!line.startsWith('at ')) continue;
    if (line.includes(' in ')) {
      const parts = line.split(' in ');
      const label = (parts[0] ?? '').slice(3);
      let path = parts[1] ?? '';
      let lineNumber = 0;
      const colon = path.lastIndexOf(':');
      if (colon >= 0) {
        let lineText = path.slice(colon + 1);
        if (lineText.startsWith('line')) lineText = lineText.slice(5);
        path = path.slice(0, colon);
        lineNumber = atoi(lineText);
      }
      (exception.stack ??= []).push({ path, line: lineNumber, label });
    } else {
      const close = line.lastIndexOf(')');
      if (close >= 0) {
        (exception.stack ??= []).push({ path: '', line: 0, label: line.slice(3, close + 1) });
      }
    }
  }
}
