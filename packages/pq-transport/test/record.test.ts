import { toHex } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type AeadProvider,
  CipherState,
  nobleAead,
  REPLAY_WINDOW_SIZE,
  RecordLayer,
  type RecordOptions,
  ReplayWindow,
  type TransportErrorCode,
} from '../src/index.js';
import { nodeAead } from '../src/native-crypto.js';

const k1 = new Uint8Array(32).fill(1);
const k2 = new Uint8Array(32).fill(2);

function pair(
  o: RecordOptions = {},
  a: AeadProvider = nobleAead,
  b: AeadProvider = nobleAead,
  cipher: 'ChaChaPoly' | 'AESGCM' = 'ChaChaPoly',
) {
  const alice = new RecordLayer(new CipherState(a[cipher], k1), new CipherState(a[cipher], k2), o);
  const bob = new RecordLayer(new CipherState(b[cipher], k2), new CipherState(b[cipher], k1), o);
  return { alice, bob };
}

/** The error a failing call raised, as code, field and offset; undefined if it did not fail. */
function failure(f: () => unknown): { code: string; field?: string; offset?: number } | undefined {
  try {
    f();
  } catch (e) {
    const { code, field, offset } = e as { code: string; field?: string; offset?: number };
    return { code, field, offset };
  }
  return undefined;
}

/**
 * What the receiver must report for the first data record (counter 0, default rekey interval
 * 2^20) with bit `bit` flipped, following the order of checks in spec §7: type, length, counter
 * range, stream order or window, key epoch (at most 8 ahead), then the AEAD.
 */
function expectedFlip(bit: number, mode: 'stream' | 'datagram') {
  const byte = bit >> 3;
  if (byte === 0) {
    // 0x17 ^ 0x02 = 0x15 is the close type: a valid type, so the AEAD (whose ad holds it) fails
    return (bit & 7) === 1
      ? { code: 'DECRYPT_FAILED', field: 'ciphertext', offset: 11 }
      : { code: 'MALFORMED_MESSAGE', field: 'type', offset: 0 };
  }
  if (byte <= 2) return { code: 'MALFORMED_MESSAGE', field: 'length', offset: 1 };
  if (byte >= 11) return { code: 'DECRYPT_FAILED', field: 'ciphertext', offset: 11 };
  const counterBit = (10 - byte) * 8 + (bit & 7); // the counter's value is 2^counterBit
  if (counterBit >= 53) return { code: 'MALFORMED_MESSAGE', field: 'counter', offset: 3 };
  if (mode === 'stream') return { code: 'RECORD_OUT_OF_ORDER', field: 'counter', offset: 3 };
  // datagram: epoch 2^counterBit / 2^20; up to 8 epochs ahead the key is ratcheted and the tag fails
  if (counterBit >= 24) return { code: 'REKEY_GAP', field: 'counter', offset: 3 };
  return { code: 'DECRYPT_FAILED', field: 'ciphertext', offset: 11 };
}

function code(f: () => unknown): TransportErrorCode | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: TransportErrorCode }).code;
  }
  return undefined;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('record layer', () => {
  test('round trip both ways, both AEAD back ends against each other', () => {
    for (const cipher of ['ChaChaPoly', 'AESGCM'] as const) {
      const { alice, bob } = pair({}, nobleAead, nodeAead, cipher);
      for (let i = 0; i < 5; i++) {
        expect(toHex(bob.open(alice.seal(text(`a${i}`))))).toBe(toHex(text(`a${i}`)));
        expect(toHex(alice.open(bob.seal(text(`b${i}`))))).toBe(toHex(text(`b${i}`)));
      }
    }
  });

  test('the same keys produce the same records on both back ends', () => {
    const a = pair({}, nobleAead, nobleAead).alice;
    const b = pair({}, nodeAead, nodeAead).alice;
    for (let i = 0; i < 3; i++) expect(toHex(a.seal(text('x')))).toBe(toHex(b.seal(text('x'))));
  });

  test('sealParts gives the same bytes as seal, on both back ends', () => {
    for (const aead of [nobleAead, nodeAead]) {
      const a = pair({}, aead, aead).alice;
      const b = pair({}, aead, aead).alice;
      const { bob } = pair({}, aead, aead);
      for (const size of [0, 1, 1000]) {
        const pt = new Uint8Array(size).fill(size & 0xff);
        const whole = a.seal(pt);
        const parts = b.sealParts(pt);
        const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let o = 0;
        for (const p of parts) {
          joined.set(p, o);
          o += p.length;
        }
        expect(toHex(joined)).toBe(toHex(whole));
        expect(toHex(bob.open(joined))).toBe(toHex(pt));
      }
    }
  });

  test('flipping any bit of a record is rejected', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(),
        fc.constantFrom('stream', 'datagram'),
        (pt, pos, mode) => {
          const { alice, bob } = pair({ mode: mode as 'stream' | 'datagram' });
          const rec = alice.seal(pt);
          const bad = rec.slice();
          const bit = pos % (rec.length * 8);
          bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
          expect(failure(() => bob.open(bad))).toStrictEqual(expectedFlip(bit, mode));
          // the genuine record still opens afterwards: a forgery does not disturb the state
          expect(toHex(bob.open(rec))).toBe(toHex(pt));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('stream: replay and reordering are rejected', () => {
    const { alice, bob } = pair();
    const r0 = alice.seal(text('0'));
    const r1 = alice.seal(text('1'));
    expect(code(() => bob.open(r1))).toBe('RECORD_OUT_OF_ORDER');
    bob.open(r0);
    expect(code(() => bob.open(r0))).toBe('RECORD_REPLAYED');
    bob.open(r1);
    expect(code(() => bob.open(r1))).toBe('RECORD_REPLAYED');
  });

  test('datagram: any order accepted once; replays and records behind the window rejected', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 299 }), { minLength: 1, maxLength: 400 }), (order) => {
        const { alice, bob } = pair({ mode: 'datagram' });
        const recs = Array.from({ length: 300 }, (_, i) => alice.seal(text(String(i))));
        const seen = new Set<number>();
        for (const i of order) {
          const c = code(() => bob.open(recs[i] as Uint8Array));
          expect(c).toBe(seen.has(i) ? 'RECORD_REPLAYED' : undefined);
          seen.add(i);
        }
      }),
      { numRuns: 50 },
    );
  });

  test('replay window matches a set model, including the too-old edge', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5000 }), { maxLength: 300 }), (counters) => {
        const w = new ReplayWindow();
        const seen = new Set<number>();
        let highest = -1;
        for (const c of counters) {
          const expected =
            seen.has(c) && highest - c <= REPLAY_WINDOW_SIZE
              ? 'replayed'
              : c <= highest && highest - c > REPLAY_WINDOW_SIZE
                ? 'too-old'
                : 'fresh';
          expect(w.check(c)).toBe(expected);
          if (expected === 'fresh') {
            w.accept(c);
            seen.add(c);
            highest = Math.max(highest, c);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  test('replay window: 2 016 behind the highest is accepted once, 2 017 is too old', () => {
    expect(REPLAY_WINDOW_SIZE).toBe(2016);
    const w = new ReplayWindow();
    w.accept(5000);
    expect(w.check(5000 - 2016)).toBe('fresh');
    w.accept(5000 - 2016);
    expect(w.check(5000 - 2016)).toBe('replayed');
    expect(w.check(5000 - 2017)).toBe('too-old');
    for (const highest of [32 * 100, 32 * 100 + 31]) {
      const edge = new ReplayWindow();
      edge.accept(highest);
      expect(edge.check(highest - 2016)).toBe('fresh');
      edge.accept(highest - 2016);
      expect(edge.check(highest - 2016)).toBe('replayed');
      expect(edge.check(highest - 2017)).toBe('too-old');
    }
  });

  test('replay window: moving the highest clears the blocks it wraps onto', () => {
    const w = new ReplayWindow();
    w.accept(1);
    w.accept(2053);
    // 2049 shares its bitmap slot with 1 (block 64 ≡ 0, bit 1); the stale bit must be gone.
    expect(w.check(2049)).toBe('fresh');
    expect(w.check(2053)).toBe('replayed');
    expect(w.check(1)).toBe('too-old');
  });

  test('replay window matches the set model on long, dense sequences that wrap the bitmap', () => {
    // fast-check's default size keeps arrays near 10 elements unless minLength asks for more:
    // this sequence is long enough to repeat counters and to slide the window several times
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat({ max: 6000 }), fc.nat({ max: 64 })), {
          minLength: 200,
          maxLength: 400,
        }),
        (counters) => {
          const w = new ReplayWindow();
          const seen = new Set<number>();
          let highest = -1;
          for (const c of counters) {
            const tooOld = c <= highest && highest - c > REPLAY_WINDOW_SIZE;
            const expected = tooOld ? 'too-old' : seen.has(c) ? 'replayed' : 'fresh';
            expect(w.check(c)).toBe(expected);
            if (expected === 'fresh') {
              w.accept(c);
              seen.add(c);
              highest = Math.max(highest, c);
            }
            expect(w.highest).toBe(highest);
          }
        },
      ),
      { numRuns: 100, seed: 20261203 },
    );
  });

  test('replay window: a counter far ahead is fresh even where its slot held an old bit', () => {
    const w = new ReplayWindow();
    w.accept(1);
    // 2049 and 1 share block 0 bit 1 of the bitmap; 2049 is above the highest, so fresh
    expect(w.check(2049)).toBe('fresh');
    expect(w.check(1 + 2 * 2048)).toBe('fresh');
    w.accept(33);
    expect(w.check(33 + 2048)).toBe('fresh');
  });

  test('replay window: highest starts below 0 and only a newer counter raises it', () => {
    const w = new ReplayWindow();
    expect(w.highest).toBe(-1);
    expect(w.check(0)).toBe('fresh');
    w.accept(0);
    expect([w.highest, w.check(0)]).toStrictEqual([0, 'replayed']);
    w.accept(40);
    w.accept(7);
    expect([w.highest, w.check(7), w.check(0), w.check(40)]).toStrictEqual([
      40,
      'replayed',
      'replayed',
      'replayed',
    ]);
    expect([w.check(1), w.check(39), w.check(41)]).toStrictEqual(['fresh', 'fresh', 'fresh']);
  });

  test('rekey by count: keys change every interval on both modes, records still flow', () => {
    for (const mode of ['stream', 'datagram'] as const) {
      const { alice, bob } = pair({ mode, rekeyInterval: 16 });
      const recs = Array.from({ length: 100 }, (_, i) => alice.seal(text(String(i))));
      if (mode === 'datagram') {
        // swap neighbours across epoch boundaries: the previous epoch's key is kept
        for (let i = 15; i + 1 < recs.length; i += 16)
          [recs[i], recs[i + 1]] = [recs[i + 1] as Uint8Array, recs[i] as Uint8Array];
      }
      for (const r of recs) bob.open(r);
    }
    // a different key per epoch: the same plaintext under counters 0 and 16 differs beyond the header
    const a = pair({ rekeyInterval: 16 }).alice;
    const first = a.seal(text('same'));
    for (let i = 1; i < 16; i++) a.seal(text('same'));
    const later = a.seal(text('same'));
    expect(toHex(first.subarray(11))).not.toBe(toHex(later.subarray(11)));
  });

  test('rekey on demand sends a key update and moves to the next epoch', () => {
    const { alice, bob } = pair({ rekeyInterval: 1024 });
    bob.open(alice.seal(text('before')));
    const update = alice.rekey();
    const after = alice.seal(text('after'));
    expect(alice.sendCounter).toBe(1025);
    expect(code(() => bob.open(after))).toBe('RECORD_OUT_OF_ORDER');
    expect(bob.openRecord(update)).toEqual({ kind: 'key-update' });
    expect(toHex(bob.open(after))).toBe(toHex(text('after')));
  });

  test('a receiver refuses to ratchet more than 8 epochs ahead', () => {
    const { alice, bob } = pair({ mode: 'datagram', rekeyInterval: 16 });
    for (let i = 0; i < 16 * 9; i++) alice.seal(text('x'));
    expect(code(() => bob.open(alice.seal(text('far'))))).toBe('REKEY_GAP');
  });

  test('clean close: close record ends both directions', () => {
    const { alice, bob } = pair();
    bob.open(alice.seal(text('bye')));
    expect(bob.openRecord(alice.close())).toEqual({ kind: 'close' });
    expect(bob.peerClosed).toBe(true);
    expect(code(() => alice.seal(text('more')))).toBe('SESSION_CLOSED');
    expect(code(() => bob.open(new Uint8Array(40)))).toBe('SESSION_CLOSED');
  });

  test('size limits and malformed records give typed errors', () => {
    const { alice, bob } = pair({ maxRecordPlaintext: 1024 });
    expect(code(() => alice.seal(new Uint8Array(1025)))).toBe('MESSAGE_TOO_LARGE');
    expect(RecordLayer.recordLength(alice.seal(new Uint8Array(1024)))).toBe(11 + 1024 + 16);
    expect(code(() => bob.open(new Uint8Array(5)))).toBe('MALFORMED_MESSAGE');
    expect(
      code(
        () =>
          new RecordLayer(
            new CipherState(nobleAead.ChaChaPoly, k1),
            new CipherState(nobleAead.ChaChaPoly, k2),
            { rekeyInterval: 1000 },
          ),
      ),
    ).toBe('INVALID_ARGUMENT');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (junk) => {
        const c = code(() => bob.open(junk));
        expect(c).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 300 },
    );
  });
});

/** A record header (and zero body) as a receiver sees it, before any AEAD work. */
function rawRecord(type: number, counter: bigint, bodyLength = 16, lengthField = bodyLength) {
  const r = new Uint8Array(11 + bodyLength);
  r[0] = type;
  r[1] = lengthField >>> 8;
  r[2] = lengthField & 0xff;
  new DataView(r.buffer).setBigUint64(3, counter);
  return r;
}

const layer = (o: RecordOptions) =>
  new RecordLayer(
    new CipherState(nobleAead.ChaChaPoly, k1),
    new CipherState(nobleAead.ChaChaPoly, k2),
    o,
  );

describe('record layer: options', () => {
  test('defaults are stream mode, 16 384-byte records and 2^20 records per epoch', () => {
    const l = layer({});
    expect([l.mode, l.maxRecordPlaintext, l.rekeyInterval]).toStrictEqual([
      'stream',
      16_384,
      2 ** 20,
    ]);
    expect(l.sendCounter).toBe(0);
    expect([l.isClosed, l.peerClosed]).toStrictEqual([false, false]);
  });

  test('rekeyInterval must be a power of two from 2^4 to 2^40 (field rekeyInterval)', () => {
    for (const ok of [16, 32, 2 ** 40]) expect(layer({ rekeyInterval: ok }).rekeyInterval).toBe(ok);
    for (const bad of [8, 2 ** 41, 1000, 24, 0, -16, Number.NaN]) {
      expect(failure(() => layer({ rekeyInterval: bad }))).toStrictEqual({
        code: 'INVALID_ARGUMENT',
        field: 'rekeyInterval',
        offset: undefined,
      });
    }
  });

  test('maxRecordPlaintext must be an integer from 1 to 65 519 (field maxRecordPlaintext)', () => {
    for (const ok of [1, 65_519])
      expect(layer({ maxRecordPlaintext: ok }).maxRecordPlaintext).toBe(ok);
    for (const bad of [0, 65_520, 1.5, -1, Number.NaN]) {
      expect(failure(() => layer({ maxRecordPlaintext: bad }))).toStrictEqual({
        code: 'INVALID_ARGUMENT',
        field: 'maxRecordPlaintext',
        offset: undefined,
      });
    }
  });

  test('mode must be stream or datagram (field mode)', () => {
    expect(layer({ mode: 'datagram' }).mode).toBe('datagram');
    expect(failure(() => layer({ mode: 'tcp' as 'stream' }))).toStrictEqual({
      code: 'INVALID_ARGUMENT',
      field: 'mode',
      offset: undefined,
    });
  });
});

describe('record layer: header checks come before the AEAD (spec §7)', () => {
  test('a record shorter than header and tag is MALFORMED_MESSAGE at the length, offset 0', () => {
    const { bob } = pair();
    expect(failure(() => bob.open(new Uint8Array(26)))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'length',
      offset: 0,
    });
    // 27 bytes is long enough: the same bytes get past the length checks to the AEAD
    expect(failure(() => bob.open(rawRecord(0x17, 0n)))).toStrictEqual({
      code: 'DECRYPT_FAILED',
      field: 'ciphertext',
      offset: 11,
    });
  });

  test('an unknown type byte is MALFORMED_MESSAGE at the type, not DECRYPT_FAILED', () => {
    const { alice, bob } = pair();
    const good = alice.seal(text('x'));
    for (const type of [0x00, 0x14, 0x16, 0x19, 0xff]) {
      const bad = good.slice();
      bad[0] = type;
      expect(failure(() => bob.open(bad))).toStrictEqual({
        code: 'MALFORMED_MESSAGE',
        field: 'type',
        offset: 0,
      });
    }
    expect(toHex(bob.open(good))).toBe(toHex(text('x')));
  });

  test('each known type gets past the type check', () => {
    for (const type of [0x17, 0x18, 0x15]) {
      expect(failure(() => pair().bob.open(rawRecord(type, 0n)))?.code).toBe('DECRYPT_FAILED');
    }
  });

  test('a length field that disagrees with the record is MALFORMED_MESSAGE at offset 1', () => {
    const { bob } = pair();
    for (const field of [15, 17, 0, 65_535]) {
      expect(failure(() => bob.open(rawRecord(0x17, 0n, 16, field)))).toStrictEqual({
        code: 'MALFORMED_MESSAGE',
        field: 'length',
        offset: 1,
      });
    }
  });

  test('a record over the receiver limit is MESSAGE_TOO_LARGE, the limit itself is accepted', () => {
    const big = pair({ maxRecordPlaintext: 4096 }).alice;
    const bob = layer({ maxRecordPlaintext: 1024 });
    const bobKeys = new RecordLayer(
      new CipherState(nobleAead.ChaChaPoly, k2),
      new CipherState(nobleAead.ChaChaPoly, k1),
      { maxRecordPlaintext: 1024 },
    );
    expect(toHex(bobKeys.open(big.seal(new Uint8Array(1024).fill(7))))).toBe(
      toHex(new Uint8Array(1024).fill(7)),
    );
    expect(failure(() => bobKeys.open(big.seal(new Uint8Array(1025))))).toStrictEqual({
      code: 'MESSAGE_TOO_LARGE',
      field: 'length',
      offset: 1,
    });
    // decided from the header alone: a body of zeros of that size gets the same answer
    expect(failure(() => bob.open(rawRecord(0x17, 0n, 1025 + 16)))?.code).toBe('MESSAGE_TOO_LARGE');
  });

  test('sealing more than the limit is MESSAGE_TOO_LARGE at the plaintext; the counter stays', () => {
    const { alice } = pair({ maxRecordPlaintext: 1024 });
    expect(failure(() => alice.seal(new Uint8Array(1025)))).toStrictEqual({
      code: 'MESSAGE_TOO_LARGE',
      field: 'plaintext',
      offset: undefined,
    });
    expect(alice.sendCounter).toBe(0);
  });

  test('a counter of 2^53 - 1 or more is MALFORMED_MESSAGE at offset 3; 2^53 - 2 is in range', () => {
    const { bob } = pair();
    for (const c of [2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n]) {
      expect(failure(() => bob.open(rawRecord(0x17, c)))).toStrictEqual({
        code: 'MALFORMED_MESSAGE',
        field: 'counter',
        offset: 3,
      });
    }
    expect(failure(() => bob.open(rawRecord(0x17, 2n ** 53n - 2n)))).toStrictEqual({
      code: 'RECORD_OUT_OF_ORDER',
      field: 'counter',
      offset: 3,
    });
  });

  test('recordLength needs 3 bytes and reads the big-endian length field', () => {
    expect(RecordLayer.recordLength(new Uint8Array(2))).toBe(undefined);
    expect(RecordLayer.recordLength(Uint8Array.of(0x17, 0x01, 0x02))).toBe(11 + 0x0102);
    expect(RecordLayer.recordLength(Uint8Array.of(0x17, 0xff, 0xff, 0))).toBe(11 + 65_535);
  });

  test('the length field of a sealed record is big-endian: high byte then low byte', () => {
    const { alice } = pair({ maxRecordPlaintext: 65_519 });
    const rec = alice.seal(new Uint8Array(300));
    expect([rec[1], rec[2], rec.length]).toStrictEqual([(316 >>> 8) & 0xff, 316 & 0xff, 327]);
  });
});

describe('record layer: order, window and epochs', () => {
  test('stream replay and reordering name the counter at offset 3', () => {
    const { alice, bob } = pair();
    const r0 = alice.seal(text('0'));
    const r1 = alice.seal(text('1'));
    expect(failure(() => bob.open(r1))).toStrictEqual({
      code: 'RECORD_OUT_OF_ORDER',
      field: 'counter',
      offset: 3,
    });
    bob.open(r0);
    expect(failure(() => bob.open(r0))).toStrictEqual({
      code: 'RECORD_REPLAYED',
      field: 'counter',
      offset: 3,
    });
  });

  test('datagram: 2 016 behind the highest opens once, 2 017 behind is RECORD_TOO_OLD', () => {
    const { alice, bob } = pair({ mode: 'datagram' });
    const recs = Array.from({ length: 2100 }, (_, i) => alice.seal(text(String(i))));
    bob.open(recs[2099] as Uint8Array);
    expect(failure(() => bob.open(recs[2099 - 2017] as Uint8Array))).toStrictEqual({
      code: 'RECORD_TOO_OLD',
      field: 'counter',
      offset: 3,
    });
    expect(toHex(bob.open(recs[2099 - 2016] as Uint8Array))).toBe(toHex(text(String(2099 - 2016))));
    expect(failure(() => bob.open(recs[2099 - 2016] as Uint8Array))).toStrictEqual({
      code: 'RECORD_REPLAYED',
      field: 'counter',
      offset: 3,
    });
  });

  test('a forged record moves neither the datagram window nor the epoch', () => {
    const { alice, bob } = pair({ mode: 'datagram', rekeyInterval: 16 });
    const recs = Array.from({ length: 40 }, (_, i) => alice.seal(text(String(i))));
    const forged = (recs[39] as Uint8Array).slice();
    forged[20] = (forged[20] as number) ^ 1;
    expect(failure(() => bob.open(forged))?.code).toBe('DECRYPT_FAILED');
    // had the forgery moved the epoch to 2, epoch 0 would be retired
    expect(toHex(bob.open(recs[0] as Uint8Array))).toBe(toHex(text('0')));
    expect(toHex(bob.open(recs[39] as Uint8Array))).toBe(toHex(text('39')));
  });

  test('datagram: exactly 8 epochs ahead is ratcheted, 9 is REKEY_GAP at the counter', () => {
    const ahead8 = pair({ mode: 'datagram', rekeyInterval: 16 });
    for (let i = 0; i < 16 * 8; i++) ahead8.alice.seal(text('x'));
    expect(toHex(ahead8.bob.open(ahead8.alice.seal(text('e8'))))).toBe(toHex(text('e8')));
    const ahead9 = pair({ mode: 'datagram', rekeyInterval: 16 });
    for (let i = 0; i < 16 * 9; i++) ahead9.alice.seal(text('x'));
    expect(failure(() => ahead9.bob.open(ahead9.alice.seal(text('e9'))))).toStrictEqual({
      code: 'REKEY_GAP',
      field: 'counter',
      offset: 3,
    });
  });

  test('datagram: after skipping epochs the previous epoch still opens, older ones are retired', () => {
    const { alice, bob } = pair({ mode: 'datagram', rekeyInterval: 16 });
    const recs = Array.from({ length: 50 }, (_, i) => alice.seal(text(String(i))));
    bob.open(recs[48] as Uint8Array); // epoch 3, two epochs skipped
    expect(toHex(bob.open(recs[40] as Uint8Array))).toBe(toHex(text('40'))); // epoch 3
    expect(toHex(bob.open(recs[47] as Uint8Array))).toBe(toHex(text('47'))); // epoch 2: previous
    for (const old of [31, 16, 15, 0]) {
      expect(failure(() => bob.open(recs[old] as Uint8Array))).toStrictEqual({
        code: 'RECORD_TOO_OLD',
        field: 'counter',
        offset: 3,
      });
    }
  });

  test('datagram: more records of the current epoch keep the previous epoch key', () => {
    const { alice, bob } = pair({ mode: 'datagram', rekeyInterval: 16 });
    const recs = Array.from({ length: 20 }, (_, i) => alice.seal(text(String(i))));
    bob.open(recs[16] as Uint8Array);
    bob.open(recs[17] as Uint8Array);
    expect(toHex(bob.open(recs[15] as Uint8Array))).toBe(toHex(text('15')));
  });

  test('stream: a key update skips the rest of the epoch; a record of the old epoch is then replayed', () => {
    const { alice, bob } = pair({ rekeyInterval: 16 });
    const r0 = alice.seal(text('0'));
    const update = alice.rekey();
    expect(alice.sendCounter).toBe(16);
    const r16 = alice.seal(text('16'));
    bob.open(r0);
    expect(bob.open(update)).toStrictEqual(new Uint8Array(0));
    expect(toHex(bob.open(r16))).toBe(toHex(text('16')));
    expect(failure(() => bob.open(r0))?.code).toBe('RECORD_REPLAYED');
  });

  test('a key update sent at the last two counters of an epoch moves to the next epoch, not past it', () => {
    for (const before of [14, 15]) {
      const { alice, bob } = pair({ rekeyInterval: 16 });
      for (let i = 0; i < before; i++) bob.open(alice.seal(text(String(i))));
      expect(bob.openRecord(alice.rekey())).toStrictEqual({ kind: 'key-update' });
      expect(alice.sendCounter).toBe(16);
      expect(toHex(bob.open(alice.seal(text('next'))))).toBe(toHex(text('next')));
    }
  });

  test('open() returns empty bytes for key-update and close records, openRecord names them', () => {
    const { alice, bob } = pair({ mode: 'datagram' });
    expect(bob.open(alice.rekey())).toStrictEqual(new Uint8Array(0));
    expect(bob.peerClosed).toBe(false);
    const d = alice.seal(text('d'));
    expect(bob.openRecord(d)).toStrictEqual({ kind: 'data', data: text('d') });
    expect(bob.open(alice.close())).toStrictEqual(new Uint8Array(0));
    expect(bob.peerClosed).toBe(true);
    expect(alice.isClosed).toBe(true);
    expect(failure(() => bob.open(d))?.code).toBe('SESSION_CLOSED');
  });

  test('the counter stops at 2^53 - 1: sealing after it is COUNTER_EXHAUSTED', () => {
    // 2^40 records per epoch: 8 192 key updates reach 2^53 without sealing 2^53 records
    const { alice, bob } = pair({ mode: 'datagram', rekeyInterval: 2 ** 40 });
    for (let i = 0; i < 8191; i++) alice.rekey();
    expect(alice.sendCounter).toBe(2 ** 53 - 2 ** 40);
    const last = alice.seal(text('last'));
    expect(alice.sendCounter).toBe(2 ** 53 - 2 ** 40 + 1);
    alice.rekey();
    expect(alice.sendCounter).toBe(2 ** 53);
    expect(failure(() => alice.seal(text('over')))).toStrictEqual({
      code: 'COUNTER_EXHAUSTED',
      field: undefined,
      offset: undefined,
    });
    // a datagram receiver would need the same 8 191 epochs; it refuses records that far ahead
    expect(failure(() => bob.open(last))?.code).toBe('REKEY_GAP');
  });
});
