/** Stable error codes of @qcos/eks-qkd-sim. */
export type QkdErrorCode =
  | 'INVALID_PARAMETER' // a model or protocol parameter is out of its documented range
  | 'LIMIT_EXCEEDED' // a run would exceed one of the documented size limits
  | 'KEY_EXHAUSTED' // a key pool cannot serve the request
  | 'KEY_NOT_FOUND' // dec_keys named a key_ID the pool does not hold for that SAE
  | 'INVALID_KEY_ID' // a key_ID is not a canonical UUID string
  | 'INVALID_REQUEST'; // an ETSI 014 request body is malformed

/**
 * The one error class of the package. `field` names the parameter (or JSON path) that
 * was wrong, so a caller can point at it without parsing the message.
 */
export class QkdError extends Error {
  override readonly name = 'QkdError';
  readonly code: QkdErrorCode;
  readonly field: string;
  constructor(code: QkdErrorCode, field: string, message: string) {
    super(`${code} (${field}): ${message}`);
    this.code = code;
    this.field = field;
  }
}

/** Throws INVALID_PARAMETER unless `value` is a finite number in [min, max]. */
export function checkRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new QkdError('INVALID_PARAMETER', field, `must be a number in [${min}, ${max}]`);
  }
  return value;
}

/**
 * Throws INVALID_PARAMETER unless the optional named choice `value` is absent (the model it had
 * before the option existed) or exactly one of `allowed`.
 */
export function checkOption(field: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value as string)) return;
  throw new QkdError('INVALID_PARAMETER', field, `must be absent or one of ${allowed.join(', ')}`);
}

/** Throws INVALID_PARAMETER unless `value` is an integer in [min, max]. */
export function checkInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new QkdError('INVALID_PARAMETER', field, `must be an integer in [${min}, ${max}]`);
  }
  return value;
}
