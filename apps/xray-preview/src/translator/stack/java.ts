/**
 * Java and PHP stack traces (`cause.go: fillJavaStacktrace`): `\tat pkg.Class.method(File.java:12)`
 * frames and `Caused by: Type: message` chains. A `Caused by:` line whose only colon is its last
 * character makes Go slice past the end and panic.
 */
import { ExporterPanic } from '../signals.js';
import type { StackFrame, XRayException } from '../types.js';
import { atoi, byteLength, sliceBytes } from '../go-strings.js';
import { LineReader } from './line-reader.js';

const FRAME_PREFIX = '\tat ';
const CAUSED_BY = 'Caused by: ';

function isFrame(line: string): boolean {
  return line.startsWith(FRAME_PREFIX) && line.includes('(') && line.endsWith(')');
}

function parseFrame(line: string): StackFrame {
  const paren = line.indexOf('(');
  let label = line.slice(FRAME_PREFIX.length, paren);
  const slash = label.indexOf('/');
  // A class-loader or Java-module prefix ("app//", "java.base/") is not part of the method.
  if (slash >= 0) label = label.slice(slash + 1);
  let path = line.slice(paren + 1, -1);
  let lineNumber: StackFrame['line'] = 0;
  const colon = path.indexOf(':');
  if (colon >= 0) {
    lineNumber = atoi(path.slice(colon + 1));
    path = path.slice(0, colon);
  }
  return { path, line: lineNumber, label };
}

/** "Caused by: Type: message" → [type, message]; the message starts two bytes after the colon. */
function causeHead(line: string): [string, string] {
  const rest = line.slice(CAUSED_BY.length);
  const colon = rest.indexOf(':');
  if (colon < 0) return [rest, ''];
  if (colon === rest.length - 1) {
    throw new ExporterPanic('java-stack-trace', `"${line}" ends in its colon`);
  }
  // Go skips two bytes after the colon, whatever they are.
  return [rest.slice(0, colon), sliceBytes(rest, byteLength(rest.slice(0, colon)) + 2)];
}

export function fillJavaStacktrace(
  stacktrace: string,
  exceptions: XRayException[],
  newId: () => string,
): void {
  const reader = new LineReader(stacktrace);
  let current = exceptions[0];
  if (current === undefined || reader.next() === undefined) return;
  let line = reader.next();
  if (line === undefined) return;
  const remote = current.remote;
  delete current.stack;
  while (line !== undefined) {
    if (line.startsWith(FRAME_PREFIX)) {
      if (isFrame(line)) (current.stack ??= []).push(parseFrame(line));
    } else if (line.startsWith(CAUSED_BY)) {
      const [type, first] = causeHead(line);
      let message = first;
      // The message may go on over several lines: they are joined up to the next frame.
      for (line = reader.next(); line !== undefined && !isFrame(line); line = reader.next()) {
        message += line;
      }
      const next: XRayException = { id: newId(), message, type };
      if (remote !== undefined) next.remote = remote;
      current.cause = next.id;
      exceptions.push(next);
      current = next;
      continue;
    }
    // "... N more" and "Suppressed:" blocks are skipped.
    line = reader.next();
  }
}
