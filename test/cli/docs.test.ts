import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { allOptions } from '../../src/cli/options.js';
import { withReference } from '../../src/cli/reference.js';

const docPath = resolve(import.meta.dirname, '../../docs/tracectl.md');

describe('docs/tracectl.md', () => {
  it('GIVEN the command definitions WHEN the reference is generated THEN docs/tracectl.md holds exactly that (else: npm run docs:tracectl)', async () => {
    const doc = readFileSync(docPath, 'utf8');

    expect(
      await withReference(doc, docPath),
      'docs/tracectl.md is stale: run npm run docs:tracectl',
    ).toBe(doc);
  });

  it('GIVEN every option every command accepts WHEN the document is read THEN each is documented under its command', () => {
    const doc = readFileSync(docPath, 'utf8');
    for (const command of COMMANDS) {
      const section = doc.slice(doc.indexOf(`### tracectl ${command.name}\n`));
      expect(section.length, `no section for ${command.name}`).toBeLessThan(doc.length);
      for (const name of Object.keys(allOptions(command)))
        expect(section, `${command.name} --${name}`).toContain(`--${name}`);
    }
  });
});
