import { randomBytes } from 'node:crypto';
import type { Clock } from '@qcos/interface';

export type { Clock } from '@qcos/interface';

/** The machine's wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Cryptographically secure randomness, a `RandomBytes` of @qcos/identity. */
export function systemRandom(length: number): Uint8Array {
  const bytes = randomBytes(length);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
