/**
 * `--help` texts and the command reference in docs/tracectl.md, both generated from the command
 * definitions (command.ts), so neither can drift from what the parser accepts.
 */
import {
  EXIT_CODES_TEXT,
  GLOBAL_OPTIONS,
  KUBE_OPTIONS,
  type Command,
  type OptionDef,
  type OptionDefs,
} from './command.js';

const WIDTH = 100;

/** Greedy word wrap to `width` characters of text; `indent` starts every line after the first. */
export function wrap(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

export function optionLabel(name: string, def: OptionDef): string {
  const short = def.short ? `-${def.short}, ` : '';
  const value = def.kind === 'flag' ? '' : ` <${def.placeholder ?? def.kind}>`;
  return `${short}--${name}${value}`;
}

/** `(default: 5m)`, or nothing when the option has no default. */
export function defaultNote(def: OptionDef): string | undefined {
  return def.defaultText ?? def.default;
}

function describe(def: { description: string; default?: string; defaultText?: string }): string {
  const d = def.defaultText ?? def.default;
  return d === undefined ? def.description : `${def.description} (default: ${d})`;
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const indent = ' '.repeat(2 + width);
  return rows.map(
    ([label, text]) => `  ${label.padEnd(width)}${wrap(text, WIDTH - 2 - width, indent)}`,
  );
}

function optionRows(defs: OptionDefs): [string, string][] {
  return Object.entries(defs).map(([name, def]) => [optionLabel(name, def), describe(def)]);
}

export function commandHelp(command: Command): string {
  const parts = [
    `Usage: tracectl ${command.name} ${command.usage}`,
    wrap(command.description, WIDTH),
  ];
  const groups: [string, OptionDefs][] = [
    ['Options', command.options],
    ...(command.usesKube ? [['Cluster options', KUBE_OPTIONS] as [string, OptionDefs]] : []),
    ['Global options', GLOBAL_OPTIONS],
  ];
  // One column width for every group, so the help reads as one table.
  const args = command.positionals.map((p) => [p.name, describe(p)] as const);
  const rows = [...args, ...groups.flatMap(([, defs]) => optionRows(defs))];
  const width = Math.max(...rows.map(([label]) => label.length));
  if (args.length > 0)
    parts.push(['Arguments:', ...table(args.map(([l, t]) => [l.padEnd(width), t]))].join('\n'));
  for (const [title, defs] of groups) {
    if (Object.keys(defs).length === 0) continue;
    const padded = optionRows(defs).map(([l, t]) => [l.padEnd(width), t] as const);
    parts.push([`${title}:`, ...table(padded)].join('\n'));
  }
  if (command.examples && command.examples.length > 0)
    parts.push(
      [
        'Examples:',
        ...command.examples.flatMap((e) => [
          `  ${e.command}`,
          `      ${wrap(e.says, 92, '      ')}`,
        ]),
      ].join('\n'),
    );
  if (command.exitCodes) parts.push(wrap(command.exitCodes, WIDTH));
  return `${parts.join('\n\n')}\n`;
}

function synopsis(command: Command): string {
  const args = command.positionals.map((p) => `[${p.name}]`).join(' ');
  return args ? `${command.name} ${args}` : command.name;
}

export function mainHelp(commands: readonly Command[]): string {
  return `${[
    `tracectl: apply, diagnose, restart and verify the EKS X-Ray tracing setup`,
    'Usage: tracectl <command> [options]',
    ['Commands:', ...table(commands.map((c) => [synopsis(c), c.summary]))].join('\n'),
    'Run tracectl <command> --help for the options of each command.',
    ['Global options:', ...table(optionRows(GLOBAL_OPTIONS))].join('\n'),
    wrap(EXIT_CODES_TEXT, WIDTH),
  ].join('\n\n')}\n`;
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

function markdownOptions(defs: OptionDefs): string[] {
  return Object.entries(defs).map(
    ([name, def]) =>
      `| \`${optionLabel(name, def)}\` | ${cell(def.description)} | ${defaultNote(def) === undefined ? '' : `\`${cell(defaultNote(def)!)}\``} |`,
  );
}

/** The generated part of docs/tracectl.md. */
export function markdownReference(commands: readonly Command[]): string {
  const out: string[] = [
    '| Command | What it does |',
    '| --- | --- |',
    ...commands.map((c) => `| [\`tracectl ${synopsis(c)}\`](#tracectl-${c.name}) | ${c.summary} |`),
    '',
    EXIT_CODES_TEXT,
  ];
  for (const c of commands) {
    out.push('', `### tracectl ${c.name}`, '', '```', `tracectl ${c.name} ${c.usage}`, '```');
    out.push('', c.description);
    if (c.positionals.length > 0) {
      out.push('', '| Argument | Description | Default |', '| --- | --- | --- |');
      for (const p of c.positionals)
        out.push(
          `| \`${p.name}\` | ${cell(p.description)} | ${p.default ? `\`${p.default}\`` : ''} |`,
        );
    }
    out.push('', '| Option | Description | Default |', '| --- | --- | --- |');
    out.push(...markdownOptions(c.options));
    if (c.usesKube) out.push(...markdownOptions(KUBE_OPTIONS));
    out.push(...markdownOptions(GLOBAL_OPTIONS));
    if (c.exitCodes) out.push('', c.exitCodes);
    if (c.examples && c.examples.length > 0) {
      out.push('', 'Examples:', '');
      for (const e of c.examples) out.push('```sh', e.command, '```', '', e.says, '');
      out.pop();
    }
  }
  return `${out.join('\n')}\n`;
}
