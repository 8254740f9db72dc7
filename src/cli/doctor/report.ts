/** Doctor output: an aligned table (fix lines under non-passing rows) or JSON. */
import type { CheckResult } from './types.js';

export interface Summary {
  readonly pass: number;
  readonly warn: number;
  readonly fail: number;
}

export function summarize(checks: readonly CheckResult[]): Summary {
  return {
    pass: checks.filter((c) => c.status === 'pass').length,
    warn: checks.filter((c) => c.status === 'warn').length,
    fail: checks.filter((c) => c.status === 'fail').length,
  };
}

const LABEL = { pass: 'pass', warn: 'WARN', fail: 'FAIL' } as const;

export function renderTable(checks: readonly CheckResult[], header: string): string {
  const width = Math.max(5, ...checks.map((c) => c.title.length));
  const lines = [header, '', `STATUS  ${'CHECK'.padEnd(width)}  DETAIL`];
  for (const c of checks) {
    lines.push(`${LABEL[c.status].padEnd(6)}  ${c.title.padEnd(width)}  ${c.detail}`);
    for (const line of c.lines ?? []) lines.push(`${' '.repeat(8 + width + 2)}${line}`);
    if (c.fix && c.status !== 'pass') lines.push(`${' '.repeat(8 + width + 2)}fix: ${c.fix}`);
  }
  const s = summarize(checks);
  lines.push('', `${s.pass} passed, ${s.warn} warning${s.warn === 1 ? '' : 's'}, ${s.fail} failed`);
  return `${lines.join('\n')}\n`;
}

export function renderJson(
  checks: readonly CheckResult[],
  context: Record<string, string>,
): string {
  // The table's extra lines repeat what `pods` says in full.
  const plain = checks.map(({ lines: _lines, ...rest }) => rest);
  return `${JSON.stringify({ ...context, summary: summarize(checks), checks: plain }, null, 2)}\n`;
}
