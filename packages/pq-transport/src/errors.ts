/**
 * Every failure of the transport is a TransportError with a stable `code`. Callers
 * branch on `code`, never on message text; `field` names what was wrong and `offset`
 * (when known) the byte position in the message that failed to parse.
 */
export type TransportErrorCode =
  // parsing and framing
  | 'MALFORMED_MESSAGE'
  | 'MESSAGE_TOO_LARGE'
  | 'UNEXPECTED_MESSAGE'
  | 'UNSUPPORTED_VERSION'
  | 'UNSUPPORTED_SUITE'
  // Noise engine
  | 'INVALID_PROTOCOL_NAME'
  | 'INVALID_PATTERN'
  | 'MISSING_KEY'
  | 'INVALID_KEY'
  | 'DECRYPT_FAILED'
  | 'NONCE_EXHAUSTED'
  | 'HANDSHAKE_STATE'
  | 'DH_FAILED'
  // identity, attestation and policy
  | 'BAD_CERTIFICATE'
  | 'BAD_ATTESTATION'
  | 'UNTRUSTED_ROOT'
  | 'EXPIRED'
  | 'KEY_MISMATCH'
  | 'PEER_REJECTED'
  // EKS pre-shared keys
  | 'EKS_KEY_UNKNOWN'
  | 'EKS_KEY_REQUIRED'
  // DoS guard
  | 'BAD_MAC'
  // record layer
  | 'RECORD_REPLAYED'
  | 'RECORD_OUT_OF_ORDER'
  | 'RECORD_TOO_OLD'
  | 'REKEY_GAP'
  | 'SESSION_CLOSED'
  | 'COUNTER_EXHAUSTED'
  | 'INVALID_ARGUMENT';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;
  readonly field: string | undefined;
  readonly offset: number | undefined;

  constructor(code: TransportErrorCode, message: string, field?: string, offset?: number) {
    super(`${code}: ${message}`);
    this.code = code;
    this.field = field;
    this.offset = offset;
  }
}

export function fail(
  code: TransportErrorCode,
  message: string,
  field?: string,
  offset?: number,
): never {
  throw new TransportError(code, message, field, offset);
}

/** Recognises a TransportError even across bundle copies (the ./node entry is a separate bundle). */
export function isTransportError(e: unknown): e is TransportError {
  return (
    e instanceof Error &&
    typeof (e as { code?: unknown }).code === 'string' &&
    e.name === 'TransportError'
  );
}
