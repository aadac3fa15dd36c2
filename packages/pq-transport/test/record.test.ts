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
          expect(code(() => bob.open(bad))).toBeDefined();
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
