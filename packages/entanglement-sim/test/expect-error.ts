import { expect } from 'vitest';
import { EntanglementError } from '../src/index.js';

/** Runs `f` and asserts it throws EntanglementError with exactly this code and field. */
export function expectError(f: () => unknown, code: string, field: string): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(EntanglementError);
  expect({
    code: (thrown as EntanglementError).code,
    field: (thrown as EntanglementError).field,
  }).toStrictEqual({
    code,
    field,
  });
}
