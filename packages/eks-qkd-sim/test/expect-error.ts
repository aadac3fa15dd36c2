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
