import type { Request } from 'express';
import type { ExpectedVersion } from '../domain/task-service.js';
import type { Task } from '../domain/task.js';
import { AppError } from '../errors.js';

/** The ETag of a task is its version, quoted: `"3"` (a strong entity-tag). */
export const etagOf = (task: Task): string => `"${task.version}"`;

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
const ENTITY_TAG_LIST =
  /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"(\s*,\s*(W\/)?"[\x21\x23-\x7e\x80-\xff]*")+$/;
/** What this API issues: a version without leading zeros. */
const VERSION = /^[1-9]\d{0,14}$/;

const echo = (header: string): string => JSON.stringify(header.slice(0, 64));

/**
 * Reads the version a writer last saw, from `If-Match` or (for PATCH) the body's `version`.
 *
 * `If-Match` takes `*` (any current version, still a conditional write) or one entity-tag. A
 * value that is not that syntax is a 400 naming the form. A well-formed tag this API cannot have
 * issued can never match (If-Match compares strongly: a weak `W/"3"` never matches, and the
 * opaque part must be exactly a version), so it is a 412, as RFC 9110 §13.1.1 has it. A list of
 * tags is valid HTTP, but a write is conditional on one version: it is a 400 asking for one.
 */
export function expectedVersion(req: Request, bodyVersion: number | undefined): ExpectedVersion {
  const header = req.get('if-match');
  if (header === undefined) {
    return bodyVersion === undefined
      ? { source: 'none' }
      : { source: 'body', version: bodyVersion };
  }
  const value = header.trim();
  if (value === '*') return compare(header, '*', bodyVersion);
  const tag = ENTITY_TAG.exec(value);
  if (tag === null) {
    const fix = ENTITY_TAG_LIST.test(value)
      ? 'send exactly one ETag, e.g. If-Match: "3"'
      : 'send the ETag from GET /tasks/:id with its quotes, e.g. If-Match: "3", or If-Match: *';
    throw AppError.validation(`If-Match ${echo(header)} is not an entity-tag; ${fix}`);
  }
  const opaque = tag[2] ?? '';
  if (tag[1] !== undefined || !VERSION.test(opaque)) {
    const why =
      tag[1] !== undefined
        ? 'is a weak ETag, and If-Match only matches strong ones'
        : 'is not an ETag this API issued';
    throw new AppError(
      412,
      'precondition_failed',
      `If-Match ${echo(header)} ${why}; send the ETag from GET /tasks/:id as it came, e.g. If-Match: "3"`,
    );
  }
  return compare(header, Number(opaque), bodyVersion);
}

function compare(
  header: string,
  version: number | '*',
  bodyVersion: number | undefined,
): ExpectedVersion {
  if (bodyVersion !== undefined && version !== bodyVersion) {
    throw AppError.validation(
      `If-Match ${echo(header)} and body version ${bodyVersion} disagree; send only one of them`,
    );
  }
  return { source: 'if-match', version };
}
