import type { ErrorCode } from './contract.js';

export type { ErrorCode };

/**
 * The one error type the service throws on purpose. The error middleware turns it into
 * `{ "error": { "code", "message" } }` with `status`; anything else becomes a 500.
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** 4xx errors are the client's; 5xx are ours (X-Ray: "error" vs "fault"). */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }

  static validation(message: string): AppError {
    return new AppError(400, 'validation_failed', message);
  }

  static notFound(message: string): AppError {
    return new AppError(404, 'not_found', message);
  }

  static storageUnavailable(operation: string, cause: unknown): AppError {
    // An exception the store sent back has its HTTP status; a timeout or a refused connection
    // never reached it.
    const answered = (cause as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
      ?.httpStatusCode;
    const what =
      answered !== undefined && cause instanceof Error
        ? `failed ${operation} with ${cause.name}`
        : `did not answer ${operation}`;
    return new AppError(
      503,
      'storage_unavailable',
      `The task store ${what} after retries; retry the request later.`,
      { cause },
    );
  }

  /** The table is missing where the service must not create it (AWS: Terraform owns it). */
  static tableMissing(table: string, operation: string, cause: unknown): AppError {
    return new AppError(
      503,
      'storage_unavailable',
      `The tasks table ${JSON.stringify(table)} does not exist or is not active (${operation} got ResourceNotFoundException). ` +
        'Terraform creates and owns it: run terraform apply, or set TASKS_TABLE to the table it created.',
      { cause },
    );
  }
}
