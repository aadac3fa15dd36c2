import { readFileSync } from 'node:fs';
import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js';
import { fromHex, toHex } from '@qcos/identity';
import { describe, expect, test } from 'vitest';
import {
  type AeadProvider,
  HandshakeState,
  nobleAead,
  type PrimitiveSet,
  parseProtocolName,
  XWING,
  xwingKem,
} from '../src/index.js';
import { nodeAead, nodePrimitives, nodeX25519 } from '../src/native-crypto.js';

const dir = new URL('../../../conformance/vectors/pq-transport/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const hex = (s: string) => fromHex(s) as Uint8Array;

interface Side {
  prologue: string;
  static?: string;
  ephemeral?: string;
  remoteStatic?: string;
  psks?: string[];
}

function party(protocol: string, s: Side, initiator: boolean, primitives: PrimitiveSet) {
  const parsed = parseProtocolName(protocol, primitives);
  if (parsed.keyAgreement.kind !== 'dh') throw new Error('DH expected');
  const dh = parsed.keyAgreement.dh;
  return new HandshakeState({
    protocol: parsed,
    initiator,
    prologue: hex(s.prologue),
    staticKeyPair: s.static === undefined ? undefined : dh.keyPairFromSecret(hex(s.static)),
    ephemeralKeyPair:
      s.ephemeral === undefined ? undefined : dh.keyPairFromSecret(hex(s.ephemeral)),
    remoteStaticPublicKey: s.remoteStatic === undefined ? undefined : hex(s.remoteStatic),
    psks: (s.psks ?? []).map(hex),
  });
}

const noise = load('noise-cacophony-25519-chachapoly-sha256.json');
const backends: [string, PrimitiveSet][] = [
  ['noble', { aead: nobleAead }],
  ['node:crypto AEAD + X25519 + SHA-256', nodePrimitives],
];

describe('Noise rev 34 vectors (cacophony, 59 patterns)', () => {
  test('the file holds the 59 cases', () => {
    expect(noise.vectors).toHaveLength(59);
  });
  for (const [label, primitives] of backends) {
    test(`every case matches byte for byte with ${label}`, () => {
      for (const v of noise.vectors) {
        const i = party(v.input.protocol, v.input.initiator, true, primitives);
        const r = party(v.input.protocol, v.input.responder, false, primitives);
        const payloads: Uint8Array[] = v.input.payloads.map(hex);
        const out: string[] = [];
        let k = 0;
        for (; !i.isComplete; k++) {
          const [w, rd] = k % 2 === 0 ? [i, r] : [r, i];
          const ct = w.writeMessage(payloads[k]);
          expect(toHex(rd.readMessage(ct))).toBe(toHex(payloads[k] as Uint8Array));
          out.push(toHex(ct));
        }
        expect(r.isComplete, v.name).toBe(true);
        expect(toHex(i.handshakeHash), v.name).toBe(v.output.handshakeHash);
        expect(toHex(r.handshakeHash), v.name).toBe(v.output.handshakeHash);
        const [i1, i2] = i.split();
        const [r1, r2] = r.split();
        for (; k < payloads.length; k++) {
          const fromInitiator = i.protocol.pattern.oneWay || k % 2 === 0;
          const [send, recv] = fromInitiator ? [i1, r1] : [r2, i2];
          const ct = send.encryptWithAd(new Uint8Array(0), payloads[k] as Uint8Array);
          expect(toHex(recv.decryptWithAd(new Uint8Array(0), ct))).toBe(
            toHex(payloads[k] as Uint8Array),
          );
          out.push(toHex(ct));
        }
        expect(out, v.name).toEqual(v.output.ciphertexts);
      }
    });
  }

  test('other cipher/hash names from the same format run end to end and differ', () => {
    const v = noise.vectors.find(
      (x: { name: string }) => x.name === 'Noise_XX_25519_ChaChaPoly_SHA256',
    );
    const hashes = new Set<string>();
    for (const suite of [
      'ChaChaPoly_SHA256',
      'AESGCM_SHA256',
      'ChaChaPoly_SHA512',
      'AESGCM_SHA512',
      'ChaChaPoly_BLAKE2s',
      'AESGCM_BLAKE2b',
    ]) {
      for (const aead of [nobleAead, nodeAead] as AeadProvider[]) {
        const name = `Noise_XX_25519_${suite}`;
        const i = party(name, v.input.initiator, true, { aead });
        const r = party(name, v.input.responder, false, {
          aead: aead === nobleAead ? nodeAead : nobleAead,
        });
        for (let k = 0; !i.isComplete; k++) {
          const [w, rd] = k % 2 === 0 ? [i, r] : [r, i];
          rd.readMessage(w.writeMessage(new Uint8Array([k])));
        }
        expect(toHex(r.handshakeHash)).toBe(toHex(i.handshakeHash));
        hashes.add(toHex(i.handshakeHash));
      }
    }
    expect(hashes.size).toBe(6);
  });
});

describe('X-Wing (draft-connolly-cfrg-xwing-kem vectors)', () => {
  const xw = load('xwing.json');
  const impls = [
    ['package X-Wing (noble X25519)', XWING],
    ['package X-Wing (node:crypto X25519)', xwingKem(nodeX25519)],
  ] as const;
  test('3 cases', () => expect(xw.vectors).toHaveLength(3));
  for (const [label, kem] of impls) {
    test(label, () => {
      for (const v of xw.vectors) {
        const kp = kem.keyPairFromSeed(hex(v.input.seed));
        expect(toHex(kp.publicKey)).toBe(v.output.publicKey);
        expect(toHex(kp.seed)).toBe(v.output.secretKey);
        const enc = kem.encapsulate(kp.publicKey, hex(v.input.eseed));
        expect(toHex(enc.cipherText)).toBe(v.output.cipherText);
        expect(toHex(enc.sharedSecret)).toBe(v.output.sharedSecret);
        expect(toHex(kem.decapsulate(enc.cipherText, kp))).toBe(v.output.sharedSecret);
      }
    });
  }
  test('@noble/post-quantum ml_kem768_x25519 gives the same answers', () => {
    for (const v of xw.vectors) {
      const k = ml_kem768_x25519.keygen(hex(v.input.seed));
      expect(toHex(k.publicKey)).toBe(v.output.publicKey);
      const e = ml_kem768_x25519.encapsulate(k.publicKey, hex(v.input.eseed));
      expect(toHex(e.cipherText)).toBe(v.output.cipherText);
      expect(toHex(ml_kem768_x25519.decapsulate(e.cipherText, k.secretKey))).toBe(
        v.output.sharedSecret,
      );
    }
  });
  test('a tampered ciphertext decapsulates to a different secret (implicit rejection)', () => {
    const v = xw.vectors[0];
    const kp = XWING.keyPairFromSeed(hex(v.input.seed));
    const ct = hex(v.output.cipherText);
    ct[5] = (ct[5] as number) ^ 1;
    expect(toHex(XWING.decapsulate(ct, kp))).not.toBe(v.output.sharedSecret);
  });
});
