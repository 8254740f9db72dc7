/**
 * docs/tracectl.md carries a generated command reference between two markers; this writes it
 * (`npm run docs:tracectl`) and test/cli/docs.test.ts checks it, so the document cannot drift
 * from the option definitions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { COMMANDS } from './commands.js';
import { markdownReference } from './help.js';

export const BEGIN =
  '<!-- generated from the command definitions by npm run docs:tracectl: begin -->';
export const END = '<!-- generated: end -->';

/**
 * The document with its generated part replaced by the current reference, formatted by the
 * repository's prettier settings (so `npm run format:check` and this agree on every table).
 */
export async function withReference(doc: string, path: string): Promise<string> {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`${path} has no "${BEGIN}" ... "${END}" section to fill`);
  const filled = `${doc.slice(0, start + BEGIN.length)}\n\n${markdownReference(COMMANDS)}\n${doc.slice(end)}`;
  // prettier is a development tool: loaded only by the docs script and its test, never by tracectl.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(filled, { ...options, filepath: path });
}

/** Rewrites the reference in place; returns whether anything changed. */
export async function updateReferenceFile(path: string): Promise<boolean> {
  const before = readFileSync(path, 'utf8');
  const after = await withReference(before, path);
  if (after !== before) writeFileSync(path, after);
  return after !== before;
}
