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
  | 'BLOCK_PRUNED'
  | 'NO_ROUTE'
  | 'SAE_NOT_FOUND'
  | 'KEYS_EXHAUSTED'
  | 'KEY_NOT_FOUND'
  | 'OPERATOR_ACTION_INVALID'
  | 'OPERATOR_ACTION_REFUSED'
  | 'KEY_SIZE_UNSUPPORTED'
  | 'ADDITIONAL_SLAVE_SAE_UNSUPPORTED'
  | 'EXTENSION_UNSUPPORTED'
  | 'CONTRACT_NOT_FOUND'
  | 'CONTRACT_INVALID'
  | 'CONTRACT_REFUSED'
  | 'CONTRACT_ENDED'
  | 'CONTRACT_SCOPE_DENIED'
  | 'CONTRACT_LIMIT'
  | 'CONTRACT_RUN_INVALID'
  | 'CONTRACT_RUN_UNAVAILABLE'
  | 'CONTRACT_RUN_BUSY'
  | 'CONTRACT_RUN_FAILED'
  | 'CONTRACT_RUN_TIMEOUT'
  | 'TOKEN_REQUIRED'
  | 'TOKEN_INVALID'
  | 'ACCESS_DENIED'
  | 'CLIENT_CERTIFICATE_REQUIRED'
  | 'SAE_NOT_PAIRED'
  | 'CSRF_REJECTED'
  | 'SESSION_LIMIT'
  | 'EVENTS_BUSY'
  | 'UI_NOT_BUILT'
  | 'INTERNAL';

/** An error the API reports as `{code, message, details}` with `statusCode`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Response headers the refusal needs (`www-authenticate` on a 401). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { code: ApiErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }

  /**
   * The same refusal as ETSI GS QKD 014 §6.5 Error: `{message, details: [{code, …details}]}`,
   * the body of every error on the key delivery routes.
   */
  toEtsiBody(): { message: string; details: [Record<string, unknown>] } {
    return { message: this.message, details: [{ code: this.code, ...this.details }] };
  }
}
