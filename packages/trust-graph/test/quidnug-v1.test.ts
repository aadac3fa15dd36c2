import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptQuidnugIdentityTx,
  acceptQuidnugTrustTx,
  goJsonFloat,
  goJsonString,
  goJsonValue,
  NonceLedger,
  parseQuidnugTx,
  type QuidnugTrustTx,
  quidnugSignableBytes,
  quidnugSignerQuid,
  quidnugTxId,
  signQuidnugTx,
  verifyQuidnugTx,
} from '../src/index.js';

const ref = new URL('../../../conformance/reference/quidnug-v1.0/', import.meta.url);
const load = (f: string) =>
  JSON.parse(readFileSync(new URL(f, ref), 'utf8')) as {
    cases: {
      name: string;
      signer_key_ref: string;
      input: unknown;
      expected: Record<string, string>;
    }[];
  };
const keys = Object.fromEntries(
  ['alice', 'bob', 'carol'].map((k) => [
    k,
    JSON.parse(readFileSync(new URL(`test-keys/key-${k}.json`, ref), 'utf8')) as {
      private_scalar_hex: string;
      quid_id: string;
    },
  ]),
);
const cases = [...load('trust-tx.json').cases, ...load('identity-tx.json').cases];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('Quidnug v1.0 reference vectors', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: bytes, id, signature, quid', (_name, c) => {
    const tx = parseQuidnugTx(c.input);
    expect(hex(quidnugSignableBytes(tx))).toBe(c.expected.canonical_signable_bytes_hex);
    expect(quidnugTxId(tx)).toBe(c.expected.expected_id);
    expect(verifyQuidnugTx(tx)).toBe(true);
    expect(quidnugSignerQuid(tx.publicKey)).toBe(keys[c.signer_key_ref]?.quid_id);
    // A fresh deterministic signature reproduces the reference's (it used RFC 6979 too).
    const resigned = signQuidnugTx(
      { ...tx, id: '', signature: '' },
      keys[c.signer_key_ref]?.private_scalar_hex ?? '',
    );
    expect(resigned.id).toBe(c.expected.expected_id);
    expect(resigned.signature).toBe(c.expected.reference_signature_hex);
  });

  it('rejects a signature with a single bit flipped (every 7th bit; the vectors flip all 512)', () => {
    const tx = parseQuidnugTx(cases[0]?.input) as QuidnugTrustTx;
    const sig = Buffer.from(tx.signature, 'hex');
    for (let bit = 0; bit < 512; bit += 7) {
      const flipped = Buffer.from(sig);
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(verifyQuidnugTx({ ...tx, signature: flipped.toString('hex') })).toBe(false);
    }
  });

  it('enforces the nonce ledger, id, signer and text rules', () => {
    const [t1, t2, t3, t4] = load('trust-tx.json').cases.map(
      (c) => parseQuidnugTx(c.input) as QuidnugTrustTx,
    );
    const ledger = new NonceLedger();
    for (const t of [t1, t2, t3, t4]) acceptQuidnugTrustTx(t as QuidnugTrustTx, ledger);
    expect(() => acceptQuidnugTrustTx(t1 as QuidnugTrustTx, ledger)).toThrow(
      expect.objectContaining({ code: 'NONCE_REPLAY' }),
    );
    const fresh = () => new NonceLedger();
    const base = t1 as QuidnugTrustTx;
    expect(() => acceptQuidnugTrustTx({ ...base, trustLevel: 0.5 }, fresh())).toThrow(
      expect.objectContaining({ code: 'ID_MISMATCH' }),
    );
    expect(() => acceptQuidnugTrustTx({ ...base, description: 'x'.repeat(4097) }, fresh())).toThrow(
      expect.objectContaining({ code: 'DESCRIPTION_TOO_LONG' }),
    );
    expect(() =>
      acceptQuidnugTrustTx({ ...base, publicKey: `${base.publicKey}00` }, fresh()),
    ).toThrow(expect.objectContaining({ code: 'BAD_PUBLIC_KEY' }));
    const ids = load('identity-tx.json').cases.map((c) => parseQuidnugTx(c.input));
    const idLedger = new NonceLedger();
    for (const t of ids) acceptQuidnugIdentityTx(t as never, idLedger);
    expect(idLedger.size).toBe(3);
  });

  it('rejects malformed transactions with typed errors', () => {
    expect(() => parseQuidnugTx(null)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    expect(() => parseQuidnugTx({ type: 'TRUST' })).toThrow(
      expect.objectContaining({ code: 'INVALID_RECORD', field: 'id' }),
    );
    expect(() => parseQuidnugTx({ ...(cases[0]?.input as object), nonce: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_RECORD', field: 'nonce' }),
    );
  });
});

describe('Go encoding/json subset', () => {
  it('escapes HTML characters, U+2028/2029 and control characters as Go does', () => {
    expect(goJsonString('<a&b>')).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(goJsonString('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    expect(goJsonString('\u0001\n\t\b\f"\\')).toBe('"\\u0001\\n\\t\\b\\f\\"\\\\"');
    expect(goJsonString('\ud800x')).toBe('"\\ufffdx"');
    expect(goJsonString('é😀')).toBe('"é😀"');
  });

  it('prints floats like strconv (shortest, exponent below 1e-6 and from 1e21)', () => {
    expect(goJsonFloat(1)).toBe('1');
    expect(goJsonFloat(0.9)).toBe('0.9');
    expect(goJsonFloat(1e-7)).toBe('1e-7');
    expect(goJsonFloat(0.000001)).toBe('0.000001');
    expect(goJsonFloat(1e21)).toBe('1e+21');
    expect(goJsonFloat(-0)).toBe('-0');
    expect(() => goJsonFloat(Number.NaN)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_VALUE' }),
    );
  });

  it('sorts map keys by UTF-8 bytes', () => {
    // UTF-8 order puts U+FFFF (EF BF BF) before U+1F600 (F0 …); UTF-16 order would not.
    expect(goJsonValue({ b: 1, a: [true, null], '😀': 'y', '\uffff': 'x' })).toBe(
      '{"a":[true,null],"b":1,"\uffff":"x","😀":"y"}',
    );
  });

  it('agrees with JSON.stringify wherever Go and JavaScript agree', () => {
    const safe = fc.string().filter((s) => !/[<>&\u2028\u2029]|[\ud800-\udfff]/.test(s));
    fc.assert(
      fc.property(safe, (s) => {
        expect(goJsonString(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        if (!Object.is(x, -0)) expect(goJsonFloat(x)).toBe(JSON.stringify(x));
      }),
      { numRuns: 500 },
    );
  });
});
