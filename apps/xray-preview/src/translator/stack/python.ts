/**
 * Python tracebacks (`cause.go: fillPythonStacktrace`), read bottom-up: `  File "x.py", line 3,
 * in fn` frames and "During handling of the above exception…" chains. Three malformed shapes
 * make Go slice out of range and panic; they throw ExporterPanic here.
 */
import { atoi, byteLength, sliceBytes } from '../go-strings.js';
import { ExporterPanic } from '../signals.js';
import type { StackFrame, XRayException } from '../types.js';

const FILE_PREFIX = '  File ';
const DURING_HANDLING = 'During handling of the above exception, another exception occurred:';

/** `  File "x.py", line 3, in fn` → a frame; undefined unless there are exactly three parts. */
function parseFrame(line: string): StackFrame | undefined {
  const parts = line.split(',');
  if (parts.length !== 3) return undefined;
  const [filePart = '', linePart = '', labelPart = ''] = parts;
  // Go takes bytes 8 … len-1 (inside the quotes); a file part under 9 bytes has no such range.
  if (byteLength(filePart) < 9) {
    throw new ExporterPanic('python-stack-trace', `frame "${line}" has no file name in quotes`);
  }
  return {
    path: sliceBytes(filePart, 8, byteLength(filePart) - 1),
    line: linePart.startsWith(' line ') ? atoi(linePart.slice(6)) : 0,
    label: labelPart.startsWith(' in ') ? labelPart.slice(4) : '',
  };
}

export function fillPythonStacktrace(
  stacktrace: string,
  exceptions: XRayException[],
  newId: () => string,
): void {
  const lines = stacktrace.split('\n');
  // The last line holds the top-level exception and message.
  let index = lines.length - 2;
  let current = exceptions[0];
  if (index < 0 || current === undefined) return;
  const remote = current.remote;
  delete current.stack;
  let line = lines[index] ?? '';
  for (;;) {
    if (line.startsWith(FILE_PREFIX)) {
      const frame = parseFrame(line);
      if (frame !== undefined) (current.stack ??= []).push(frame);
    } else if (line.startsWith(DURING_HANDLING)) {
      let fileIndex = index - 1;
      while (fileIndex >= 0 && !(lines[fileIndex] ?? '').startsWith(FILE_PREFIX)) fileIndex--;
      if (fileIndex < 0) return;
      // The chained message starts two lines below that frame and ends two lines above this one.
      if (fileIndex + 2 > index - 1) {
        throw new ExporterPanic(
          'python-stack-trace',
          `"During handling…" at line ${index + 1} comes right after the frame at line ${fileIndex + 1}`,
        );
      }
      const message = lines.slice(fileIndex + 2, index - 1).join('\n');
      index = fileIndex;
      const colon = message.indexOf(':');
      if (colon < 0) return;
      if (colon === message.length - 1) {
        throw new ExporterPanic(
          'python-stack-trace',
          `chained message "${message}" ends in its colon`,
        );
      }
      const next: XRayException = {
        id: newId(),
        message: sliceBytes(message, byteLength(message.slice(0, colon)) + 2),
        type: message.slice(0, colon),
      };
      if (remote !== undefined) next.remote = remote;
      current.cause = next.id;
      exceptions.push(next);
      current = next;
      line = lines[index] ?? '';
      continue;
    }
    index--;
    if (index < 0) break;
    line = lines[index] ?? '';
  }
}
