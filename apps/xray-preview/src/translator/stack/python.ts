/**
 * Python tracebacks (`cause.go: fillPythonStacktrace`), read bottom-up: `  File "x.py", line 3,
 * in fn` frames, and "During handling of the above exception…" chains.
 */
import type { XRayException } from '../types.js';
import { atoi } from './line-reader.js';

const FILE_PREFIX = '  File ';
const DURING_HANDLING = 'During handling of the above exception, another exception occurred:';

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
      const parts = line.split(',');
      if (parts.length === 3) {
        const filePart = parts[0] ?? '';
        const path = filePart.slice(8, filePart.length - 1);
        const lineNumber = parts[1]?.startsWith(' line ') ? atoi(parts[1].slice(6)) : 0;
        const label = parts[2]?.startsWith(' in ') ? parts[2].slice(4) : '';
        (current.stack ??= []).push({ path, line: lineNumber, label });
      }
    } else if (line.startsWith(DURING_HANDLING)) {
      let fileIndex = index - 1;
      while (fileIndex >= 0 && !(lines[fileIndex] ?? '').startsWith(FILE_PREFIX)) fileIndex--;
      if (fileIndex < 0) return;
      // The message starts two lines after that frame and ends two lines above this one.
      const message = lines.slice(fileIndex + 2, index - 1).join('\n');
      index = fileIndex;
      const colon = message.indexOf(':');
      if (colon < 0) return;
      const next: XRayException = {
        id: newId(),
        message: message.slice(colon + 2),
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
