import { readFileSync, statSync } from 'node:fs';
import { ServiceError } from './service-error.js';

/** The environment variable a control token may come from (never a command-line flag). */
export const CONTROL_TOKEN_ENV = 'QCOS_CONTROL_TOKEN';
/** Shortest control token accepted: 32 characters (e.g. 16 random bytes in hex). */
export const MIN_CONTROL_TOKEN_LENGTH = 32;

export type ControlTokenErrorCode =
  | 'CONTROL_TOKEN_MISSING'
  | 'CONTROL_TOKEN_AMBIGUOUS'
  | 'CONTROL_TOKEN_FILE_UNREADABLE'
  | 'CONTROL_TOKEN_FILE_MODE'
  | 'CONTROL_TOKEN_INVALID';

function fail(code: ControlTokenErrorCode, field: string, message: string): never {
  throw new ServiceError<ControlTokenErrorCode>(code, field, message);
}

/**
 * The control endpoint's bearer token: the contents of `file` (`--control-token-file`; one
 * line, owner-only permissions 0600 or stricter) or the QCOS_CONTROL_TOKEN environment
 * variable — exactly one of them. Never a flag: a command line is visible to every local user.
 * A token is 32..1024 visible ASCII characters. Throws a ServiceError naming the problem.
 */
export function loadControlToken(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const fromEnv = env[CONTROL_TOKEN_ENV];
  if (file !== undefined && fromEnv !== undefined) {
    fail(
      'CONTROL_TOKEN_AMBIGUOUS',
      'controlTokenFile',
      `give ${CONTROL_TOKEN_ENV} or a file, not both`,
    );
  }
  if (file === undefined && fromEnv === undefined) {
    fail(
      'CONTROL_TOKEN_MISSING',
      'controlTokenFile',
      `the control endpoint needs a token: --control-token-file FILE (mode 0600) or ${CONTROL_TOKEN_ENV}`,
    );
  }
  const token = file === undefined ? fromEnv! : readTokenFile(file);
  if (
    !/^[\x21-\x7e]+$/.test(token) ||
    token.length < MIN_CONTROL_TOKEN_LENGTH ||
    token.length > 1024
  ) {
    fail(
      'CONTROL_TOKEN_INVALID',
      'controlToken',
      `a control token is ${MIN_CONTROL_TOKEN_LENGTH}..1024 visible ASCII characters`,
    );
  }
  return token;
}

function readTokenFile(file: string): string {
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail('CONTROL_TOKEN_FILE_UNREADABLE', 'controlTokenFile', `${file}: ${String(error)}`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    fail(
      'CONTROL_TOKEN_FILE_MODE',
      'controlTokenFile',
      `${file} is readable by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }
  return text.replace(/\r?\n$/, '');
}
