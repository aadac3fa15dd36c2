import { isDqnAlias } from '@qcos/q-uri';

/** Grammar checks shared by encodePacket and decodePacket, so both accept exactly the same packets. */

export { isDqnAlias };

/** scope = segment *(":" segment); segment = [a-z] *[a-z0-9._-]; at most 64 bytes. */
const SCOPE_RE = /^[a-z][a-z0-9._-]*(?::[a-z][a-z0-9._-]*)*$/;

export function isCapabilityScope(s: string): boolean {
  return s.length <= 64 && SCOPE_RE.test(s);
}

/** Q-URI text as the QNH forwards it: `q://` then printable ASCII (percent-encoded form). */
const QURI_RE = /^q:\/\/[\x21-\x7e]+$/;

export function isQUriText(s: string): boolean {
  return QURI_RE.test(s);
}

const BITS_RE = /^[01]+$/;

export function isBitstring(s: string): boolean {
  return BITS_RE.test(s);
}
