import { toHex } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  certificateSignatureValid,
  decodeAttestation,
  decodeCertificate,
  decodeIdentityPayload,
  HandshakeState,
  PATTERN_NAMES,
  parsePattern,
  parseProtocolName,
  seededRandom,
  type TransportErrorCode,
  XWING,
} from '../src/index.js';
import { agent, quidOf } from './fixtures.js';

function code(f: () => unknown): TransportErrorCode | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: TransportErrorCode }).code;
  }
  return undefined;
}

describe('certificate and attestation codecs', () => {
  test('decode what was issued', () => {
    const c = decodeCertificate(agent.certificate);
    expect(c.subject).toBe('rigel');
    expect(c.quid).toBe(quidOf(agent));
    expect(certificateSignatureValid(c)).toBe(true);
    const a = decodeAttestation(agent.attestation);
    expect(new TextDecoder().decode(a.hardwareId)).toBe('hw-rigel');
    expect(a.measurements.map((m) => m.length)).toEqual([32, 48]);
  });

  test('every truncation and any flipped bit is a typed error or a failed signature', () => {
    for (const [bytes, decode, err] of [
      [agent.certificate, decodeCertificate, 'BAD_CERTIFICATE'],
      [agent.attestation, decodeAttestation, 'BAD_ATTESTATION'],
    ] as const) {
      for (let n = 0; n < bytes.length; n += 97)
        expect(code(() => decode(bytes.subarray(0, n)))).toBe(err);
      expect(code(() => decode(new Uint8Array([...bytes, 0])))).toBe(err);
    }
    fc.assert(
      fc.property(fc.nat({ max: agent.certificate.length * 8 - 1 }), (bit) => {
        const b = agent.certificate.slice();
        b[bit >> 3] = (b[bit >> 3] as number) ^ (1 << (bit & 7));
        const c = code(() => {
          if (!certificateSignatureValid(decodeCertificate(b)))
            throw Object.assign(new Error(), { code: 'SIG' });
        });
        expect(c).toMatch(/^(BAD_CERTIFICATE|SIG)$/);
      }),
      { numRuns: 20 },
    );
  });

  test('random bytes never crash the decoders', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        expect(code(() => decodeCertificate(b))).toBe('BAD_CERTIFICATE');
        expect(code(() => decodeAttestation(b))).toBe('BAD_ATTESTATION');
        const p = code(() => decodeIdentityPayload('initiator', b));
        expect(p === undefined || p === 'MALFORMED_MESSAGE').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('patterns and protocol names', () => {
  test('all 38 Noise patterns and the 5 KEM patterns parse', () => {
    expect(PATTERN_NAMES).toHaveLength(43);
    for (const n of PATTERN_NAMES) expect(parsePattern(n).messages.length).toBeGreaterThan(0);
  });

  test('PSK modifiers are placed as rev 34 §9 says', () => {
    expect(parsePattern('NNpsk0').messages).toEqual([
      ['psk', 'e'],
      ['e', 'ee'],
    ]);
    expect(parsePattern('NNpsk0+psk2').messages).toEqual([
      ['psk', 'e'],
      ['e', 'ee', 'psk'],
    ]);
    expect(parsePattern('pqIKpsk2').messages).toEqual([
      ['skem', 'e', 's'],
      ['ekem', 'skem', 'psk'],
    ]);
    expect(parsePattern('XXpsk3').messages[2]).toEqual(['s', 'se', 'psk']);
  });

  test('bad names are typed errors', () => {
    for (const n of [
      'Noise_ZZ_25519_ChaChaPoly_SHA256',
      'Noise_XXpsk9_25519_ChaChaPoly_SHA256',
      'Noise_NNpsk0+psk0_25519_ChaChaPoly_SHA256',
      'Noise_toString_25519_ChaChaPoly_SHA256',
    ]) {
      expect(code(() => parseProtocolName(n))).toBe('INVALID_PATTERN');
    }
    for (const n of [
      'Noise_XX_25519_ChaChaPoly',
      'Noise_XX_FOO_ChaChaPoly_SHA256',
      'Noise_XX_25519_DES_SHA256',
      'Noise_XX_25519_AESGCM_MD5',
      'Noise_pqXX_25519_AESGCM_SHA256',
      'Noise_XX_XWing_AESGCM_SHA256',
    ]) {
      expect(code(() => parseProtocolName(n))).toBe('INVALID_PROTOCOL_NAME');
    }
  });

  test('missing keys, wrong turns and short messages are typed errors', () => {
    expect(
      code(
        () => new HandshakeState({ protocol: 'Noise_NK_25519_ChaChaPoly_SHA256', initiator: true }),
      ),
    ).toBe('MISSING_KEY');
    const hs = new HandshakeState({
      protocol: 'Noise_NN_25519_ChaChaPoly_SHA256',
      initiator: true,
    });
    expect(code(() => hs.readMessage(new Uint8Array(32)))).toBe('HANDSHAKE_STATE');
    const r = new HandshakeState({
      protocol: 'Noise_NN_25519_ChaChaPoly_SHA256',
      initiator: false,
    });
    expect(code(() => r.readMessage(new Uint8Array(31)))).toBe('MALFORMED_MESSAGE');
    expect(code(() => r.split())).toBe('HANDSHAKE_STATE');
    const p = new HandshakeState({
      protocol: 'Noise_NNpsk0_25519_ChaChaPoly_SHA256',
      initiator: true,
    });
    expect(code(() => p.writeMessage())).toBe('MISSING_KEY');
  });
});

describe('KEM patterns at the HandshakeState level', () => {
  const kp = (b: number) => XWING.keyPairFromSeed(new Uint8Array(32).fill(b));
  const cases: [string, boolean, boolean][] = [
    // name, initiator has a static key known to the responder, responder has one known to the initiator
    ['pqNN', false, false],
    ['pqNK', false, true],
    ['pqKK', true, true],
    ['pqIK', false, true],
    ['pqXX', false, false],
    ['pqIKpsk2', false, true],
    ['pqXXpsk3', false, false],
  ];
  for (const [pattern, iKnown, rKnown] of cases) {
    test(`${pattern} completes and both sides agree`, () => {
      const name = `Noise_${pattern}_XWing_ChaChaPoly_SHA256`;
      const si = kp(1);
      const sr = kp(2);
      const psks = pattern.includes('psk') ? [new Uint8Array(32).fill(9)] : [];
      const i = new HandshakeState({
        protocol: name,
        initiator: true,
        staticKeyPair: si,
        remoteStaticPublicKey: rKnown ? sr.publicKey : undefined,
        psks,
        random: seededRandom(new Uint8Array(32).fill(3)),
      });
      const r = new HandshakeState({
        protocol: name,
        initiator: false,
        staticKeyPair: sr,
        remoteStaticPublicKey: iKnown ? si.publicKey : undefined,
        psks,
        random: seededRandom(new Uint8Array(32).fill(4)),
      });
      for (let k = 0; !i.isComplete; k++) {
        const [w, rd] = k % 2 === 0 ? [i, r] : [r, i];
        expect(toHex(rd.readMessage(w.writeMessage(Uint8Array.of(k))))).toBe(
          toHex(Uint8Array.of(k)),
        );
      }
      expect(r.isComplete).toBe(true);
      expect(toHex(r.handshakeHash)).toBe(toHex(i.handshakeHash));
      const [i1] = i.split();
      const [r1] = r.split();
      expect(
        toHex(
          r1.decryptWithAd(
            new Uint8Array(0),
            i1.encryptWithAd(new Uint8Array(0), Uint8Array.of(7)),
          ),
        ),
      ).toBe('07');
    });
  }
});
