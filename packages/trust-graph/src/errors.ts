/**
 * Every rejection in this package is a TrustGraphError with a stable `code` and the
 * `field` (input name or byte offset) where the input went wrong, so callers can branch
 * on codes and conformance vectors can name them.
 */
export type TrustGraphErrorCode =
  | 'INVALID_QUID'
  | 'INVALID_LEVEL'
  | 'INVALID_DEPTH'
  | 'INVALID_DOMAIN'
  | 'INVALID_TIME'
  | 'INVALID_THRESHOLDS'
  | 'MISSING_VALIDATOR'
  | 'SELF_EDGE'
  | 'GRAPH_FULL'
  | 'INVALID_RECORD'
  | 'INVALID_NONCE'
  | 'NONCE_REPLAY'
  | 'EXPIRY_NOT_AFTER_TIMESTAMP'
  | 'RECORD_EXPIRED'
  | 'DESCRIPTION_TOO_LONG'
  | 'INVALID_CHARACTER'
  | 'SIGNER_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'BAD_PUBLIC_KEY'
  | 'ID_MISMATCH'
  | 'UNSUPPORTED_VALUE';

export class TrustGraphError extends Error {
  readonly code: TrustGraphErrorCode;
  /** The input field (or `offset:N`) where the problem was found. */
  readonly field: string;
  constructor(code: TrustGraphErrorCode, field: string, message: string) {
    super(`${code} at ${field}: ${message}`);
    this.name = 'TrustGraphError';
    this.code = code;
    this.field = field;
  }
}
