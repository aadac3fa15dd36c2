/** Stable error codes of @qcos/entanglement-sim. */
export type EntanglementErrorCode =
  | 'INVALID_PARAMETER' // a model parameter is out of its documented range
  | 'INVALID_DRAWS'; // fewer uniform draws than the sampler needs, or one outside [0, 1)

/**
 * The one error class of the package. `field` names the parameter that was wrong, so a caller
 * can point at it without parsing the message.
 */
export class EntanglementError extends Error {
  override readonly name = 'EntanglementError';
  readonly code: EntanglementErrorCode;
  readonly field: string;
  constructor(code: EntanglementErrorCode, field: string, message: string) {
    super(`${code} (${field}): ${message}`);
    this.code = code;
    this.field = field;
  }
}

/** Throws INVALID_PARAMETER unless `value` is a finite number in [min, max]. */
export function checkRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new EntanglementError('INVALID_PARAMETER', field, `must be a number in [${min}, ${max}]`);
  }
  return value;
}

/** Throws INVALID_DRAWS unless `draws` holds at least `count` numbers in [0, 1). */
export function checkDraws(draws: readonly number[], count: number): void {
  if (draws.length < count) {
    throw new EntanglementError('INVALID_DRAWS', 'draws', `needs ${count}, got ${draws.length}`);
  }
  for (let i = 0; i < count; i++) {
    const u = draws[i];
    if (typeof u !== 'number' || !(u >= 0 && u < 1)) {
      throw new EntanglementError('INVALID_DRAWS', `draws[${i}]`, 'must be a number in [0, 1)');
    }
  }
}
