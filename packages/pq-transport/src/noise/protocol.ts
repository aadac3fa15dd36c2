/**
 * Protocol names (rev 34 §8): Noise_<pattern>_<DH or KEM>_<cipher>_<hash>. The name
 * picks every primitive, so any cipher/hash pair the vector format names is served.
 */
import type { AeadCipher, AeadProvider } from '../crypto/aead.js';
import { nobleAead } from '../crypto/aead-noble.js';
import { type NoiseDh, X448, X25519, type X25519Function, x25519Dh } from '../crypto/dh.js';
import { HASHES, type NoiseHash, type NoiseHashName } from '../crypto/hash.js';
import { type Kem, XWING, xwingKem } from '../crypto/xwing.js';
import { fail } from '../errors.js';
import { type HandshakePattern, parsePattern } from './patterns.js';

export type KeyAgreement =
  | { readonly kind: 'dh'; readonly dh: NoiseDh }
  | { readonly kind: 'kem'; readonly kem: Kem };

export interface NoiseProtocol {
  readonly name: string;
  readonly pattern: HandshakePattern;
  readonly keyAgreement: KeyAgreement;
  readonly cipher: AeadCipher;
  readonly hash: NoiseHash;
}

/** Which implementations back the primitive names (defaults: noble everywhere). */
export interface PrimitiveSet {
  readonly aead?: AeadProvider;
  /** Backs both the Noise 25519 DH and the X25519 half of X-Wing. */
  readonly x25519?: X25519Function;
  /** A whole X-Wing implementation (overrides the one built over `x25519`). */
  readonly xwing?: Kem;
  /** Hash implementations by Noise name (e.g. node:crypto's SHA-256). */
  readonly hashes?: Partial<Readonly<Record<NoiseHashName, NoiseHash>>>;
}

const built = new WeakMap<X25519Function, { dh: NoiseDh; kem: Kem }>();

function withX25519(x: X25519Function | undefined): { dh: NoiseDh; kem: Kem } {
  if (x === undefined) return { dh: X25519, kem: XWING };
  let b = built.get(x);
  if (b === undefined) {
    b = { dh: x25519Dh(x), kem: xwingKem(x) };
    built.set(x, b);
  }
  return b;
}

export function parseProtocolName(name: string, primitives: PrimitiveSet = {}): NoiseProtocol {
  const parts = name.split('_');
  if (parts.length !== 5 || parts[0] !== 'Noise') {
    return fail('INVALID_PROTOCOL_NAME', `not a Noise protocol name: "${name}"`, 'protocol');
  }
  const [, patternName, agreement, cipherName, hashName] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const pattern = parsePattern(patternName);
  let keyAgreement: KeyAgreement;
  if (agreement === '25519') keyAgreement = { kind: 'dh', dh: withX25519(primitives.x25519).dh };
  else if (agreement === '448') keyAgreement = { kind: 'dh', dh: X448 };
  else if (agreement === 'XWing')
    keyAgreement = { kind: 'kem', kem: primitives.xwing ?? withX25519(primitives.x25519).kem };
  else return fail('INVALID_PROTOCOL_NAME', `unknown DH/KEM "${agreement}"`, 'protocol');
  if (keyAgreement.kind !== pattern.kind) {
    fail('INVALID_PROTOCOL_NAME', `pattern ${patternName} needs a ${pattern.kind}`, 'protocol');
  }
  const aead = primitives.aead ?? nobleAead;
  if (cipherName !== 'ChaChaPoly' && cipherName !== 'AESGCM') {
    return fail('INVALID_PROTOCOL_NAME', `unknown cipher "${cipherName}"`, 'protocol');
  }
  if (!Object.hasOwn(HASHES, hashName)) {
    return fail('INVALID_PROTOCOL_NAME', `unknown hash "${hashName}"`, 'protocol');
  }
  return {
    name,
    pattern,
    keyAgreement,
    cipher: aead[cipherName],
    hash: primitives.hashes?.[hashName as NoiseHashName] ?? HASHES[hashName as NoiseHashName],
  };
}
