import { fillDotnetStacktrace } from './dotnet.js';
import { fillGoStacktrace } from './go.js';
import { fillJavaStacktrace } from './java.js';
import { fillJavaScriptStacktrace } from './javascript.js';
import { fillPythonStacktrace } from './python.js';
import type { StackParser } from './types.js';

/** Stack parser per resource `telemetry.sdk.language`; other languages get no `stack`. */
export function stackParserFor(language: string): StackParser | undefined {
  switch (language) {
    case 'java':
    case 'php':
      return fillJavaStacktrace;
    case 'python':
      return fillPythonStacktrace;
    case 'javascript':
    case 'nodejs':
    case 'webjs':
      return fillJavaScriptStacktrace;
    case 'dotnet':
      return fillDotnetStacktrace;
    case 'go':
      return fillGoStacktrace;
    default:
      return undefined;
  }
}
