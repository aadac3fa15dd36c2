import { QanApiError } from '@qcos/qan-api';

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

/**
 * A failed API call as a CLI failure: the API's code and details, with the HTTP status. No answer
 * at all says which QAN did not answer and how to name another.
 */
export function asCliError(error: unknown): unknown {
  if (!(error instanceof QanApiError)) return error;
  if (error.status !== 0)
    return new CliError(error.code, error.message, { status: error.status, ...error.details });
  const { url, reason } = error.details;
  if (typeof url !== 'string') return new CliError(error.code, error.message);
  return new CliError(
    error.code,
    `cannot reach the QAN at ${url} (${String(reason)}); point --qan, QCOS_QAN_URL or a context at a running QAN`,
    { url },
  );
}
