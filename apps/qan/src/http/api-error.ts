/** Stable codes of the HTTP API's errors (the `code` of every non-2xx body). */
export type ApiErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'INVALID_PATH'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'ROUTE_NOT_FOUND'
  | 'BAD_Q_URI'
  | 'NODE_NOT_FOUND'
  | 'JOB_NOT_FOUND'
  | 'BLOCK_NOT_FOUND'
  | 'NO_ROUTE'
  | 'SAE_NOT_FOUND'
  | 'KEYS_EXHAUSTED'
  | 'KEY_NOT_FOUND'
  | 'OPERATOR_ACTION_INVALID'
  | 'OPERATOR_ACTION_REFUSED'
  | 'INTERNAL';

/** An error the API reports as `{code, message, details}` with `statusCode`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(): { code: ApiErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}
