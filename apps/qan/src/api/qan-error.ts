/** What a QAN operation can refuse, independent of how the refusal reaches a client. */
export type QanErrorCode =
  | 'NODE_NOT_FOUND'
  | 'JOB_NOT_FOUND'
  | 'BLOCK_NOT_FOUND'
  | 'BLOCK_PRUNED'
  | 'SAE_NOT_FOUND'
  | 'KEY_NOT_FOUND'
  | 'KEYS_EXHAUSTED'
  | 'KEY_SIZE_UNSUPPORTED'
  | 'OPERATOR_ACTION_INVALID'
  | 'OPERATOR_ACTION_REFUSED'
  | 'SAE_NOT_PAIRED'
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
  | 'CONTRACT_RUN_TIMEOUT';

/** A refused QAN operation; the HTTP layer maps each code to a status and an API error code. */
export class QanError extends Error {
  override readonly name = 'QanError';
  constructor(
    readonly code: QanErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
