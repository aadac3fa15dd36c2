import { sha256 } from '@noble/hashes/sha2.js';
import { concat } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  cookieKey,
  encodeHeader,
  MAX_APP_PROLOGUE,
  MAX_NOISE_MESSAGE,
  parseInitiation,
  type Suite,
  sessionPrologue,
} from '../src/index.js';
import { errorOf } from './error-of.js';

const IK_CHACHA: Suite = { pattern: 'IK', cipher: 'ChaChaPoly' };
const ascii = (s: string) => new TextEncoder().encode(s);
const MACS = new Uint8Array(32).fill(0x41); // ASCII, so a key id overrunning into it still decodes
/** A message 1: header (type 1, version 1, suite IK/ChaChaPoly, key id) ‖ noise ‖ two MACs. */
const initiation = (keyId: Uint8Array, noise: Uint8Array) =>
  concat(Uint8Array.of(1, 1, 1, keyId.length), keyId, noise, MACS);

describe('encodeHeader', () => {
  it('writes type, version, suite, key id length and key id', () => {
    expect(encodeHeader(IK_CHACHA, 'ab')).toStrictEqual(Uint8Array.of(1, 1, 1, 2, 0x61, 0x62));
    expect(encodeHeader(IK_CHACHA, undefined)).toStrictEqual(Uint8Array.of(1, 1, 1, 0));
  });

  it('accepts a 64-byte EKS key id', () => {
    expect(encodeHeader(IK_CHACHA, 'k'.repeat(64)).length).toBe(68);
  });

  it.each([
    ['empty', ''],
    ['65 bytes', 'k'.repeat(65)],
  ])('an EKS key id that is %s is INVALID_ARGUMENT at eksKeyId', (_, id) => {
    expect(errorOf(() => encodeHeader(IK_CHACHA, id))).toStrictEqual({
      code: 'INVALID_ARGUMENT',
      field: 'eksKeyId',
      offset: undefined,
    });
  });
});

describe('parseInitiation', () => {
  it('the shortest message 1 (36 bytes) parses to an empty noise message', () => {
    const { header, noise } = parseInitiation(initiation(new Uint8Array(0), new Uint8Array(0)));
    expect(header).toStrictEqual({
      suite: IK_CHACHA,
      eksKeyId: undefined,
      bytes: Uint8Array.of(1, 1, 1, 0),
    });
    expect(noise).toStrictEqual(new Uint8Array(0));
  });

  it.each([35, 10, 5, 0])('a %i-byte message is MALFORMED_MESSAGE at length, offset 0', (n) => {
    const msg = initiation(new Uint8Array(0), new Uint8Array(0)).subarray(36 - n);
    msg.set(Uint8Array.of(1, 1, 1, 0).subarray(0, n));
    expect(errorOf(() => parseInitiation(msg))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'length',
      offset: 0,
    });
  });

  it('a key id running into the MACs is MALFORMED_MESSAGE at eksKeyId, offset 4', () => {
    const msg = initiation(new Uint8Array(0), new Uint8Array(0));
    msg[3] = 1;
    expect(errorOf(() => parseInitiation(msg))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'eksKeyId',
      offset: 4,
    });
  });

  it('a key id filling the space before the MACs parses with an empty noise message', () => {
    const { header, noise } = parseInitiation(initiation(ascii('id'), new Uint8Array(0)));
    expect(header.eksKeyId).toBe('id');
    expect(noise.length).toBe(0);
  });

  it('a noise message of exactly MAX_NOISE_MESSAGE bytes parses', () => {
    const msg = initiation(ascii('id'), new Uint8Array(MAX_NOISE_MESSAGE));
    expect(parseInitiation(msg).noise.length).toBe(MAX_NOISE_MESSAGE);
  });

  it('a noise message one byte over is MESSAGE_TOO_LARGE at noise, after the key id', () => {
    const msg = initiation(ascii('id'), new Uint8Array(MAX_NOISE_MESSAGE + 1));
    expect(errorOf(() => parseInitiation(msg))).toStrictEqual({
      code: 'MESSAGE_TOO_LARGE',
      field: 'noise',
      offset: 6,
    });
  });
});

describe('sessionPrologue', () => {
  it('is the label, the u16 application prologue length, the prologue and the header', () => {
    const app = new Uint8Array(MAX_APP_PROLOGUE).fill(9);
    const header = Uint8Array.of(1, 1, 1, 0);
    expect(sessionPrologue(app, header)).toStrictEqual(
      concat(ascii('QCOS-PQT/1'), Uint8Array.of(0x04, 0x00), app, header),
    );
  });

  it('an application prologue over MAX_APP_PROLOGUE is INVALID_ARGUMENT at prologue', () => {
    const app = new Uint8Array(MAX_APP_PROLOGUE + 1);
    expect(errorOf(() => sessionPrologue(app, new Uint8Array(0)))).toStrictEqual({
      code: 'INVALID_ARGUMENT',
      field: 'prologue',
      offset: undefined,
    });
  });
});

describe('cookieKey', () => {
  it('hashes the cookie label with the responder static key', () => {
    const key = new Uint8Array(1216).fill(0x42);
    expect(cookieKey(key)).toStrictEqual(sha256(concat(ascii('cookie--'), key)));
  });

  it('without a responder key (first contact) hashes the label with the protocol label', () => {
    expect(cookieKey(undefined)).toStrictEqual(sha256(ascii('cookie--QCOS-PQT/1')));
  });
});
