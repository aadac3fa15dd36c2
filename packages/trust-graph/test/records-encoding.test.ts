import { sha256 } from '@noble/hashes/sha2.js';
import { HYBRID_PUBLIC_KEY_LENGTH, hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  acceptIdentityRecord,
  acceptTrustRecord,
  encodeIdentityRecord,
  encodeTrustRecord,
  IDENTITY_RECORD_CONTEXT,
  type IdentityRecordBody,
  MAX_ATTRIBUTE_KEY_BYTES,
  MAX_ATTRIBUTE_VALUE_BYTES,
  MAX_ATTRIBUTES,
  MAX_DESCRIPTION_BYTES,
  MAX_NAME_BYTES,
  NonceLedger,
  signIdentityRecord,
  signTrustRecord,
  TRUST_RECORD_CONTEXT,
  TrustGraphError,
  type TrustRecordBody,
  trustEdgeFromRecord,
} from '../src/index.js';

const keyA = hybridKeyFromSeed(new Uint8Array(32).fill(1));
const keyB = hybridKeyFromSeed(new Uint8Array(32).fill(2));
const keyC = hybridKeyFromSeed(new Uint8Array(32).fill(3));
const QA = hybridQuid(keyA.publicKey);
const QB = hybridQuid(keyB.publicKey);
const QC = hybridQuid(keyC.publicKey);
const pk = keyA.publicKey;

/** An independent big-endian writer for the expected bytes (spec §5). */
function be(): { push: (...b: number[]) => void; u64: (x: number) => void; out: () => number[] } {
  const bytes: number[] = [];
  return {
    push: (...b) => bytes.push(...b),
    u64: (x) => {
      const v = new DataView(new ArrayBuffer(8));
      v.setBigUint64(0, BigInt(x));
      bytes.push(...new Uint8Array(v.buffer));
    },
    out: () => bytes,
  };
}
const hex = (s: string) => [...Buffer.from(s, 'hex')];
const ascii = (s: string) => [...Buffer.from(s, 'utf8')];
const f64 = (x: number) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return [...new Uint8Array(v.buffer)];
};

function errorOf(fn: () => unknown): { code: string; field: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof TrustGraphError) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('expected a TrustGraphError');
}

const trustBody: TrustRecordBody = {
  truster: QA,
  trustee: QB,
  level: 0.9,
  domain: 'qcos.registry',
  nonce: 1,
  timestamp: 1_000,
};

const idBody: IdentityRecordBody = {
  quid: QA,
  creator: QA,
  name: 'alpha',
  domain: 'qcos',
  updateNonce: 1,
  timestamp: 5,
};

describe('TRUST record canonical bytes (spec §5.1)', () => {
  it('lays out every field big-endian, with 64-bit integers above 2^32 and a long description', () => {
    const description = `${'é'.repeat(150)}x`; // 301 UTF-8 bytes: both length bytes non-zero
    const body: TrustRecordBody = {
      ...trustBody,
      level: 2 ** -32,
      nonce: 2 ** 53 - 1,
      timestamp: 0x1_2345_6789,
      validUntil: 0x1f_cdef_0123_4567,
      description,
    };
    const w = be();
    w.push(0x51, 0x54, 0x52, 0x31);
    w.push(...hex(QA), ...hex(QB), ...f64(2 ** -32));
    w.u64(2 ** 53 - 1);
    w.u64(0x1_2345_6789);
    w.u64(0x1f_cdef_0123_4567);
    w.push(...sha256(pk));
    w.push(13, ...ascii('qcos.registry'));
    w.push(0x01, 0x2d, ...ascii(description));
    expect([...encodeTrustRecord(body, pk)]).toStrictEqual(w.out());
  });

  it('writes validUntil 0 and an empty description when they are absent', () => {
    const bytes = encodeTrustRecord({ ...trustBody, level: 0 }, pk);
    const w = be();
    w.push(0x51, 0x54, 0x52, 0x31, ...hex(QA), ...hex(QB), ...f64(0));
    w.u64(1);
    w.u64(1_000);
    w.u64(0);
    w.push(...sha256(pk), 13, ...ascii('qcos.registry'), 0, 0);
    expect([...bytes]).toStrictEqual(w.out());
  });

  it('binds the whole public key through its hash', () => {
    const other = new Uint8Array(pk);
    other[HYBRID_PUBLIC_KEY_LENGTH - 1] = (other[HYBRID_PUBLIC_KEY_LENGTH - 1] ?? 0) ^ 1;
    expect(encodeTrustRecord(trustBody, other)).not.toStrictEqual(encodeTrustRecord(trustBody, pk));
  });
});

describe('TRUST record validation codes and fields (spec §5.3)', () => {
  const enc = (patch: Partial<Record<keyof TrustRecordBody, unknown>>, key = pk) =>
    errorOf(() => encodeTrustRecord({ ...trustBody, ...patch } as TrustRecordBody, key));

  it('rejects a record or body that is not an object', () => {
    expect(errorOf(() => encodeTrustRecord(null as never, pk))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'body',
    });
    expect(errorOf(() => acceptTrustRecord(null as never, new NonceLedger(), 0))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'record',
    });
    expect(errorOf(() => acceptTrustRecord('x' as never, new NonceLedger(), 0))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'record',
    });
    expect(
      errorOf(() => acceptTrustRecord({ body: 'x' } as never, new NonceLedger(), 0)),
    ).toStrictEqual({ code: 'INVALID_RECORD', field: 'body' });
  });

  it('rejects bad quids, a self edge, a bad level and a bad domain', () => {
    expect(enc({ truster: 'A'.repeat(16) })).toStrictEqual({
      code: 'INVALID_QUID',
      field: 'truster',
    });
    expect(enc({ trustee: 'zz' })).toStrictEqual({ code: 'INVALID_QUID', field: 'trustee' });
    expect(enc({ trustee: QA })).toStrictEqual({ code: 'SELF_EDGE', field: 'trustee' });
    expect(enc({ level: 1.5 })).toStrictEqual({ code: 'INVALID_LEVEL', field: 'level' });
    expect(enc({ domain: '' })).toStrictEqual({ code: 'INVALID_DOMAIN', field: 'domain' });
  });

  it('rejects a nonce that is not a positive safe integer', () => {
    expect(enc({ nonce: 0 })).toStrictEqual({ code: 'INVALID_NONCE', field: 'nonce' });
    expect(enc({ nonce: 1.5 })).toStrictEqual({ code: 'INVALID_NONCE', field: 'nonce' });
    expect(enc({ nonce: 2 ** 53 })).toStrictEqual({ code: 'INVALID_NONCE', field: 'nonce' });
  });

  it('requires a non-negative safe integer timestamp', () => {
    expect(enc({ timestamp: undefined })).toStrictEqual({
      code: 'INVALID_TIME',
      field: 'timestamp',
    });
    expect(enc({ timestamp: -1 })).toStrictEqual({ code: 'INVALID_TIME', field: 'timestamp' });
    expect(enc({ timestamp: 1.5 })).toStrictEqual({ code: 'INVALID_TIME', field: 'timestamp' });
    expect([
      ...encodeTrustRecord({ ...trustBody, timestamp: 0 }, pk).subarray(36, 44),
    ]).toStrictEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('requires validUntil to be a safe integer after the timestamp', () => {
    expect(enc({ validUntil: -1 })).toStrictEqual({ code: 'INVALID_TIME', field: 'validUntil' });
    expect(enc({ validUntil: 1_000.5 })).toStrictEqual({
      code: 'INVALID_TIME',
      field: 'validUntil',
    });
    expect(enc({ validUntil: 1_000 })).toStrictEqual({
      code: 'EXPIRY_NOT_AFTER_TIMESTAMP',
      field: 'validUntil',
    });
    expect(enc({ validUntil: 999 })).toStrictEqual({
      code: 'EXPIRY_NOT_AFTER_TIMESTAMP',
      field: 'validUntil',
    });
    const bytes = encodeTrustRecord({ ...trustBody, validUntil: 1_001 }, pk);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(44)).toBe(1_001n);
  });

  it('allows tab, LF, CR and a surrogate pair in the description, and nothing else below 0x20', () => {
    for (const ok of ['a\tb', 'a\nb', 'a\rb', ' ~', '\u{1F600}', '\u0080', '\ue000', '\uffff']) {
      expect(encodeTrustRecord({ ...trustBody, description: ok }, pk).length).toBe(
        87 + 13 + Buffer.byteLength(ok),
      );
    }
    expect(enc({ description: 'ab\u0000' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[2]',
    });
    expect(enc({ description: 'a\u001f' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[1]',
    });
    expect(enc({ description: '\u000b' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[0]',
    });
    expect(enc({ description: 'abc\u007f' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[3]',
    });
  });

  it('rejects a lone surrogate at the index where it stands', () => {
    expect(enc({ description: 'a\ud800' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[1]',
    });
    expect(enc({ description: 'a\ud800b' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[1]',
    });
    expect(enc({ description: 'ab\udc00\ud800' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[2]',
    });
    expect(enc({ description: '\udbff\udfff\udfff' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[2]',
    });
    expect(enc({ description: '\udc00\udc00' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[0]',
    });
    expect(enc({ description: 'a\udc00' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[1]',
    });
    expect(enc({ description: '\ud800\ud800' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[0]',
    });
    // After a pair the next character is checked again.
    expect(enc({ description: '\u{1F600}\u0001' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'description[2]',
    });
  });

  it('bounds the description at 4096 UTF-8 bytes', () => {
    const max = 'x'.repeat(MAX_DESCRIPTION_BYTES);
    expect(encodeTrustRecord({ ...trustBody, description: max }, pk).length).toBe(
      87 + 13 + MAX_DESCRIPTION_BYTES,
    );
    expect(enc({ description: `${max}x` })).toStrictEqual({
      code: 'DESCRIPTION_TOO_LONG',
      field: 'description',
    });
    expect(enc({ description: `${'x'.repeat(MAX_DESCRIPTION_BYTES - 1)}é` })).toStrictEqual({
      code: 'DESCRIPTION_TOO_LONG',
      field: 'description',
    });
    expect(enc({ description: 7 })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'description',
    });
  });

  it('rejects a public key of the wrong length or type', () => {
    const bad = { code: 'BAD_PUBLIC_KEY', field: 'publicKey' };
    expect(enc({}, pk.subarray(1))).toStrictEqual(bad);
    expect(enc({}, new Uint8Array(HYBRID_PUBLIC_KEY_LENGTH + 1))).toStrictEqual(bad);
    expect(enc({}, Array.from(pk) as never)).toStrictEqual(bad);
  });
});

describe('acceptTrustRecord order of checks and nonce bookkeeping (spec §5.3)', () => {
  const signed = signTrustRecord({ ...trustBody, nonce: 5, validUntil: 3_000 }, keyA);

  it('requires now to be a safe integer', () => {
    expect(errorOf(() => acceptTrustRecord(signed, new NonceLedger(), 1.5))).toStrictEqual({
      code: 'INVALID_TIME',
      field: 'now',
    });
  });

  it('accepts until one millisecond before validUntil, and is expired at validUntil', () => {
    const ledger = new NonceLedger();
    expect(errorOf(() => acceptTrustRecord(signed, ledger, 3_000))).toStrictEqual({
      code: 'RECORD_EXPIRED',
      field: 'validUntil',
    });
    expect(ledger.size).toBe(0);
    acceptTrustRecord(signed, ledger, 2_999);
    expect(ledger.lastNonce(`trust:${QA}`)).toBe(5);
    expect(ledger.size).toBe(1);
  });

  it('checks the signer before the nonce and the nonce before the signature', () => {
    const ledger = new NonceLedger();
    ledger.accept(`trust:${QA}`, 5);
    const foreign = signTrustRecord({ ...trustBody, nonce: 5 }, keyB);
    expect(errorOf(() => acceptTrustRecord(foreign, ledger, 0))).toStrictEqual({
      code: 'SIGNER_MISMATCH',
      field: 'publicKey',
    });
    const forged = { ...signed, signature: new Uint8Array(signed.signature.length) };
    expect(errorOf(() => acceptTrustRecord(forged, ledger, 0))).toStrictEqual({
      code: 'NONCE_REPLAY',
      field: 'nonce',
    });
  });

  it('does not record the nonce of a record whose signature fails', () => {
    const ledger = new NonceLedger();
    const forged = { ...signed, signature: new Uint8Array(signed.signature.length) };
    expect(errorOf(() => acceptTrustRecord(forged, ledger, 0))).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
    });
    expect(
      errorOf(() => acceptTrustRecord({ ...signed, signature: 'x' as never }, ledger, 0)),
    ).toStrictEqual({ code: 'BAD_SIGNATURE', field: 'signature' });
    // The right bytes in a plain array are not a signature either.
    const asArray = { ...signed, signature: Array.from(signed.signature) as never };
    expect(errorOf(() => acceptTrustRecord(asArray, ledger, 0))).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
    });
    expect(ledger.size).toBe(0);
    acceptTrustRecord(signed, ledger, 0);
    expect(ledger.lastNonce(`trust:${QA}`)).toBe(5);
  });

  it('keeps one ledger entry per signer, separate from IDENTITY nonces', () => {
    const ledger = new NonceLedger();
    acceptIdentityRecord(signIdentityRecord({ ...idBody, updateNonce: 9 }, keyA), ledger);
    acceptTrustRecord(signed, ledger, 0);
    expect(ledger.lastNonce(`identity:${QA}`)).toBe(9);
    expect(ledger.lastNonce(`trust:${QA}`)).toBe(5);
    expect(ledger.size).toBe(2);
  });

  it('signs under the TRUST context', () => {
    expect(TRUST_RECORD_CONTEXT).toBe('qcos/trust-graph/trust-record/v1');
    expect(IDENTITY_RECORD_CONTEXT).toBe('qcos/trust-graph/identity-record/v1');
    expect(signed.publicKey).toBe(keyA.publicKey);
    expect(signed.body).toStrictEqual({ ...trustBody, nonce: 5, validUntil: 3_000 });
  });
});

describe('IDENTITY record canonical bytes (spec §5.2)', () => {
  it('lays out every field, with attributes sorted by their UTF-8 bytes', () => {
    const body: IdentityRecordBody = {
      quid: QB,
      creator: QA,
      name: 'node-b',
      domain: 'qcos',
      updateNonce: 0x1_0000_0002,
      timestamp: 0x2_0000_0003,
      description: 'd'.repeat(300),
      homeDomain: 'home.qcos',
      // insertion order differs from byte order; 'ab' after its prefix 'a'; 'é' (c3 a9) last
      attributes: { é: '3', ab: 'v'.repeat(260), a: '1', B: '', 'a-': '2' },
    };
    const w = be();
    w.push(0x51, 0x49, 0x44, 0x31, ...hex(QB), ...hex(QA));
    w.u64(0x1_0000_0002);
    w.u64(0x2_0000_0003);
    w.push(...sha256(pk));
    w.push(4, ...ascii('qcos'), 6, ...ascii('node-b'));
    w.push(0x01, 0x2c, ...ascii('d'.repeat(300)));
    w.push(9, ...ascii('home.qcos'));
    w.push(5);
    w.push(1, ...ascii('B'), 0, 0);
    w.push(1, ...ascii('a'), 0, 1, ...ascii('1'));
    w.push(2, ...ascii('a-'), 0, 1, ...ascii('2'));
    w.push(2, ...ascii('ab'), 0x01, 0x04, ...ascii('v'.repeat(260)));
    w.push(2, 0xc3, 0xa9, 0, 1, ...ascii('3'));
    expect([...encodeIdentityRecord(body, pk)]).toStrictEqual(w.out());
  });

  it('sorts a key before a longer key it is a prefix of, whatever the insertion order', () => {
    const a = encodeIdentityRecord({ ...idBody, attributes: { ab: 'x', a: 'y' } }, pk);
    const b = encodeIdentityRecord({ ...idBody, attributes: { a: 'y', ab: 'x' } }, pk);
    expect(a).toStrictEqual(b);
    const tail = [...a.subarray(a.length - 12)];
    expect(tail).toStrictEqual([2, 1, 0x61, 0, 1, 0x79, 2, 0x61, 0x62, 0, 1, 0x78]);
  });

  it('writes empty description, homeDomain and attributes when absent', () => {
    const w = be();
    w.push(0x51, 0x49, 0x44, 0x31, ...hex(QA), ...hex(QA));
    w.u64(1);
    w.u64(5);
    w.push(...sha256(pk), 4, ...ascii('qcos'), 5, ...ascii('alpha'), 0, 0, 0, 0);
    expect([...encodeIdentityRecord(idBody, pk)]).toStrictEqual(w.out());
  });
});

describe('IDENTITY record validation codes and fields (spec §5.2, §5.3)', () => {
  const enc = (patch: Partial<Record<keyof IdentityRecordBody, unknown>>, key = pk) =>
    errorOf(() => encodeIdentityRecord({ ...idBody, ...patch } as IdentityRecordBody, key));

  it('rejects a body that is not an object, bad quids, domain, nonce and time', () => {
    expect(errorOf(() => encodeIdentityRecord(undefined as never, pk))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'body',
    });
    expect(enc({ quid: 'x' })).toStrictEqual({ code: 'INVALID_QUID', field: 'quid' });
    expect(enc({ creator: 'x' })).toStrictEqual({ code: 'INVALID_QUID', field: 'creator' });
    expect(enc({ domain: 'a b' })).toStrictEqual({ code: 'INVALID_DOMAIN', field: 'domain' });
    expect(enc({ updateNonce: 0 })).toStrictEqual({
      code: 'INVALID_NONCE',
      field: 'updateNonce',
    });
    expect(enc({ timestamp: -5 })).toStrictEqual({ code: 'INVALID_TIME', field: 'timestamp' });
    expect(enc({ timestamp: undefined })).toStrictEqual({
      code: 'INVALID_TIME',
      field: 'timestamp',
    });
  });

  it('requires a name of 1 to 64 bytes', () => {
    expect(enc({ name: '' })).toStrictEqual({ code: 'INVALID_RECORD', field: 'name' });
    expect(enc({ name: undefined })).toStrictEqual({ code: 'INVALID_RECORD', field: 'name' });
    expect(enc({ name: 3 })).toStrictEqual({ code: 'INVALID_RECORD', field: 'name' });
    expect(enc({ name: 'n'.repeat(MAX_NAME_BYTES + 1) })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'name',
    });
    expect(enc({ name: 'a\u0007' })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'name[1]',
    });
    const max = encodeIdentityRecord({ ...idBody, name: 'n'.repeat(MAX_NAME_BYTES) }, pk);
    expect(max[68 + 5]).toBe(MAX_NAME_BYTES);
  });

  it('checks the description and homeDomain', () => {
    expect(enc({ description: 'x'.repeat(MAX_DESCRIPTION_BYTES + 1) })).toStrictEqual({
      code: 'DESCRIPTION_TOO_LONG',
      field: 'description',
    });
    expect(enc({ homeDomain: '' })).toStrictEqual({
      code: 'INVALID_DOMAIN',
      field: 'homeDomain',
    });
  });

  it('requires attributes to be an object of strings with bounded keys and values', () => {
    expect(enc({ attributes: null })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'attributes',
    });
    expect(enc({ attributes: 'ab' })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'attributes',
    });
    expect(enc({ attributes: { '': 'v' } })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'attributes',
    });
    expect(enc({ attributes: { k: 1 } })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'attributes.k',
    });
    expect(enc({ attributes: { k: 'a\u0000' } })).toStrictEqual({
      code: 'INVALID_CHARACTER',
      field: 'attributes.k[1]',
    });
    expect(enc({ attributes: { ['k'.repeat(MAX_ATTRIBUTE_KEY_BYTES + 1)]: 'v' } })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'attributes',
    });
    expect(enc({ attributes: { k: 'v'.repeat(MAX_ATTRIBUTE_VALUE_BYTES + 1) } })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'attributes.k',
    });
    const limits = encodeIdentityRecord(
      {
        ...idBody,
        attributes: {
          ['k'.repeat(MAX_ATTRIBUTE_KEY_BYTES)]: 'v'.repeat(MAX_ATTRIBUTE_VALUE_BYTES),
        },
      },
      pk,
    );
    expect(limits.length).toBe(
      68 + 5 + 6 + 2 + 1 + 1 + 1 + MAX_ATTRIBUTE_KEY_BYTES + 2 + MAX_ATTRIBUTE_VALUE_BYTES,
    );
  });

  it('allows at most 32 attributes', () => {
    const many = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    const at = encodeIdentityRecord({ ...idBody, attributes: many(MAX_ATTRIBUTES) }, pk);
    expect(at[68 + 5 + 6 + 2 + 1]).toBe(MAX_ATTRIBUTES);
    expect(enc({ attributes: many(MAX_ATTRIBUTES + 1) })).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'attributes',
    });
  });

  it('rejects a wrong-length public key', () => {
    expect(enc({}, pk.subarray(0, 32))).toStrictEqual({
      code: 'BAD_PUBLIC_KEY',
      field: 'publicKey',
    });
  });
});

describe('acceptIdentityRecord (spec §5.3)', () => {
  it('accepts a record signed by the creator and keys the nonce by the quid', () => {
    const ledger = new NonceLedger();
    const byCreator = signIdentityRecord(
      { ...idBody, quid: QB, creator: QA, updateNonce: 3 },
      keyA,
    );
    acceptIdentityRecord(byCreator, ledger);
    expect(ledger.lastNonce(`identity:${QB}`)).toBe(3);
    expect(ledger.lastNonce(`identity:${QA}`)).toBe(0);
    expect(errorOf(() => acceptIdentityRecord(byCreator, ledger))).toStrictEqual({
      code: 'NONCE_REPLAY',
      field: 'updateNonce',
    });
    const bySelf = signIdentityRecord({ ...idBody, quid: QB, creator: QA, updateNonce: 4 }, keyB);
    acceptIdentityRecord(bySelf, ledger);
    expect(ledger.lastNonce(`identity:${QB}`)).toBe(4);
  });

  it('rejects a signer that is neither the quid nor its creator', () => {
    const third = signIdentityRecord({ ...idBody, quid: QB, creator: QA }, keyC);
    expect(QC).not.toBe(QA);
    expect(errorOf(() => acceptIdentityRecord(third, new NonceLedger()))).toStrictEqual({
      code: 'SIGNER_MISMATCH',
      field: 'publicKey',
    });
  });

  it('rejects a bad signature without recording the nonce', () => {
    const ledger = new NonceLedger();
    const signed = signIdentityRecord(idBody, keyA);
    const forged = { ...signed, body: { ...idBody, name: 'beta' } };
    expect(errorOf(() => acceptIdentityRecord(forged, ledger))).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
    });
    expect(ledger.size).toBe(0);
    expect(errorOf(() => acceptIdentityRecord(null as never, ledger))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'record',
    });
  });
});

describe('trustEdgeFromRecord', () => {
  it('copies the body and provenance, leaving absent optional fields out', () => {
    const plain = signTrustRecord(trustBody, keyA);
    expect(trustEdgeFromRecord(plain, { verified: false })).toStrictEqual({
      truster: QA,
      trustee: QB,
      level: 0.9,
      domain: 'qcos.registry',
      verified: false,
      timestamp: 1_000,
    });
    const full = signTrustRecord({ ...trustBody, validUntil: 2_000 }, keyA);
    expect(
      trustEdgeFromRecord(full, { verified: true, validator: QC, sourceBlock: 'ff' }),
    ).toStrictEqual({
      truster: QA,
      trustee: QB,
      level: 0.9,
      domain: 'qcos.registry',
      verified: true,
      timestamp: 1_000,
      validUntil: 2_000,
      validator: QC,
      sourceBlock: 'ff',
    });
  });
});

describe('record rejections carry their reason', () => {
  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      if (e instanceof TrustGraphError) return e.message;
      throw e;
    }
    throw new Error('expected a TrustGraphError');
  };
  const trust =
    (patch: Partial<Record<keyof TrustRecordBody, unknown>>, key = pk) =>
    () =>
      encodeTrustRecord({ ...trustBody, ...patch } as TrustRecordBody, key);
  const identity = (patch: Partial<Record<keyof IdentityRecordBody, unknown>>) => () =>
    encodeIdentityRecord({ ...idBody, ...patch } as IdentityRecordBody, pk);

  it('names the rule each encoding rejection breaks', () => {
    const cases: [() => unknown, string][] = [
      [trust({ trustee: QA }), 'SELF_EDGE at trustee: a quid cannot trust itself'],
      [trust({ nonce: 0 }), 'INVALID_NONCE at nonce: must be a positive safe integer'],
      [
        trust({ timestamp: -1 }),
        'INVALID_TIME at timestamp: must be a non-negative safe integer (unix ms)',
      ],
      [trust({ timestamp: undefined }), 'INVALID_TIME at timestamp: required'],
      [
        trust({ validUntil: 1_000 }),
        'EXPIRY_NOT_AFTER_TIMESTAMP at validUntil: must be after timestamp',
      ],
      [trust({ description: 1 }), 'INVALID_RECORD at description: must be a string'],
      [
        trust({ description: '\u0001' }),
        'INVALID_CHARACTER at description[0]: control characters other than tab, LF, CR',
      ],
      [trust({ description: '\udc00' }), 'INVALID_CHARACTER at description[0]: lone surrogate'],
      [
        trust({ description: 'x'.repeat(MAX_DESCRIPTION_BYTES + 1) }),
        'DESCRIPTION_TOO_LONG at description: longer than 4096 bytes',
      ],
      [
        trust({}, pk.subarray(1)),
        `BAD_PUBLIC_KEY at publicKey: must be ${HYBRID_PUBLIC_KEY_LENGTH} bytes`,
      ],
      [
        () => encodeTrustRecord(null as never, pk),
        'INVALID_RECORD at body: a record body is an object',
      ],
      [
        () => acceptTrustRecord(null as never, new NonceLedger(), 0),
        'INVALID_RECORD at record: a signed record is an object',
      ],
      [identity({ timestamp: undefined }), 'INVALID_TIME at timestamp: required'],
      [identity({ name: '' }), 'INVALID_RECORD at name: must not be empty'],
      [
        identity({ attributes: null }),
        'INVALID_RECORD at attributes: must be an object of strings',
      ],
      [identity({ attributes: { '': 'v' } }), 'INVALID_RECORD at attributes: empty key'],
      [
        identity({
          attributes: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])),
        }),
        'INVALID_RECORD at attributes: more than 32',
      ],
    ];
    for (const [fn, message] of cases) expect(messageOf(fn)).toBe(message);
  });

  it('names the rule each acceptance rejection breaks', () => {
    const signed = signTrustRecord({ ...trustBody, validUntil: 3_000 }, keyA);
    expect(messageOf(() => acceptTrustRecord(signed, new NonceLedger(), 0.5))).toBe(
      'INVALID_TIME at now: must be a safe integer',
    );
    expect(messageOf(() => acceptTrustRecord(signed, new NonceLedger(), 3_000))).toBe(
      'RECORD_EXPIRED at validUntil: the record has expired',
    );
    expect(
      messageOf(() => acceptTrustRecord(signTrustRecord(trustBody, keyB), new NonceLedger(), 0)),
    ).toBe('SIGNER_MISMATCH at publicKey: signer is not the truster');
    expect(
      messageOf(() =>
        acceptTrustRecord(
          { ...signed, signature: new Uint8Array(signed.signature.length) },
          new NonceLedger(),
          0,
        ),
      ),
    ).toBe('BAD_SIGNATURE at signature: hybrid signature does not verify');
    expect(
      messageOf(() =>
        acceptIdentityRecord(
          signIdentityRecord({ ...idBody, quid: QB, creator: QA }, keyC),
          new NonceLedger(),
        ),
      ),
    ).toBe('SIGNER_MISMATCH at publicKey: signer is neither the quid nor its creator');
  });
});
