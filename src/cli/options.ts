/**
 * Turns a command line into typed values, from the command's option definitions (node:util
 * parseArgs for the syntax, then defaults and conversion per kind). Every mistake is one
 * CliError line with exit code 2.
 */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  GLOBAL_OPTIONS,
  KUBE_OPTIONS,
  type Command,
  type OptionDef,
  type OptionDefs,
  type OptionValues,
} from './command.js';
import { CliError, EXIT } from './errors.js';

/** `90s`, `5m`, `1h`, `1500ms`, or a bare number of seconds; in milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m)
    throw new CliError(
      `${flag} ${JSON.stringify(text)} is not a duration; use e.g. 90s, 5m or 1h`,
      EXIT.usage,
    );
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** An absolute http(s) URL, without a trailing slash. */
export function parseUrl(flag: string, text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CliError(
      `${flag} ${JSON.stringify(text)} is not an http(s) URL; use e.g. https://api.example.com or http://127.0.0.1:8080`,
      EXIT.usage,
    );
  }
  return text.replace(/\/+$/, '');
}

function convert(name: string, def: OptionDef, raw: string, cwd: string): string | number {
  const flag = `--${name}`;
  switch (def.kind) {
    case 'duration':
      return parseDuration(flag, raw);
    case 'url':
      return parseUrl(flag, raw);
    case 'path':
      return resolve(cwd, raw);
    default:
      return raw;
  }
}

/** Every option a command accepts: its own, the kubeconfig ones if it talks to a cluster, the global ones. */
export function allOptions(command: Command): OptionDefs {
  return {
    ...command.options,
    ...(command.usesKube ? KUBE_OPTIONS : {}),
    ...GLOBAL_OPTIONS,
  };
}

export interface ParsedCommandLine<O extends OptionDefs> {
  readonly values: OptionValues<O>;
  readonly positionals: readonly string[];
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  readonly verbose: boolean;
  readonly help: boolean;
}

export function parseCommandLine<O extends OptionDefs>(
  command: Command<O>,
  args: readonly string[],
  cwd: string,
): ParsedCommandLine<O> {
  const defs = allOptions(command as unknown as Command);
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, def] of Object.entries(defs)) {
    config[name] = {
      type: def.kind === 'flag' ? 'boolean' : 'string',
      ...(def.short ? { short: def.short } : {}),
    };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}; see --help`, EXIT.usage);
  }
  const help = parsed.values.help === true;
  if (!help && parsed.positionals.length > command.positionals.length) {
    throw new CliError(
      `unexpected argument ${JSON.stringify(parsed.positionals[command.positionals.length])}; see --help`,
      EXIT.usage,
    );
  }
  const values: Record<string, string | number | boolean | undefined> = {};
  for (const [name, def] of Object.entries(command.options)) {
    const given = parsed.values[name];
    if (def.kind === 'flag') values[name] = given === true;
    else if (help) values[name] = undefined;
    else {
      const raw = typeof given === 'string' ? given : def.default;
      values[name] = raw === undefined ? undefined : convert(name, def, raw, cwd);
    }
  }
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    values: values as OptionValues<O>,
    positionals: parsed.positionals,
    kubeconfig: text(parsed.values.kubeconfig),
    context: text(parsed.values.context),
    verbose: parsed.values.verbose === true,
    help,
  };
}
