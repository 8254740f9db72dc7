/**
 * .NET stack traces (`cause.go: fillDotnetStacktrace`): `at Ns.Type.Method() in File.cs:line 12`,
 * or `at Ns.Type.Method()` without a file. A frame `at in …` or one ending in `:line` makes Go
 * slice out of range and panic; they throw ExporterPanic here.
 */
import { atoi, trimSpace } from '../go-strings.js';
import { ExporterPanic } from '../signals.js';
import type { StackFrame, XRayException } from '../types.js';
import { LineReader } from './line-reader.js';

function frameWithFile(line: string): StackFrame {
  const parts = line.split(' in ');
  const head = parts[0] ?? '';
  if (head.length < 'at '.length) {
    throw new ExporterPanic('dotnet-stack-trace', `frame "${line}" has no method before " in "`);
  }
  let path = parts[1] ?? '';
  let lineNumber: StackFrame['line'] = 0;
  const colon = path.lastIndexOf(':');
  if (colon >= 0) {
    let lineText = path.slice(colon + 1);
    if (lineText.startsWith('line')) {
      if (lineText.length < 5) {
        throw new ExporterPanic(
          'dotnet-stack-trace',
          `frame "${line}" ends in ":line" with no number`,
        );
      }
      lineText = lineText.slice(5);
    }
    path = path.slice(0, colon);
    lineNumber = atoi(lineText);
  }
  return { path, line: lineNumber, label: head.slice(3) };
}

export function fillDotnetStacktrace(stacktrace: string, exceptions: XRayException[]): void {
  const reader = new LineReader(stacktrace);
  const exception = exceptions[0];
  if (exception === undefined || reader.next() === undefined) return;
  let raw = reader.next();
  if (raw === undefined) return;
  delete exception.stack;
  for (; raw !== undefined; raw = reader.next()) {
    const line = trimSpace(raw);
    if (!line.startsWith('at ')) continue;
    if (line.includes(' in ')) {
      (exception.stack ??= []).push(frameWithFile(line));
      continue;
    }
    const close = line.lastIndexOf(')');
    if (close >= 0) {
      (exception.stack ??= []).push({ path: '', line: 0, label: line.slice(3, close + 1) });
    }
  }
}
