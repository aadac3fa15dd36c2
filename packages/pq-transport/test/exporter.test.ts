import { createHash, createHmac } from 'node:crypto';
import { concat, toHex } from '@qcos/identity';
import { describe, expect, test } from 'vitest';
import {
  expandExporterSecret,
  type SecureSession,
  SHA256,
  SHA512,
  type TransportError,
} from '../src/index.js';
import { makePair, run } from './fixtures.js';

const EMPTY = new Uint8Array(0);
const LABEL = 'qcos eks round binding';
const eks = { keyId: 'c0ffee00-0000-4000-8000-000000000001', key: new Uint8Array(32).fill(0x5e) };
const eksKeys = (id: string) => (id === eks.keyId ? eks.key : undefined);

function session(pattern: 'IK' | 'XX', randomSeed = 7, withEks = false) {
  const p = run(
    makePair(
      {
        ...(pattern === 'XX' ? { responderStaticPublicKey: undefined } : {}),
        ...(withEks ? { eks } : {}),
      },
      withEks ? { eksKeys } : {},
      randomSeed,
    ),
  );
  return { a: p.initiator.split(), b: p.responder.split(), transcript: p.transcript };
}

function errorOf(f: () => unknown): { code?: string; field?: string } | undefined {
  try {
    f();
  } catch (e) {
    const err = e as TransportError;
    return { code: err.code, field: err.field };
  }
  return undefined;
}

/** RFC 5869 HKDF-Expand on node:crypto, a second path for the exporter's expand step. */
function hkdfExpand(alg: string, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let i = 1; out.reduce((n, b) => n + b.length, 0) < length; i++) {
    t = createHmac(alg, prk).update(t).update(info).update(Uint8Array.of(i)).digest();
    out.push(t);
  }
  return new Uint8Array(Buffer.concat(out).subarray(0, length));
}

describe('session exporter', () => {
  for (const [pattern, withEks] of [
    ['IK', false],
    ['XX', false],
    ['IK', true],
    ['XX', true],
  ] as const) {
    test(`pq${pattern}${withEks ? ' with an EKS key' : ''}: both ends export the same secret`, () => {
      const { a, b } = session(pattern, 7, withEks);
      const x = a.exportSecret(LABEL, EMPTY, 32);
      expect(x).toHaveLength(32);
      expect(toHex(b.exportSecret(LABEL, EMPTY, 32))).toBe(toHex(x));
      expect(toHex(x)).not.toBe(toHex(a.info.handshakeHash));
    });
  }

  test('differs per session, per label, per context and per length', () => {
    const one = session('IK', 7).a;
    const two = session('IK', 8).a;
    const seen = new Set([
      toHex(one.exportSecret(LABEL, EMPTY, 32)),
      toHex(two.exportSecret(LABEL, EMPTY, 32)),
      toHex(one.exportSecret('another label', EMPTY, 32)),
      toHex(one.exportSecret(LABEL, Uint8Array.of(1), 32)),
      toHex(one.exportSecret(LABEL, EMPTY, 64).subarray(0, 32)),
    ]);
    expect(seen.size).toBe(5);
  });

  test('no function of what a passive observer holds reproduces it', () => {
    const { a, transcript } = session('IK', 9);
    const secret = toHex(a.exportSecret(LABEL, EMPTY, 32));
    const h = a.info.handshakeHash;
    const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
    const label = new TextEncoder().encode(LABEL);
    const candidates = [
      h,
      sha(h),
      sha(concat(...transcript)),
      ...transcript,
      ...transcript.map(sha),
      expandExporterSecret(SHA256, h, LABEL, EMPTY, 32),
      new Uint8Array(createHmac('sha256', h).update(label).digest()),
    ];
    for (const c of candidates) expect(toHex(c.subarray(0, 32))).not.toBe(secret);
    for (const m of transcript) expect(toHex(m)).not.toContain(secret);
  });

  test('the expand step is RFC 5869 HKDF-Expand over u16 length ‖ label ‖ context', () => {
    const prk = new Uint8Array(32).map((_, i) => i);
    const context = new Uint8Array([0xc0, 0xff, 0xee]);
    const label = new TextEncoder().encode(LABEL);
    for (const [hash, alg] of [
      [SHA256, 'sha256'],
      [SHA512, 'sha512'],
    ] as const) {
      for (const length of [1, 32, 33, 100]) {
        const info = concat(
          Uint8Array.of(length >> 8, length & 0xff, label.length),
          label,
          Uint8Array.of(0, context.length),
          context,
        );
        expect(toHex(expandExporterSecret(hash, prk, LABEL, context, length))).toBe(
          toHex(hkdfExpand(alg, prk, info, length)),
        );
      }
    }
  });

  test('arguments out of range fail with INVALID_ARGUMENT and the field', () => {
    const { a } = session('IK');
    const s: SecureSession = a;
    expect(errorOf(() => s.exportSecret('', EMPTY, 32))).toEqual({
      code: 'INVALID_ARGUMENT',
      field: 'label',
    });
    expect(errorOf(() => s.exportSecret('x'.repeat(256), EMPTY, 32))?.field).toBe('label');
    expect(errorOf(() => s.exportSecret(LABEL, new Uint8Array(65_536), 32))).toEqual({
      code: 'INVALID_ARGUMENT',
      field: 'context',
    });
    for (const length of [0, -1, 1.5, 255 * 32 + 1]) {
      expect(errorOf(() => s.exportSecret(LABEL, EMPTY, length))).toEqual({
        code: 'INVALID_ARGUMENT',
        field: 'length',
      });
    }
    expect(s.exportSecret('x'.repeat(255), new Uint8Array(65_535), 255 * 32)).toHaveLength(8160);
  });
});
