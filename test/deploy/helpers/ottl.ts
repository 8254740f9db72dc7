/**
 * Evaluates the small OTTL subset the web collector's filter uses, to test what the filter keeps
 * rather than only how its strings read: clauses `<ctx>.attributes["key"] != <"string"|nil>`
 * joined by `and`. As in OTTL, a missing attribute reads as nil, and nil differs from any string.
 * Anything outside the subset throws, so a condition this cannot read fails the test.
 */
import type { FilterProcessorConfig } from '../../../src/constructs/index.js';

type Attributes = Readonly<Record<string, string>>;
export interface SpanInput {
  readonly resource: Attributes;
  readonly span: Attributes;
}

const CLAUSE = /^(resource|span)\.attributes\[("(?:[^"\\]|\\.)*")\] != (nil|"(?:[^"\\]|\\.)*")$/;

function holds(context: string, condition: string, input: SpanInput): boolean {
  return condition.split(' and ').every((clause) => {
    const match = CLAUSE.exec(clause.trim());
    if (!match?.[1] || !match[2] || !match[3])
      throw new Error(`not in the tested OTTL subset: ${clause}`);
    // A resource-context condition cannot read span fields.
    if (context === 'resource' && match[1] !== 'resource')
      throw new Error(`span path in resource context: ${clause}`);
    const actual = input[match[1] as 'resource' | 'span'][JSON.parse(match[2]) as string];
    const expected = match[3] === 'nil' ? undefined : (JSON.parse(match[3]) as string);
    return actual !== expected;
  });
}

/** True when the filter processor would drop the span (any condition of any group holds). */
export function filterDrops(config: FilterProcessorConfig, input: SpanInput): boolean {
  return config.trace_conditions.some((group) =>
    group.conditions.some((c) => holds(group.context, c, input)),
  );
}
