// docs/task-service.md is the API reference: its variable and error tables must list exactly what
// the service reads and answers, and its limits must be the contract's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES } from '../../apps/task-service/src/config.js';
import {
  BODY_CONTENT_ENCODINGS,
  BODY_MAX_BYTES,
  BODY_MAX_DEPTH,
  ERROR_CODES,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  TASK_SERVICE_HOSTS,
  TASK_SERVICE_PROBES,
  TASKS_PATH,
  TITLE_MAX_LENGTH,
} from '../../apps/task-service/src/contract.js';
import { REPO_ROOT } from '../../testkit/task-service/paths.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/task-service.md'), 'utf8');

/** The first-column cells of the table under `## <heading>`, split on ` / `. */
function firstColumn(heading: string, column = 0): string[] {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/task-service.md has no "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  const rows = doc
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .slice(1);
  return rows.flatMap((row) =>
    (row.split('|')[column + 1] ?? '')
      .split(' / ')
      .map((cell) => cell.trim().replace(/^`|`$/g, '')),
  );
}

describe('GIVEN docs/task-service.md', () => {
  it('WHEN its Configuration table is read THEN it lists every variable the service reads, once, and no other', () => {
    const listed = firstColumn('Configuration');
    expect([...listed].sort()).toEqual([...ENV_NAMES].sort());
  });

  it('WHEN its Errors table is read THEN it lists every error code of the contract, once, and no other', () => {
    const listed = firstColumn('Errors', 1);
    expect([...listed].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('WHEN its limits and routes are read THEN they are the contract values', () => {
    for (const text of [
      `${BODY_MAX_BYTES / 1024} KiB`,
      `nests at most ${BODY_MAX_DEPTH} levels`,
      `1–${TITLE_MAX_LENGTH} characters`,
      `1–${LIST_LIMIT_MAX}, default ${LIST_LIMIT_DEFAULT}`,
      `\`${TASK_SERVICE_HOSTS.default}\` by default`,
      `\`HOST=${TASK_SERVICE_HOSTS.container}\``,
      ...BODY_CONTENT_ENCODINGS.map((e) => `\`${e}\``),
      `\`POST ${TASKS_PATH}\``,
      `\`GET ${TASK_SERVICE_PROBES.liveness}\``,
      `\`GET ${TASK_SERVICE_PROBES.readiness}\``,
    ]) {
      expect(doc).toContain(text);
    }
  });
});
