/** Stable, machine-readable codes for every failure the runtime reports. */
export type RuntimeErrorCode =
  | 'CONFIG_FILE_UNREADABLE'
  | 'CONFIG_FILE_INVALID_JSON'
  | 'CONFIG_INVALID'
  | 'CONFIG_BAD_FLAG'
  | 'CONFIG_SECRET_ON_COMMAND_LINE'
  | 'CONFIG_FILE_PERMISSIONS'
  | 'INVALID_ADDRESS'
  | 'FRAME_TOO_LARGE'
  | 'FRAME_DECODE_FAILED'
  | 'HANDSHAKE_FAILED'
  | 'HANDSHAKE_TIMEOUT'
  | 'PEER_REJECTED'
  | 'CONNECTION_CLOSED'
  | 'CONNECT_FAILED'
  | 'RECORD_REJECTED'
  | 'TOO_MANY_HANDSHAKES'
  | 'TOO_MANY_HANDSHAKES_FROM_ADDRESS'
  | 'METRICS_PREFIX_INVALID';

/** The one error class of the runtime: a stable `code`, a message, and structured details. */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  readonly code: RuntimeErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RuntimeErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
