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

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}

/**
 * Why parseArgs refused `args`, in tracectl's words: which option, what is wrong with it and
 * how to write it (node's own messages talk about positionals and ambiguity). Undefined when
 * the walk finds nothing, and node's first line is used.
 */
export function usageMistake(command: Command, args: readonly string[]): string | undefined {
  const defs = allOptions(command);
  const byShort = new Map(
    Object.entries(defs).flatMap(([name, def]) => (def.short ? [[def.short, name] as const] : [])),
  );
  const see = `see tracectl ${command.name} --help`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return undefined;
    if (!arg.startsWith('-') || arg === '-') continue;
    const long = arg.startsWith('--');
    const [key, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const name = long ? key.slice(2) : byShort.get(key.slice(1));
    const def = name === undefined ? undefined : defs[name];
    if (name === undefined || def === undefined) {
      const near = Object.keys(defs)
        .map((n) => [n, distance(long ? key.slice(2) : key.slice(1), n)] as const)
        .filter(([, d]) => d <= 2)
        .sort((a, b) => a[1] - b[1])[0]?.[0];
      const hint = near ? `did you mean --${near}? ` : '';
      return `tracectl ${command.name} has no option ${key}; ${hint}${see}`;
    }
    const label = `--${name}`;
    if (def.kind === 'flag') {
      if (inline !== undefined) return `${label} is a switch and takes no value; ${see}`;
      continue;
    }
    if (inline !== undefined) continue;
    const value = args[i + 1];
    const wanted = `${label} <${def.placeholder ?? def.kind}>`;
    if (value === undefined) return `${label} needs a value: ${wanted}; ${see}`;
    if (value.startsWith('-'))
      return `${label} needs a value, and ${JSON.stringify(value)} reads as an option; write ${label}=${value} if that is the value, else ${wanted}`;
    i++;
  }
  return undefined;
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
    const mistake = usageMistake(command as unknown as Command, args);
    throw new CliError(
      mistake ?? `${(err as Error).message.split('\n')[0]}; see tracectl ${command.name} --help`,
      EXIT.usage,
    );
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
  // Relative to the working directory, like every other path tracectl takes.
  const kubeconfig = text(parsed.values.kubeconfig);
  // Arguments left out take their defaults, in order, as help shows them.
  const positionals = [...parsed.positionals];
  for (const p of command.positionals.slice(positionals.length)) {
    if (p.default === undefined) break;
    positionals.push(p.default);
  }
  return {
    values: values as OptionValues<O>,
    positionals,
    kubeconfig: kubeconfig === undefined ? undefined : resolve(cwd, kubeconfig),
    context: text(parsed.values.context),
    verbose: parsed.values.verbose === true,
    help,
  };
}
