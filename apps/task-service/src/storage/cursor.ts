import { TaskId } from '../domain/task.js';
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
  // The key must be a task id: DynamoDB rejects some strings in ExclusiveStartKey (the empty
  // one) with a ValidationException, which would otherwise surface as a 503 for a bad request.
  const after = (parsed as { after?: unknown } | null | undefined)?.after;
  if (typeof after !== 'string' || !TaskId.safeParse(after).success) {
    throw AppError.validation(
      `cursor "${cursor.slice(0, 64)}" is not a cursor this service issued; pass the nextCursor of the previous page, or omit cursor to start at the first page`,
    );
  }
  return after;
}
