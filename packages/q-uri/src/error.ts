/**
 * Every way a Q-URI can be wrong, as a stable code. The spec (docs/spec/q-uri.md §7)
 * defines when each one is raised; the codes never change meaning once published.
 */
export type QUriErrorCode =
  | 'TOO_LONG'
  | 'NON_ASCII'
  | 'INVALID_CHAR'
  | 'BAD_PERCENT_ENCODING'
  | 'ENCODED_CHAR_NOT_ALLOWED'
  | 'SCHEME_INVALID'
  | 'USERINFO_NOT_ALLOWED'
  | 'PORT_NOT_ALLOWED'
  | 'TARGET_INVALID'
  | 'ALIAS_INVALID'
  | 'SCOPE_INVALID'
  | 'OPERATION_MISSING'
  | 'OPERATION_UNKNOWN'
  | 'JOB_ID_INVALID'
  | 'QUERY_NOT_ALLOWED'
  | 'PARAM_EMPTY'
  | 'PARAM_VALUE_MISSING'
  | 'PARAM_UNKNOWN'
  | 'PARAM_DUPLICATE'
  | 'PARAM_SYNTAX'
  | 'PARAM_RANGE'
  | 'PARAM_MISSING'
  | 'PARAM_CONFLICT'
  | 'FRAGMENT_NOT_ALLOWED';

/**
 * The only error `parse`, `normalize` and `format` ever throw.
 *
 * `offset` is the 0-based index (in UTF-16 code units) into the parsed input where it went
 * wrong. For `format`, which has no input, it is the index into the canonical string being
 * written at which the offending component would have started.
 */
export class QUriError extends Error {
  override readonly name = 'QUriError';
  readonly code: QUriErrorCode;
  readonly offset: number;

  constructor(code: QUriErrorCode, offset: number, message: string) {
    super(message);
    this.code = code;
    this.offset = offset;
  }
}
