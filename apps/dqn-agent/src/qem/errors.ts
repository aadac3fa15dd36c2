/**
 * Typed errors of the QEM (the agent's quantum execution module).
 *
 * Every rejection of a program or an execution request is one of these two
 * classes with a stable UPPER_SNAKE `code`, so the agent can return it to the
 * submitter as a structured job failure instead of crashing.
 */

/** Why an OpenQASM source was rejected. */
export type QasmErrorCode =
  | 'SOURCE_TOO_LARGE'
  | 'UNEXPECTED_CHARACTER'
  | 'UNTERMINATED_STRING'
  | 'SYNTAX'
  | 'MISSING_HEADER'
  | 'UNSUPPORTED_VERSION'
  | 'UNSUPPORTED_INCLUDE'
  | 'UNSUPPORTED_STATEMENT'
  | 'UNKNOWN_GATE'
  | 'WRONG_PARAMETER_COUNT'
  | 'WRONG_ARGUMENT_COUNT'
  | 'INVALID_PARAMETER'
  | 'UNDECLARED_REGISTER'
  | 'DUPLICATE_REGISTER'
  | 'INVALID_REGISTER_SIZE'
  | 'INDEX_OUT_OF_RANGE'
  | 'REGISTER_KIND_MISMATCH'
  | 'REGISTER_SIZE_MISMATCH'
  | 'DUPLICATE_QUBIT_ARGUMENT'
  | 'GATE_AFTER_MEASURE'
  | 'TOO_MANY_QUBITS'
  | 'TOO_MANY_OPERATIONS';

/** A position in the source: 1-based line and column, 0-based UTF-16 offset. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export class QasmError extends Error {
  override readonly name = 'QasmError';
  readonly code: QasmErrorCode;
  readonly line: number;
  readonly column: number;
  readonly offset: number;

  constructor(code: QasmErrorCode, message: string, at: SourcePosition) {
    super(`${message} (line ${at.line}, column ${at.column})`);
    this.code = code;
    this.line = at.line;
    this.column = at.column;
    this.offset = at.offset;
  }
}

/** Why a parsed circuit could not be executed. */
export type ExecutionErrorCode =
  | 'QUBIT_LIMIT_EXCEEDED'
  | 'WORK_LIMIT_EXCEEDED'
  | 'INVALID_SHOTS'
  | 'NO_MEASUREMENT'
  | 'INVALID_NOISE_MODEL';

export class ExecutionError extends Error {
  override readonly name = 'ExecutionError';
  readonly code: ExecutionErrorCode;
  /** The offending request field (e.g. `shots`, `qubits`). */
  readonly field: string;

  constructor(code: ExecutionErrorCode, field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
