/**
 * A service refused a value it was given — a flag, a config entry or a control request field.
 * Each service subclasses it with its own codes; the control server answers any of them with a
 * 4xx JSON error naming the code and the field.
 */
export class ServiceError<Code extends string = string> extends Error {
  override readonly name: string = 'ServiceError';
  readonly code: Code;
  /** The field that was wrong (`$` for the whole value). */
  readonly field: string;

  constructor(code: Code, field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
