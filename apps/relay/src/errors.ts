import { ServiceError } from '@qcos/runtime';

/** Why the relay refused a configuration value. */
export type RelayErrorCode = 'INVALID_GENESIS' | 'INVALID_PEERS';

/** The relay's own typed error: a stable code and the field that was wrong. */
export class RelayError extends ServiceError<RelayErrorCode> {
  override readonly name = 'RelayError';
}
