import { fillDotnetStacktrace } from './dotnet.js';
import { fillGoStacktrace } from './go.js';
import { fillJavaStacktrace } from './java.js';
import { fillJavaScriptStacktrace } from './javascript.js';
import { fillPythonStacktrace } from './python.js';
import type { StackParser } from './types.js';

/**
 * `cause.go: parseException`: the parser for the resource's `telemetry.sdk.language`. Only these
 * six values have one; OTel JS reports `nodejs` (and `webjs` in browsers), which is not
 * `javascript`, so Node services get no `stack` in X-Ray.
 */
export function stackParserFor(language: string): StackParser | undefined {
  switch (language) {
    case 'java':
    case 'php':
      return fillJavaStacktrace;
    case 'python':
      return fillPythonStacktrace;
    case 'javascript':
      return fillJavaScriptStacktrace;
    case 'dotnet':
      return fillDotnetStacktrace;
    case 'go':
      return fillGoStacktrace;
    default:
      return undefined;
  }
}
