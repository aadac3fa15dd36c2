import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  acceptIdentityRecord,
  acceptTrustRecord,
  classifyAcceptance,
  computeDistrust,
  computeRelationalTrust,
  encodeTrustRecord,
  NonceLedger,
  signIdentityRecord,
  signTrustRecord,
  TrustGraph,
  type TrustRecordBody,
  trustEdgeFromRecord,
} from '../src/index.js';

const keyA = hybridKeyFromSeed(new Uint8Array(32).fill(1));
const keyB = hybridKeyFromSeed(new Uint8Array(32).fill(2));
const QA = hybridQuid(keyA.publicKey);
const QB = hybridQuid(keyB.publicKey);
const body: TrustRecordBody = {
  truster: QA,
  trustee: QB,
  level: 0.9,
  domain: 'qcos.registry',
  nonce: 1,
  timestamp: 1_000,
};

describe('signed TRUST records', () => {
  const signed = signTrustRecord(body, keyA);

  it('encodes deterministically with the fixed layout', () => {
    const bytes = encodeTrustRecord(body, keyA.publicKey);
    expect(encodeTrustRecord(body, keyA.publicKey)).toEqual(bytes);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('QTR1');
    expect(Buffer.from(bytes.subarray(4, 12)).toString('hex')).toBe(QA);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getFloat64(20)).toBe(0.9);
    expect(bytes.length).toBe(4 + 8 + 8 + 8 + 8 + 8 + 8 + 32 + 1 + 13 + 2);
  });

  it('accepts once, then rejects the replay', () => {
    const ledger = new NonceLedger();
    acceptTrustRecord(signed, ledger, 2_000);
    expect(ledger.lastNonce(`trust:${QA}`)).toBe(1);
    expect(() => acceptTrustRecord(signed, ledger, 2_000)).toThrow(
      expect.objectContaining({ code: 'NONCE_REPLAY' }),
    );
  });

  it('rejects tampering, expiry and a foreign signer', () => {
    expect(() =>
      acceptTrustRecord({ ...signed, body: { ...body, level: 1 } }, new NonceLedger(), 2_000),
    ).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
    const expiring = signTrustRecord({ ...body, validUntil: 1_500 }, keyA);
    expect(() => acceptTrustRecord(expiring, new NonceLedger(), 1_500)).toThrow(
      expect.objectContaining({ code: 'RECORD_EXPIRED' }),
    );
    const foreign = signTrustRecord(body, keyB);
    expect(() => acceptTrustRecord(foreign, new NonceLedger(), 2_000)).toThrow(
      expect.objectContaining({ code: 'SIGNER_MISMATCH' }),
    );
    expect(() =>
      acceptTrustRecord(
        { ...signed, signature: signed.signature.subarray(1) },
        new NonceLedger(),
        2_000,
      ),
    ).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });

  it('cannot be replayed as an IDENTITY signature (separate contexts)', () => {
    const id = signIdentityRecord(
      { quid: QA, creator: QA, name: 'a', domain: 'd', updateNonce: 1, timestamp: 1 },
      keyA,
    );
    acceptIdentityRecord(id, new NonceLedger());
    expect(() =>
      acceptIdentityRecord({ ...id, signature: signed.signature }, new NonceLedger()),
    ).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });

  it('becomes a graph edge with provenance', () => {
    const g = new TrustGraph();
    g.setEdge(trustEdgeFromRecord(signed, { verified: true, sourceBlock: 'ab' }));
    expect(g.getEdge(QA, QB, { domain: 'qcos.registry' })).toMatchObject({
      level: 0.9,
      timestamp: 1_000,
      sourceBlock: 'ab',
    });
    expect(computeRelationalTrust(g, QA, QB, { now: 2_000 }).trustLevel).toBe(0.9);
  });
});

describe('computeDistrust', () => {
  const [A, B, C, X] = ['a', 'b', 'c', 'e'].map((c) => c.repeat(16)) as [
    string,
    string,
    string,
    string,
  ];
  it('weighs each live verified revocation by trust in the revoker', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.8 });
    g.setEdge({ truster: A, trustee: C, level: 0.3 });
    g.setEdge({ truster: C, trustee: X, level: 0 });
    expect(computeDistrust(g, A, X, { now: 0 })).toBe(0.3);
    g.setEdge({ truster: B, trustee: X, level: 0, validUntil: 10 });
    expect(computeDistrust(g, A, X, { now: 5 })).toBe(0.8);
    expect(computeDistrust(g, A, X, { now: 10 })).toBe(0.3);
    g.setEdge({ truster: A, trustee: X, level: 0 });
    expect(computeDistrust(g, A, X, { now: 10 })).toBe(1);
    expect(g.revocationsOf(X, { now: 10 }).map((e) => e.truster)).toEqual([C, A]);
    expect(computeDistrust(g, B, A, { now: 0 })).toBe(0);
  });
});

describe('classifyAcceptance', () => {
  const th = { trusted: 0.75, distrust: 0.1 };
  it('tiers by trust and distrust', () => {
    expect(classifyAcceptance(0.9, 0, th)).toBe('Trusted');
    expect(classifyAcceptance(0.75, 0.1, th)).toBe('Trusted');
    expect(classifyAcceptance(0.9, 0.2, th)).toBe('Tentative');
    expect(classifyAcceptance(0.11, 0, th)).toBe('Tentative');
    expect(classifyAcceptance(0.1, 0, th)).toBe('Untrusted');
    expect(classifyAcceptance(0.9, 1, th)).toBe('Invalid');
    expect(classifyAcceptance(0.8, 0)).toBe('Trusted');
  });
  it('rejects bad input', () => {
    expect(() => classifyAcceptance(Number.NaN, 0, th)).toThrow(
      expect.objectContaining({ code: 'INVALID_LEVEL' }),
    );
    expect(() => classifyAcceptance(0.5, 0, { trusted: 0.5, distrust: 0.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_THRESHOLDS' }),
    );
  });
});
