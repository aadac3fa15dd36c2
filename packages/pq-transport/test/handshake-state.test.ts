import { concat, toHex } from '@qcos/identity';
import { describe, expect, test } from 'vitest';
import {
  type HandshakeOptions,
  type HandshakePattern,
  HandshakeState,
  MAX_NOISE_MESSAGE,
  type NoiseProtocol,
  nobleAead,
  parseProtocolName,
  SHA256,
  SymmetricState,
  seededRandom,
  type Token,
  TransportError,
  X25519,
  XWING,
} from '../src/index.js';
import { errorOf } from './error-of.js';
import { seed } from './fixtures.js';

const name = (pattern: string, agreement = '25519') =>
  `Noise_${pattern}_${agreement}_ChaChaPoly_SHA256`;
const dhKey = (b: number) => X25519.keyPairFromSecret(seed(b));
const kemKey = (b: number) => XWING.keyPairFromSeed(seed(b));
const psk = seed(0x55);

/** Initiator and responder of `pattern` with fixed ephemerals, statics and random. */
function pair(
  pattern: string,
  i: Partial<HandshakeOptions> = {},
  r: Partial<HandshakeOptions> = {},
) {
  const initiator = new HandshakeState({
    protocol: name(pattern),
    initiator: true,
    ephemeralKeyPair: dhKey(1),
    staticKeyPair: dhKey(2),
    remoteStaticPublicKey: dhKey(4).publicKey,
    ...i,
  });
  const responder = new HandshakeState({
    protocol: name(pattern),
    initiator: false,
    ephemeralKeyPair: dhKey(3),
    staticKeyPair: dhKey(4),
    remoteStaticPublicKey: dhKey(2).publicKey,
    ...r,
  });
  return { initiator, responder };
}

/** A parsed protocol with its pattern replaced (for shapes no built-in name produces). */
function custom(protocol: string, pattern: Partial<HandshakePattern>): NoiseProtocol {
  const p = parseProtocolName(protocol);
  return { ...p, pattern: { ...p.pattern, ...pattern } };
}
const only = (...tokens: Token[]) => ({ messages: [tokens] });

describe('HandshakeState construction', () => {
  test.each([
    ['responder without its own pre-message static', false],
    ['initiator without the responder static', true],
  ])('NK: a %s is MISSING_KEY at s', (_, initiator) => {
    const create = () => new HandshakeState({ protocol: name('NK'), initiator });
    expect(errorOf(create)).toStrictEqual({ code: 'MISSING_KEY', field: 's', offset: undefined });
  });

  test.each([31, 33, 0])('a PSK of %i bytes is INVALID_KEY at psk, up front or late', (n) => {
    const bad = new Uint8Array(n);
    expect(errorOf(() => pair('NNpsk0', { psks: [psk, bad] }))).toStrictEqual({
      code: 'INVALID_KEY',
      field: 'psk',
      offset: undefined,
    });
    const { initiator } = pair('NNpsk0');
    expect(errorOf(() => initiator.addPsk(bad))).toStrictEqual({
      code: 'INVALID_KEY',
      field: 'psk',
      offset: undefined,
    });
  });

  test('a pre-message e under a PSK pattern is mixed into the key as well as the hash', () => {
    const protocol = custom(name('NNpsk0'), { initiatorPreMessage: ['e'], messages: [[]] });
    const e = dhKey(1);
    const initiator = new HandshakeState({ protocol, initiator: true, ephemeralKeyPair: e });
    const responder = new HandshakeState({
      protocol,
      initiator: false,
      remoteEphemeralPublicKey: e.publicKey,
    });
    const ss = new SymmetricState(protocol.name, SHA256, nobleAead.ChaChaPoly);
    ss.mixHash(new Uint8Array(0));
    ss.mixHash(e.publicKey);
    ss.mixKey(e.publicKey);
    const payload = Uint8Array.of(1, 2, 3);
    const m = initiator.writeMessage(payload);
    expect(toHex(m)).toBe(toHex(ss.encryptAndHash(payload)));
    expect(responder.readMessage(m)).toStrictEqual(payload);
    expect(toHex(responder.handshakeHash)).toBe(toHex(ss.handshakeHash));
  });
});

describe('HandshakeState PSKs', () => {
  test('a PSK pattern with no PSK left is MISSING_KEY at psk', () => {
    expect(errorOf(() => pair('NNpsk0').initiator.writeMessage())).toStrictEqual({
      code: 'MISSING_KEY',
      field: 'psk',
      offset: undefined,
    });
    const { initiator, responder } = pair('NNpsk2', { psks: [psk] });
    responder.readMessage(initiator.writeMessage());
    expect(errorOf(() => responder.writeMessage())).toStrictEqual({
      code: 'MISSING_KEY',
      field: 'psk',
      offset: undefined,
    });
  });

  test('a PSK added late completes the same handshake as one given up front', () => {
    const early = pair('NNpsk2', { psks: [psk] }, { psks: [psk] });
    const late = pair('NNpsk2', { psks: [psk] });
    for (const p of [early, late]) p.responder.readMessage(p.initiator.writeMessage());
    late.responder.addPsk(psk);
    for (const p of [early, late]) p.initiator.readMessage(p.responder.writeMessage());
    expect(toHex(late.responder.handshakeHash)).toBe(toHex(early.responder.handshakeHash));
    expect(late.initiator.isComplete).toBe(true);
  });
});

describe('HandshakeState turn and completion', () => {
  test('writing out of turn, reading out of turn and exporting early are HANDSHAKE_STATE', () => {
    const { initiator, responder } = pair('NN');
    const state = { code: 'HANDSHAKE_STATE', field: undefined, offset: undefined };
    expect(errorOf(() => responder.writeMessage())).toStrictEqual(state);
    expect(errorOf(() => initiator.readMessage(new Uint8Array(48)))).toStrictEqual(state);
    expect(errorOf(() => initiator.exporterSecret(Uint8Array.of(1)))).toStrictEqual(state);
    expect(errorOf(() => initiator.split())).toStrictEqual(state);
    responder.readMessage(initiator.writeMessage());
    initiator.readMessage(responder.writeMessage());
    expect(toHex(initiator.exporterSecret(Uint8Array.of(1)))).toBe(
      toHex(responder.exporterSecret(Uint8Array.of(1))),
    );
    expect(errorOf(() => initiator.writeMessage())).toStrictEqual(state);
    expect(errorOf(() => responder.readMessage(new Uint8Array(48)))).toStrictEqual(state);
  });

  test('a pattern without messages is HANDSHAKE_STATE on either side', () => {
    const protocol = custom(name('NN'), { messages: [] });
    const state = { code: 'HANDSHAKE_STATE', field: undefined, offset: undefined };
    const i = new HandshakeState({ protocol, initiator: true, ephemeralKeyPair: dhKey(1) });
    const r = new HandshakeState({ protocol, initiator: false });
    expect(errorOf(() => i.writeMessage())).toStrictEqual(state);
    expect(errorOf(() => r.readMessage(new Uint8Array(0)))).toStrictEqual(state);
  });
});

describe('HandshakeState keys', () => {
  test('without an injected ephemeral a DH pattern draws it from the random source', () => {
    const { initiator } = pair('NN', {
      ephemeralKeyPair: undefined,
      random: seededRandom(seed(9)),
    });
    const expected = X25519.generateKeyPair(seededRandom(seed(9))).publicKey;
    expect(toHex(initiator.writeMessage())).toBe(toHex(expected));
  });

  test('the remote ephemeral is kept as a copy, not a view of the caller’s buffer', () => {
    const { initiator, responder } = pair('NN');
    const m = initiator.writeMessage();
    responder.readMessage(m);
    m.fill(0xee);
    expect(responder.remoteEphemeralPublicKey).toStrictEqual(dhKey(1).publicKey);
    initiator.readMessage(responder.writeMessage());
    expect(initiator.isComplete).toBe(true);
  });

  test('a static sent in clear (IN) is kept as a copy, not a view of the caller’s buffer', () => {
    const { initiator, responder } = pair('IN');
    const m = initiator.writeMessage();
    responder.readMessage(m);
    m.fill(0xee);
    expect(responder.remoteStaticPublicKey).toStrictEqual(dhKey(2).publicKey);
  });

  test('an XX responder without a static key is MISSING_KEY at s when it must send it', () => {
    const { initiator, responder } = pair('XX', {}, { staticKeyPair: undefined });
    responder.readMessage(initiator.writeMessage());
    expect(errorOf(() => responder.writeMessage())).toStrictEqual({
      code: 'MISSING_KEY',
      field: 's',
      offset: undefined,
    });
  });
});

describe('HandshakeState message sizes', () => {
  const tooLarge = { code: 'MESSAGE_TOO_LARGE', field: undefined, offset: undefined };

  test('a 65535-byte handshake message is written and read; one byte more is MESSAGE_TOO_LARGE', () => {
    const big = new Uint8Array(MAX_NOISE_MESSAGE - 32).fill(7);
    const { initiator, responder } = pair('NN');
    const m = initiator.writeMessage(big);
    expect(m.length).toBe(MAX_NOISE_MESSAGE);
    expect(responder.readMessage(m)).toStrictEqual(big);
    expect(
      errorOf(() => pair('NN').initiator.writeMessage(concat(big, Uint8Array.of(7)))),
    ).toStrictEqual(tooLarge);
    expect(
      errorOf(() => pair('NN').responder.readMessage(concat(m, Uint8Array.of(7)))),
    ).toStrictEqual(tooLarge);
  });
});

describe('HandshakeState malformed and tampered messages', () => {
  /** XX message 2 as the initiator receives it: e (32) ‖ s (48) ‖ payload (16). */
  function xxSecond() {
    const p = pair('XX');
    p.responder.readMessage(p.initiator.writeMessage());
    return { ...p, m: p.responder.writeMessage() };
  }
  const flip = (m: Uint8Array, at: number) => {
    const out = m.slice();
    out[at] = (out[at] as number) ^ 1;
    return out;
  };

  test('a message shorter than e is MALFORMED_MESSAGE at e, offset 0', () => {
    expect(errorOf(() => pair('NN').responder.readMessage(new Uint8Array(31)))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'e',
      offset: 0,
    });
  });

  test('a message cut inside the encrypted static is MALFORMED_MESSAGE at s, offset 32', () => {
    const { initiator, m } = xxSecond();
    expect(m.length).toBe(96);
    expect(errorOf(() => initiator.readMessage(m.subarray(0, 79)))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 's',
      offset: 32,
    });
  });

  test.each([
    ['s', 40, 32],
    ['s', 79, 32],
    ['payload', 80, 80],
    ['payload', 95, 80],
  ])(
    'a flipped bit in %s (byte %i) is DECRYPT_FAILED at that field, offset %i',
    (field, at, offset) => {
      const { initiator, m } = xxSecond();
      expect(errorOf(() => initiator.readMessage(flip(m, at)))).toStrictEqual({
        code: 'DECRYPT_FAILED',
        field,
        offset,
      });
    },
  );

  test.each([
    ['a plain error', new RangeError('back end fault')],
    ['a transport error of another code', new TransportError('INVALID_KEY', 'back end fault')],
  ])('%s from inside the AEAD back end propagates as itself, not as DECRYPT_FAILED', (_, fault) => {
    const faulty = {
      ...nobleAead.ChaChaPoly,
      open: () => {
        throw fault;
      },
    };
    const protocol = { ...parseProtocolName(name('NN')), cipher: faulty };
    const { initiator, responder } = pair('NN', { protocol }, { protocol });
    responder.readMessage(initiator.writeMessage());
    const m = responder.writeMessage();
    let thrown: unknown;
    try {
      initiator.readMessage(m);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(fault);
  });
});

describe('HandshakeState tokens the key agreement cannot serve', () => {
  const invalid = { code: 'INVALID_PATTERN', field: undefined, offset: undefined };

  test('a KEM token in a DH protocol is INVALID_PATTERN when writing and when reading', () => {
    const protocol = custom(name('NN'), only('ekem'));
    const i = new HandshakeState({ protocol, initiator: true });
    const r = new HandshakeState({ protocol, initiator: false });
    expect(errorOf(() => i.writeMessage())).toStrictEqual(invalid);
    expect(errorOf(() => r.readMessage(new Uint8Array(2000)))).toStrictEqual(invalid);
  });

  test('a DH token in a KEM protocol is INVALID_PATTERN', () => {
    const protocol = custom(name('pqNN', 'XWing'), only('ee'));
    const i = new HandshakeState({ protocol, initiator: true, ephemeralKeyPair: kemKey(1) });
    expect(errorOf(() => i.writeMessage())).toStrictEqual(invalid);
  });

  test.each([
    ['ekem', 'e'],
    ['skem', 's'],
  ] as const)('%s without the remote key to encapsulate to is MISSING_KEY at %s', (t, field) => {
    const protocol = custom(name('pqNN', 'XWing'), only(t));
    const i = new HandshakeState({ protocol, initiator: true, random: seededRandom(seed(3)) });
    expect(errorOf(() => i.writeMessage())).toStrictEqual({
      code: 'MISSING_KEY',
      field,
      offset: undefined,
    });
  });

  test.each([
    ['ekem', 'e'],
    ['skem', 's'],
  ] as const)('%s without the own key to decapsulate with is MISSING_KEY at %s', (t, field) => {
    const protocol = custom(name('pqNN', 'XWing'), only(t));
    const r = new HandshakeState({ protocol, initiator: false });
    expect(errorOf(() => r.readMessage(new Uint8Array(XWING.cipherTextLength)))).toStrictEqual({
      code: 'MISSING_KEY',
      field,
      offset: undefined,
    });
  });
});

describe('HandshakeState DH tokens without their keys', () => {
  const missingE = { code: 'MISSING_KEY', field: 'e', offset: undefined };

  test.each([
    ['ee without the own ephemeral', 'ee', {}],
    ['ee without the remote ephemeral', 'ee', { ephemeralKeyPair: dhKey(1) }],
    ['es without the own ephemeral', 'es', { remoteStaticPublicKey: dhKey(4).publicKey }],
  ] as const)('an initiator writing %s is MISSING_KEY at e', (_, t, o) => {
    const protocol = custom(name('NN'), only(t));
    const i = new HandshakeState({ protocol, initiator: true, ...o });
    expect(errorOf(() => i.writeMessage())).toStrictEqual(missingE);
  });

  test('a responder reading se without its own ephemeral is MISSING_KEY at e', () => {
    const protocol = custom(name('NN'), only('se'));
    const r = new HandshakeState({ protocol, initiator: false, staticKeyPair: dhKey(4) });
    expect(errorOf(() => r.readMessage(new Uint8Array(16)))).toStrictEqual(missingE);
  });
});
