/**
 * Every way a CHIPS input can be refused. The strings are stable: they are part of the
 * wire specification (docs/spec/chips.md §7) and of the conformance vectors.
 */
export type ChipsErrorCode =
  // MessagePack layer and canonical profile
  | 'TRUNCATED' // the input ended inside a value
  | 'TRAILING_BYTES' // bytes follow the one top-level value
  | 'NON_CANONICAL' // valid MessagePack, but not the canonical form (longer head, float for an integer…)
  | 'KEY_ORDER' // map keys not in ascending order
  | 'DUPLICATE_KEY' // the same map key twice
  | 'INVALID_KEY' // a map key that is not a string, or is "__proto__"
  | 'UNSUPPORTED_FORMAT' // 0xc1, ext / fixext (incl. timestamps): outside the profile
  | 'UNSUPPORTED_VALUE' // encode side: undefined, bigint, Map, Date, functions, other typed arrays…
  | 'INVALID_UTF8' // a str that is not well-formed UTF-8 (or, encode side, holds a lone surrogate)
  | 'NOT_NFC' // a string that is not in Unicode Normalization Form C
  | 'NON_FINITE' // NaN or ±Infinity
  | 'UNSAFE_INTEGER' // an int64 / uint64 outside ±(2^53 − 1)
  | 'TOO_DEEP' // containers nested deeper than the limit
  | 'TOO_LARGE' // input, string, bin or container over its limit
  // CHIPS packet layer
  | 'UNSUPPORTED_VERSION'
  | 'UNKNOWN_PACKET_TYPE'
  | 'UNKNOWN_FIELD' // a packet array longer than its type defines
  | 'MISSING_FIELD' // a packet array shorter than its type defines
  | 'WRONG_TYPE' // a field of the wrong MessagePack type
  | 'OUT_OF_RANGE' // a number outside its field's range, or an unknown enum code
  | 'INVALID_FIELD' // a field that breaks its grammar or a cross-field rule
  // Stream framing
  | 'FRAME_TOO_LARGE';

/**
 * The one error class of this package. `offset` is the byte offset in the decoded input
 * where the problem starts (the head byte of the offending value); it is `undefined` for
 * errors raised while encoding. `field` names the packet field or value path when known.
 */
export class ChipsError extends Error {
  override readonly name = 'ChipsError';
  readonly code: ChipsErrorCode;
  readonly offset: number | undefined;
  readonly field: string | undefined;
  /** The message without code, field and offset. */
  readonly detail: string;

  constructor(code: ChipsErrorCode, detail: string, offset?: number, field?: string) {
    super(
      `${code}: ${detail}${field === undefined ? '' : ` (field ${field})`}${offset === undefined ? '' : ` at byte ${offset}`}`,
    );
    this.code = code;
    this.offset = offset;
    this.field = field;
    this.detail = detail;
  }

  /** The same error moved by `delta` bytes, for a decoder reading a slice of a larger stream. */
  shifted(delta: number): ChipsError {
    return new ChipsError(this.code, this.detail, (this.offset ?? 0) + delta, this.field);
  }
}
