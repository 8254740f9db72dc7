/**
 * What a tracectl command is: its usage, its option definitions and its run function. Parsing
 * (options.ts), `--help` and docs/tracectl.md (help.ts) are all generated from these
 * definitions, so a default or a description is written once.
 */
import type { Io } from './io.js';
import type { Kube } from './kube.js';

/**
 * How an option's text becomes a value: `flag` is a boolean switch; `duration` is parsed into
 * milliseconds (`90s`, `5m`, `1h`, `1500ms`, or bare seconds); `url` must be an absolute http(s)
 * URL; `path` is resolved against the working directory; `text` is taken as is.
 */
export type OptionKind = 'flag' | 'text' | 'duration' | 'url' | 'path';

export interface OptionDef {
  readonly kind: OptionKind;
  /** One-letter alias, e.g. `n` for `-n`. */
  readonly short?: string;
  /** Shown in help as `--name <placeholder>`. @default the kind (`duration`, `url`, ...) */
  readonly placeholder?: string;
  /** The default, as a user would type it. Flags default to off. */
  readonly default?: string;
  /** Shown instead of `(default: <default>)`, for defaults found at run time. */
  readonly defaultText?: string;
  /** One sentence, lower case, no final period. */
  readonly description: string;
}

export type OptionDefs = Readonly<Record<string, OptionDef>>;

type ValueOfKind<K extends OptionKind> = K extends 'flag'
  ? boolean
  : K extends 'duration'
    ? number
    : string;

/** Parsed values: flags and options with a default are always set, the others may be missing. */
export type OptionValues<O extends OptionDefs> = {
  readonly [K in keyof O]: O[K] extends { readonly kind: 'flag' } | { readonly default: string }
    ? ValueOfKind<O[K]['kind']>
    : ValueOfKind<O[K]['kind']> | undefined;
};

export interface Positional {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
}

/** What a run gets besides its options. */
export interface CommandContext {
  readonly io: Io;
  /**
   * Loads the kubeconfig (--kubeconfig, --context, $KUBECONFIG, ~/.kube/config) and the
   * Kubernetes client on first use: commands that talk to no cluster never load them.
   */
  kube(): Promise<Kube>;
}

export interface Example {
  readonly command: string;
  readonly says: string;
}

export interface Command<O extends OptionDefs = OptionDefs> {
  readonly name: string;
  /** One line for `tracectl --help`. */
  readonly summary: string;
  /** After `tracectl <name>`, e.g. `[dir] [options]`. */
  readonly usage: string;
  /** What the command does, a paragraph (wrapped when printed). */
  readonly description: string;
  readonly positionals: readonly Positional[];
  readonly options: O;
  /** The command talks to a cluster: --kubeconfig and --context apply. */
  readonly usesKube: boolean;
  /** What its exit codes mean, when more than the common ones. */
  readonly exitCodes?: string;
  readonly examples?: readonly Example[];
  run(
    values: OptionValues<O>,
    positionals: readonly string[],
    ctx: CommandContext,
  ): Promise<number>;
}

/** Keeps the option types of a command literal, so `run` gets typed values. */
export function defineCommand<const O extends OptionDefs>(command: Command<O>): Command<O> {
  return command;
}

/** Options of every command that reads a kubeconfig. */
export const KUBE_OPTIONS = {
  kubeconfig: {
    kind: 'path',
    placeholder: 'file',
    defaultText: '$KUBECONFIG, then ~/.kube/config',
    description: 'kubeconfig to use',
  },
  context: {
    kind: 'text',
    placeholder: 'name',
    defaultText: 'current-context',
    description: 'kubeconfig context to use',
  },
} as const satisfies OptionDefs;

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  verbose: { kind: 'flag', description: 'show stack traces on errors' },
  help: { kind: 'flag', short: 'h', description: 'show help' },
} as const satisfies OptionDefs;

/** Exit codes shared by every command. */
export const EXIT_CODES_TEXT =
  'Exit codes: 0 ok · 1 a check failed / a rollout did not complete / a hop is missing · 2 bad usage · 3 cannot work with the cluster (kubeconfig, network, credentials, RBAC, missing CRD)';
