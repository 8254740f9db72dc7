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
    return new AppError(
      503,
      'storage_unavailable',
      `The task store did not answer ${operation} after retries; retry the request later.`,
      { cause },
    );
  }
}
