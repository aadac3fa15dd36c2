/** Why the relay refused a configuration value. */
export type RelayErrorCode = 'INVALID_GENESIS' | 'INVALID_PEERS';

/** The relay's own typed error: a stable code and the field that was wrong. */
export class RelayError extends Error {
  override readonly name = 'RelayError';
  readonly code: RelayErrorCode;
  readonly field: string;

  constructor(code: RelayErrorCode, field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
