import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  COOKIE_EPOCH_MS,
  COOKIE_REPLY_LENGTH,
  CookieGuard,
  decodeCookieReply,
  initiationMacs,
  MAX_SOURCE_LENGTH,
  mac1Key,
  sealInitiation,
  seededRandom,
  XWING,
} from '../src/index.js';
import { err, errorOf } from './error-of.js';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const NOW = 1_795_219_200_000;
const SOURCE = new TextEncoder().encode('10.0.0.7:4000');
const IK = 0x01;
const XX = 0x02; // low nibble 2: pqXX, the initiator knows no responder key

let pk: Uint8Array;
beforeAll(() => {
  pk = XWING.keyPairFromSeed(bytes(32, 0x44)).publicKey;
});

const guard = (random = seededRandom(bytes(32, 10))) =>
  new CookieGuard({ responderStaticPublicKey: pk, secret: bytes(32, 9), random });

/** A message 1 of `length` bytes (header byte 2 = suite) whose mac1 is keyed by `key`. */
function initiation(length: number, suite = IK, key = mac1Key(pk), type = 0x01): Uint8Array {
  const body = bytes(length - 32, 0x5a);
  body.set([type, 1, suite].slice(0, body.length));
  return sealInitiation(body, key);
}

/** The cookie the guard hands out: HMAC(HMAC(secret, u64 epoch), source)[0:16]. */
function expectedCookie(epoch: number, source: Uint8Array): Uint8Array {
  const e = new Uint8Array(8);
  new DataView(e.buffer).setBigUint64(0, BigInt(epoch));
  return hmac(sha256, hmac(sha256, bytes(32, 9), e), source).slice(0, 16);
}

describe('CookieGuard', () => {
  test.each([0, 31, 33])('a %i-byte secret is INVALID_ARGUMENT at secret', (n) => {
    const make = () => new CookieGuard({ responderStaticPublicKey: pk, secret: bytes(n, 9) });
    expect(errorOf(make)).toStrictEqual(err('INVALID_ARGUMENT', 'secret'));
  });

  test('the shortest message 1 (4 header bytes and two MACs) with a good mac1 is accepted when not under load', () => {
    expect(guard().check(initiation(36), SOURCE, NOW, false)).toStrictEqual({ kind: 'accept' });
  });

  test.each([
    ['35 bytes long', () => initiation(35)],
    ['of type 0x02', () => initiation(100, IK, mac1Key(pk), 0x02)],
    ['of type 0x03', () => initiation(100, IK, mac1Key(pk), 0x03)],
  ])('a message 1 %s is dropped as MALFORMED_MESSAGE, even with a good mac1', (_, m) => {
    expect(guard().check(m(), SOURCE, NOW, false)).toStrictEqual({
      kind: 'drop',
      code: 'MALFORMED_MESSAGE',
    });
  });

  test('a source address of MAX_SOURCE_LENGTH bytes is accepted, one byte more is INVALID_ARGUMENT', () => {
    const g = guard();
    const m = initiation(100);
    expect(MAX_SOURCE_LENGTH).toBe(255);
    expect(g.check(m, bytes(255, 1), NOW, false)).toStrictEqual({ kind: 'accept' });
    expect(g.check(m, bytes(256, 1), NOW, false)).toStrictEqual({
      kind: 'drop',
      code: 'INVALID_ARGUMENT',
    });
  });

  test.each([
    ['pqXX, mac1 keyed by the protocol label', XX, () => mac1Key(undefined), 'accept'],
    ['pqXX, mac1 keyed by the responder key', XX, () => mac1Key(pk), 'drop'],
    ['pqIK, mac1 keyed by the protocol label', IK, () => mac1Key(undefined), 'drop'],
    ['pqIK, mac1 keyed by the responder key', IK, () => mac1Key(pk), 'accept'],
  ])('%s: %s', (_, suite, key, kind) => {
    const verdict = guard().check(initiation(100, suite, key()), SOURCE, NOW, false);
    expect(verdict).toStrictEqual(kind === 'accept' ? { kind } : { kind, code: 'BAD_MAC' });
  });

  test('under load, a reply carries the injected nonce and seals the cookie of the current epoch', () => {
    const m = initiation(100);
    const verdict = guard().check(m, SOURCE, NOW, true);
    if (verdict.kind !== 'reply') throw new Error(`expected a reply, got ${verdict.kind}`);
    const { reply } = verdict;
    expect(reply.length).toBe(COOKIE_REPLY_LENGTH);
    expect(reply[0]).toBe(0x03);
    expect(reply.subarray(1, 25)).toStrictEqual(seededRandom(bytes(32, 10))(24));
    const cookie = decodeCookieReply(reply, pk, initiationMacs(m).mac1);
    expect(cookie).toStrictEqual(expectedCookie(Math.floor(NOW / COOKIE_EPOCH_MS), SOURCE));
  });

  test('a pqXX reply is sealed under the anonymous cookie key', () => {
    const m = initiation(100, XX, mac1Key(undefined));
    const verdict = guard().check(m, SOURCE, NOW, true);
    if (verdict.kind !== 'reply') throw new Error(`expected a reply, got ${verdict.kind}`);
    const cookie = decodeCookieReply(verdict.reply, undefined, initiationMacs(m).mac1);
    expect(cookie).toStrictEqual(expectedCookie(Math.floor(NOW / COOKIE_EPOCH_MS), SOURCE));
  });

  test.each([
    [0, 'accept'],
    [-1, 'accept'],
    [-2, 'reply'],
    [1, 'reply'],
  ])('under load, mac2 made with the cookie of epoch offset %i is %s', (offset, kind) => {
    const epoch = Math.floor(NOW / COOKIE_EPOCH_MS);
    const body = initiation(100).subarray(0, 68);
    const m = sealInitiation(body, mac1Key(pk), expectedCookie(epoch + offset, SOURCE));
    expect(guard().check(m, SOURCE, NOW, true).kind).toBe(kind);
  });
});

describe('decodeCookieReply', () => {
  let m: Uint8Array;
  let reply: Uint8Array;
  beforeAll(() => {
    m = initiation(100);
    const verdict = guard().check(m, SOURCE, NOW, true);
    reply = (verdict as { reply: Uint8Array }).reply;
  });

  test.each([
    ['re-typed 0x02', (r: Uint8Array) => Uint8Array.of(0x02, ...r.subarray(1))],
    ['re-typed 0x01', (r: Uint8Array) => Uint8Array.of(0x01, ...r.subarray(1))],
    ['one byte short', (r: Uint8Array) => r.subarray(0, r.length - 1)],
    ['one byte long', (r: Uint8Array) => Uint8Array.of(...r, 0)],
  ])('a reply %s is MALFORMED_MESSAGE at type, offset 0', (_, change) => {
    const decode = () => decodeCookieReply(change(reply), pk, initiationMacs(m).mac1);
    expect(errorOf(decode)).toStrictEqual(err('MALFORMED_MESSAGE', 'type', 0));
  });

  test('a reply bound to another mac1 is BAD_MAC at cookie, offset 25', () => {
    const decode = () => decodeCookieReply(reply, pk, bytes(16, 0));
    expect(errorOf(decode)).toStrictEqual(err('BAD_MAC', 'cookie', 25));
  });
});
