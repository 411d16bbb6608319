import type { ErrorCode } from '../../contract/errors.ts';

/**
 * The one error type of the application. Every layer throws it; the HTTP layer maps `code` to a status
 * through contract/errors.ts and the CLI prints it to stderr. Messages are Chinese and say what to fix.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** Shorthand used by validation code. */
export function fail(code: ErrorCode, message: string, details?: unknown): never {
  throw new AppError(code, message, details);
}
