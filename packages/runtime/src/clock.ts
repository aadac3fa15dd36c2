import { randomBytes } from 'node:crypto';

/** A source of the current time in unix milliseconds; the pure packages take `now` values from it. */
export interface Clock {
  now(): number;
}

/** The machine's wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Cryptographically secure randomness, a `RandomBytes` of @qcos/identity. */
export function systemRandom(length: number): Uint8Array {
  const bytes = randomBytes(length);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
