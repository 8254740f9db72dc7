import type { Request } from 'express';
import type { ExpectedVersion } from '../domain/task-service.js';
import type { Task } from '../domain/task.js';
import { AppError } from '../errors.js';

/** The ETag of a task is its version, quoted: `"3"`. */
export const etagOf = (task: Task): string => `"${task.version}"`;

/** Reads the version a writer last saw, from `If-Match` or (for PATCH) the body's `version`. */
export function expectedVersion(req: Request, bodyVersion: number | undefined): ExpectedVersion {
  const header = req.get('if-match');
  if (header === undefined) {
    return bodyVersion === undefined
      ? { source: 'none' }
      : { source: 'body', version: bodyVersion };
  }
  const value = header.trim();
  let version: number | '*';
  if (value === '*') {
    version = '*';
  } else {
    const match = /^"?(\d{1,15})"?$/.exec(value);
    if (!match?.[1]) {
      throw AppError.validation(
        `If-Match ${JSON.stringify(header.slice(0, 64))} is not an ETag of this API; send the ETag from GET /tasks/:id, e.g. If-Match: "3"`,
      );
    }
    version = Number(match[1]);
  }
  if (bodyVersion !== undefined && version !== bodyVersion) {
    throw AppError.validation(
      `If-Match ${header} and body version ${bodyVersion} disagree; send only one of them`,
    );
  }
  return { source: 'if-match', version };
}
