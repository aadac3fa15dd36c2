/**
 * The session suites this package speaks: a KEM pattern (pqIK when the initiator
 * knows the responder's static key, pqXX for first contact), X-Wing, one AEAD, SHA-256.
 * The EKS pre-shared key, when present, turns pqIK into pqIKpsk2 and pqXX into pqXXpsk3.
 */
import type { NoiseCipherName } from '../crypto/aead.js';
import { fail } from '../errors.js';

export type SessionPattern = 'IK' | 'XX';

export interface Suite {
  readonly pattern: SessionPattern;
  readonly cipher: NoiseCipherName;
}

/** One byte on the wire: low nibble pattern (1 = pqIK, 2 = pqXX), high nibble cipher (0 = ChaChaPoly, 1 = AESGCM). */
export function suiteByte(s: Suite): number {
  return (s.pattern === 'IK' ? 1 : 2) | (s.cipher === 'AESGCM' ? 0x10 : 0);
}

export function suiteFromByte(b: number, offset: number): Suite {
  const p = b & 0x0f;
  const c = b >>> 4;
  if ((p !== 1 && p !== 2) || (c !== 0 && c !== 1)) {
    return fail('UNSUPPORTED_SUITE', `unknown suite 0x${b.toString(16)}`, 'suite', offset);
  }
  return { pattern: p === 1 ? 'IK' : 'XX', cipher: c === 1 ? 'AESGCM' : 'ChaChaPoly' };
}

export function protocolNameOf(s: Suite, withPsk: boolean): string {
  const modifier = withPsk ? (s.pattern === 'IK' ? 'psk2' : 'psk3') : '';
  return `Noise_pq${s.pattern}${modifier}_XWing_${s.cipher}_SHA256`;
}
