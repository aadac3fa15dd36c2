/** Stable codes of the CLI's own failures; API errors keep the API's code. */
export type CliErrorCode =
  | 'USAGE'
  | 'API_UNREACHABLE'
  | 'API_ERROR'
  | 'FILE_UNREADABLE'
  | 'PROCESS_FAILED'
  | 'PROCESS_NOT_READY'
  | 'TIMEOUT'
  | (string & {});

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
