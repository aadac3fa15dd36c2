/**
 * @qcos/pq-transport/node — native fast paths for Node.js behind the package's own
 * interfaces. node:crypto's ChaCha20-Poly1305 and AES-256-GCM (OpenSSL) are about ten
 * times faster here than the pure-JS ones, and its X25519 is about twenty times faster.
 * The package core never imports this file; pass `nodeAead` / `nodePrimitives` in.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  type KeyObject,
} from 'node:crypto';
import type {
  AeadCipher,
  AeadProvider,
  NoiseCipherName,
  NoiseHash,
  PrimitiveSet,
  X25519Function,
} from './index.js';

const TAG = 16;
type Algo = 'chacha20-poly1305' | 'aes-256-gcm';

function nodeCipher(name: NoiseCipherName, algo: Algo): AeadCipher {
  return {
    name,
    seal(key, nonce, ad, plaintext, headroom = 0) {
      // Stryker disable next-line ObjectLiteral: equivalent, 16 bytes is node's default tag for both ciphers
      const c = createCipheriv(algo as 'chacha20-poly1305', key, nonce, { authTagLength: TAG });
      // Stryker disable next-line ObjectLiteral: equivalent, plaintextLength is read for CCM only
      c.setAAD(ad, { plaintextLength: plaintext.length });
      const body = c.update(plaintext);
      c.final();
      const out = new Uint8Array(headroom + body.length + TAG);
      out.set(body, headroom);
      out.set(c.getAuthTag(), headroom + body.length);
      return out;
    },
    sealParts(key, nonce, ad, plaintext) {
      // Stryker disable next-line ObjectLiteral: equivalent, 16 bytes is node's default tag for both ciphers
      const c = createCipheriv(algo as 'chacha20-poly1305', key, nonce, { authTagLength: TAG });
      // Stryker disable next-line ObjectLiteral: equivalent, plaintextLength is read for CCM only
      c.setAAD(ad, { plaintextLength: plaintext.length });
      const body = c.update(plaintext);
      c.final();
      return [body, c.getAuthTag()] as const;
    },
    open(key, nonce, ad, ciphertext) {
      // OpenSSL takes other GCM nonce lengths; Noise's nonce is 12 bytes.
      if (nonce.length !== 12) return undefined;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, OpenSSL throws below on these and that is caught
      if (ciphertext.length < TAG || key.length !== 32) return undefined;
      const n = ciphertext.length - TAG;
      try {
        // Stryker disable next-line ObjectLiteral: equivalent, 16 bytes is node's default tag for both ciphers
        const d = createDecipheriv(algo as 'chacha20-poly1305', key, nonce, { authTagLength: TAG });
        // Stryker disable next-line ObjectLiteral: equivalent, plaintextLength is read for CCM only
        d.setAAD(ad, { plaintextLength: n });
        d.setAuthTag(ciphertext.subarray(n));
        const body = d.update(ciphertext.subarray(0, n));
        d.final();
        return new Uint8Array(body.buffer, body.byteOffset, body.length);
      } catch {
        // a forged or corrupted ciphertext: the answer is undefined, never a throw
      }
      return undefined;
    },
  };
}

/** node:crypto AEADs with the same behaviour as `nobleAead` (tests run both against each other). */
export const nodeAead: AeadProvider = {
  name: 'node:crypto',
  ChaChaPoly: nodeCipher('ChaChaPoly', 'chacha20-poly1305'),
  AESGCM: nodeCipher('AESGCM', 'aes-256-gcm'),
};

// RFC 8410 DER wrappers for raw X25519 keys.
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);
const SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00,
]);

function wrap(prefix: Uint8Array, raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + raw.length);
  out.set(prefix, 0);
  out.set(raw, prefix.length);
  return out;
}

function privateKey(sk: Uint8Array): KeyObject {
  if (sk.length !== 32) throw new RangeError('X25519 secret key must be 32 bytes');
  return createPrivateKey({
    key: Buffer.from(wrap(PKCS8_PREFIX, sk)),
    format: 'der',
    type: 'pkcs8',
  });
}

/** X25519 through OpenSSL (RFC 7748; an all-zero result throws, as noble's does). */
export const nodeX25519: X25519Function = {
  publicKey(sk) {
    const der = createPublicKey(privateKey(sk)).export({ format: 'der', type: 'spki' });
    return new Uint8Array(der.subarray(der.length - 32));
  },
  sharedSecret(sk, pk) {
    if (pk.length !== 32) throw new RangeError('X25519 public key must be 32 bytes');
    const publicKey = createPublicKey({
      key: Buffer.from(wrap(SPKI_PREFIX, pk)),
      format: 'der',
      type: 'spki',
    });
    const out = diffieHellman({ privateKey: privateKey(sk), publicKey });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  },
};

function nodeHash(
  name: 'SHA256' | 'SHA512',
  algo: 'sha256' | 'sha512',
  hashLen: 32 | 64,
): NoiseHash {
  const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);
  return {
    name,
    hashLen,
    hash: (data) => view(createHash(algo).update(data).digest()),
    hmac: (key, data) => view(createHmac(algo, key).update(data).digest()),
  };
}

/** SHA-256 and SHA-512 through OpenSSL (several times faster than the pure-JS ones here). */
export const nodeHashes: Readonly<Record<'SHA256' | 'SHA512', NoiseHash>> = {
  SHA256: nodeHash('SHA256', 'sha256', 32),
  SHA512: nodeHash('SHA512', 'sha512', 64),
};

/** Everything native: pass as `primitives` to sessions and HandshakeState. */
export const nodePrimitives: PrimitiveSet = {
  aead: nodeAead,
  x25519: nodeX25519,
  hashes: nodeHashes,
};
