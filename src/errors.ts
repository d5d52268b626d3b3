/**
 * Typed errors with stable codes. One error boundary (the bot's turn handler, the HTTP server) maps them to safe
 * text for users and full detail for logs; nothing else needs to know how an error looks on the wire.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'AZURE_NOT_FOUND'
  | 'AZURE_CONFLICT'
  | 'AZURE_FORBIDDEN'
  | 'AZURE_UNAUTHORIZED'
  | 'AZURE_THROTTLED'
  | 'AZURE_BAD_REQUEST'
  | 'AZURE_UNAVAILABLE'
  | 'AZURE_OPERATION_FAILED'
  | 'AZURE_UNEXPECTED'
  | 'INPUT_INVALID'
  | 'NOT_AUTHORIZED'
  | 'STATE_CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'STORE_UNUSABLE';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe to show a user: never carries tokens, secrets or raw payloads. */
    readonly userMessage: string = message,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export class ConfigError extends AppError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('CONFIG_INVALID', `${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** The store's database file is there but cannot be used as it is (empty, foreign, damaged): start-up stops. */
export class StoreUnusableError extends AppError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super('STORE_UNUSABLE', message);
    this.name = 'StoreUnusableError';
  }
}

/** An Azure call failed; `azureCode` is ARM's own error code (e.g. ResourceNotFound), `status` the HTTP status. */
export class AzureError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | undefined,
    readonly azureCode: string | undefined,
    readonly correlationId: string | undefined,
    options?: {
      cause?: unknown;
      /** Azure's Retry-After (or retry-after-ms) on the answer, as sent: the SDK's pipeline waited it out already. */
      retryAfter?: string;
    },
  ) {
    super(code, message, message, options);
    this.name = 'AzureError';
    this.retryAfter = options?.retryAfter;
  }

  readonly retryAfter: string | undefined;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
