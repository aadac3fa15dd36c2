import { expect } from 'vitest';
import { QkdError, type QkdErrorCode } from '../src/errors.js';

/** Runs `f` and asserts that it throws a QkdError with exactly this code and field. */
export function expectQkdError(f: () => unknown, code: QkdErrorCode, field: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(QkdError);
  expect({ code: (caught as QkdError).code, field: (caught as QkdError).field }).toStrictEqual({
    code,
    field,
  });
}

/** "CODE:field" of the QkdError `f` throws, "other:…" for anything else, "ok" when it returns. */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof QkdError ? `${e.code}:${e.field}` : `other:${String(e)}`;
  }
  return 'ok';
}
