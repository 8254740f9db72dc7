/**
 * Sampling rules as the preview reads them: a JSON object `{ "SamplingRules": [ … ] }` whose
 * items use the field names and bounds of X-Ray's `SamplingRule` (what `aws xray
 * create-sampling-rule` takes). Omitted match fields default to `*`. X-Ray always has a rule
 * named `Default` (priority 10000, matches everything, 1 request/s then 5 %); a file may change
 * its FixedRate and ReservoirSize, as X-Ray lets you, but not remove it.
 */
import { z } from 'zod';
import type { SamplingRule } from '../contract.js';

/** Where rule ARNs point; the preview has no account or region of its own. */
const ARN_PREFIX = 'arn:aws:xray:local:000000000000:sampling-rule/';
const DEFAULT_RULE_NAME = 'Default';

export const DEFAULT_RULE: SamplingRule = {
  RuleName: DEFAULT_RULE_NAME,
  RuleARN: `${ARN_PREFIX}${DEFAULT_RULE_NAME}`,
  ResourceARN: '*',
  Priority: 10_000,
  FixedRate: 0.05,
  ReservoirSize: 1,
  ServiceName: '*',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  Version: 1,
  Attributes: {},
};

const text = (max: number) => z.string().min(1).max(max);

const ruleSchema = z
  .object({
    RuleName: text(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
    Priority: z.number().int().min(1).max(9999).optional(),
    FixedRate: z.number().min(0).max(1),
    ReservoirSize: z.number().int().min(0),
    ServiceName: text(64).default('*'),
    ServiceType: text(64).default('*'),
    Host: text(64).default('*'),
    HTTPMethod: text(10).default('*'),
    URLPath: text(128).default('*'),
    ResourceARN: text(500).default('*'),
    Version: z.literal(1).default(1),
    Attributes: z.record(text(32), text(32)).default({}),
  })
  .strict();

const fileSchema = z
  .object({ SamplingRules: z.array(ruleSchema).max(25, 'X-Ray allows at most 25 rules') })
  .strict();

export class SamplingRulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SamplingRulesError';
  }
}

/** Parses rules JSON; errors name the source, the field path, the value and what is allowed. */
export function parseSamplingRules(json: string, source: string): SamplingRule[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new SamplingRulesError(
      `${source}: not JSON (${(error as Error).message.slice(0, 120)}); ` +
        'write {"SamplingRules": [{"RuleName": "…", "FixedRate": 0.1, "ReservoirSize": 1, …}]}',
    );
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
      return `${path.join('').replace(/^\./, '') || '(top level)'}: ${issue.message}`;
    });
    throw new SamplingRulesError(`${source}: ${problems.join('; ')}`);
  }
  const names = new Set<string>();
  const rules: SamplingRule[] = [];
  let defaultRule = DEFAULT_RULE;
  for (const rule of result.data.SamplingRules) {
    if (names.has(rule.RuleName)) {
      throw new SamplingRulesError(`${source}: RuleName "${rule.RuleName}" is used twice`);
    }
    names.add(rule.RuleName);
    if (rule.RuleName === DEFAULT_RULE_NAME) {
      defaultRule = {
        ...DEFAULT_RULE,
        FixedRate: rule.FixedRate,
        ReservoirSize: rule.ReservoirSize,
      };
      continue;
    }
    if (rule.Priority === undefined) {
      throw new SamplingRulesError(
        `${source}: rule "${rule.RuleName}" needs a Priority from 1 (first) to 9999`,
      );
    }
    rules.push({ ...rule, Priority: rule.Priority, RuleARN: `${ARN_PREFIX}${rule.RuleName}` });
  }
  rules.sort((a, b) => a.Priority - b.Priority || (a.RuleName < b.RuleName ? -1 : 1));
  return [...rules, defaultRule];
}
