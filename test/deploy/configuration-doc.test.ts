// docs/configuration.md is where a user looks up a deploy setting: every variable synth reads
// must be in its table, and the table must name no variable synth does not read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_ENV, OUTPUTS_FILE_ENV, STRICT_ENV } from '../../src/config/defaults.js';
import { TERRAFORM_OUTPUT_NAMES } from '../../src/terraform-outputs.js';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/configuration.md'), 'utf8');
const SETTINGS = DOC.slice(DOC.indexOf('## Deploy settings'), DOC.indexOf('## What synth writes'));

describe('GIVEN docs/configuration.md and the config loader', () => {
  const read = [...Object.values(CONFIG_ENV), OUTPUTS_FILE_ENV, STRICT_ENV];

  it('THEN the settings table names every variable synth reads, and no other', () => {
    expect(SETTINGS.length).toBeGreaterThan(0);
    const documented = new Set(SETTINGS.match(/\bTRACING_[A-Z_]+\b/g));
    expect([...documented].sort()).toEqual([...new Set(read)].sort());
  });

  it('THEN every Terraform output synth reads is named in the settings table', () => {
    for (const output of Object.values(TERRAFORM_OUTPUT_NAMES)) {
      expect(SETTINGS, output).toContain(`\`${output}\``);
    }
  });
});
