/**
 * Every way a block, record, snapshot or proof can be refused. Codes are stable strings
 * (part of the spec); `field` names the offending field and `index` the record inside a block.
 */
export type RegistryErrorCode =
  | 'BLOCK_MALFORMED'
  | 'BLOCK_TOO_LARGE'
  | 'BLOCK_VERSION'
  | 'BLOCK_NETWORK'
  | 'BLOCK_HEIGHT'
  | 'BLOCK_PREV_HASH'
  | 'BLOCK_HASH'
  | 'BLOCK_LAMPORT_RANGE'
  | 'BLOCK_STATE_ROOT'
  | 'UNKNOWN_ORIGIN'
  | 'BAD_SIGNATURE'
  | 'ORIGIN_INVALID'
  | 'RECORD_INVALID'
  | 'RECORD_UNKNOWN_KIND'
  | 'RECORD_ORIGIN_MISMATCH'
  | 'RECORD_ORDER'
  | 'RECORD_LAMPORT'
  | 'RECORD_NOT_PERMITTED'
  | 'RECORD_UNKNOWN_NODE'
  | 'RECORD_UNKNOWN_CONTRACT'
  | 'RECORD_DUPLICATE_NODE'
  | 'RECORD_STALE'
  | 'RECORD_OUT_OF_POLICY'
  | 'ACTION_WRONG_NETWORK'
  | 'ACTION_REPLAYED'
  | 'SNAPSHOT_MALFORMED'
  | 'SNAPSHOT_UNVERIFIED'
  | 'PROOF_MALFORMED'
  | 'GENESIS_INVALID'
  | 'REQUIREMENTS_INVALID';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code: RegistryErrorCode;
  /** Dotted path of the field that was wrong, when one can be named. */
  readonly field: string | undefined;
  /** Position of the offending record inside its block, when a record is at fault. */
  readonly index: number | undefined;

  constructor(
    code: RegistryErrorCode,
    message: string,
    where: { field?: string; index?: number } = {},
  ) {
    super(`${code}: ${message}`);
    this.code = code;
    this.field = where.field;
    this.index = where.index;
  }
}
