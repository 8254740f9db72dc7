import { AppError } from '../errors.js';

/**
 * Page cursors are opaque to clients: base64url of `{"after": "<last id>"}`. Each repository
 * continues after that id in its own stable order (memory: sorted ids; DynamoDB: scan order,
 * via `ExclusiveStartKey`), so one format serves both.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    typeof (parsed as { after?: unknown }).after !== 'string'
  ) {
    throw AppError.validation(
      `cursor "${cursor.slice(0, 64)}" is not a cursor this service issued; pass the nextCursor of the previous page, or omit cursor to start at the first page`,
    );
  }
  return (parsed as { after: string }).after;
}
