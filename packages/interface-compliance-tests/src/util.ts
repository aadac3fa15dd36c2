import {
  type HeadConflictError,
  isHeadConflict,
  isStoreError,
  type StoreError,
} from '@qcos/interface';
import { expect } from 'vitest';

/** Lower-case hex of some bytes (cheap equality for large arrays). */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Asserts `value` is a Uint8Array holding exactly `expected`. */
export function expectBytes(value: unknown, expected: Uint8Array): void {
  expect(value).toBeInstanceOf(Uint8Array);
  const actual = value as Uint8Array;
  expect(actual.length).toBe(expected.length);
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  if (i < actual.length) {
    const at = (b: Uint8Array) => hex(b.subarray(i, i + 16));
    expect(`byte ${i}: ${at(actual)}`).toBe(`byte ${i}: ${at(expected)}`);
  }
}

/** Awaits `promise`, which must reject with a StoreError of `code`; returns the error. */
export async function rejection(promise: Promise<unknown>, code: string): Promise<StoreError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a rejection with ${code}`).toBeDefined();
  expect(isStoreError(caught), `expected a StoreError, got ${String(caught)}`).toBe(true);
  expect((caught as StoreError).code).toBe(code);
  return caught as StoreError;
}

/** Awaits `promise`, which must reject with a HeadConflictError; returns it. */
export async function headConflict(promise: Promise<unknown>): Promise<HeadConflictError> {
  const error = await rejection(promise, 'STORE_CONFLICT');
  expect(isHeadConflict(error), 'expected a HeadConflictError carrying the actual head').toBe(true);
  return error as HeadConflictError;
}

/** Every byte value, then a run of zeros: bytes that a text or NUL-terminated path would mangle. */
export function awkwardBytes(): Uint8Array {
  const out = new Uint8Array(256 + 16);
  for (let i = 0; i < 256; i++) out[i] = 255 - i;
  return out;
}

/** `length` deterministic bytes (an LCG), e.g. one large block. */
export function patternBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
