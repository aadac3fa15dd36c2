import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptQuidnugIdentityTx,
  acceptQuidnugTrustTx,
  acceptTrustRecord,
  classifyAcceptance,
  computeRelationalTrust,
  encodeIdentityRecord,
  encodeTrustRecord,
  NonceLedger,
  parseQuidnugTx,
  quidnugSignableBytes,
  quidnugTxId,
  TrustGraph,
  TrustGraphError,
  verifyQuidnugTx,
} from '../src/index.js';

/** Runs `f`; anything thrown must be a TrustGraphError with an UPPER_SNAKE code. */
function onlyTypedErrors(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(TrustGraphError);
    expect((err as TrustGraphError).code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  }
}

const quid = fc.constantFrom(
  'aaaaaaaaaaaaaaaa',
  'bbbbbbbbbbbbbbbb',
  'AAAA',
  '',
  'c31907f180e6e1e0',
);
const junk = fc.oneof(fc.anything(), quid, fc.double(), fc.integer());

describe('malformed input only ever raises typed errors', () => {
  it('graph edges and queries', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            truster: junk,
            trustee: junk,
            level: junk,
            domain: junk,
            verified: junk,
            validator: junk,
            validUntil: junk,
            timestamp: junk,
            sourceBlock: junk,
          },
          { requiredKeys: [] },
        ),
        junk,
        (edge, opts) => {
          const g = new TrustGraph();
          onlyTypedErrors(() => g.setEdge(edge as never));
          onlyTypedErrors(() =>
            computeRelationalTrust(g, 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', opts as never),
          );
          onlyTypedErrors(() => g.setEdge(opts as never));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('records, Quidnug transactions and tiers', () => {
    fc.assert(
      fc.property(junk, junk, junk, (a, b, c) => {
        onlyTypedErrors(() => encodeTrustRecord(a as never, new Uint8Array(1984)));
        onlyTypedErrors(() => encodeIdentityRecord(a as never, b as never));
        onlyTypedErrors(() => acceptTrustRecord(a as never, new NonceLedger(), 0));
        onlyTypedErrors(() => classifyAcceptance(a as never, b as never, c as never));
        onlyTypedErrors(() => {
          const tx = parseQuidnugTx(a);
          quidnugSignableBytes(tx);
          quidnugTxId(tx);
          verifyQuidnugTx(tx);
          if (tx.type === 'TRUST') acceptQuidnugTrustTx(tx, new NonceLedger());
          else acceptQuidnugIdentityTx(tx, new NonceLedger());
        });
      }),
      { numRuns: 400 },
    );
  });

  it('Quidnug transactions with well-typed but hostile fields', () => {
    const tx = fc.record({
      id: fc.string(),
      type: fc.constantFrom('TRUST', 'IDENTITY'),
      trustDomain: fc.string(),
      timestamp: fc.integer(),
      signature: fc.string(),
      publicKey: fc.string(),
      truster: quid,
      trustee: quid,
      trustLevel: fc.double(),
      nonce: fc.integer(),
      quidId: quid,
      name: fc.string(),
      creator: quid,
      updateNonce: fc.integer(),
      attributes: fc.dictionary(fc.string(), fc.jsonValue()),
      description: fc.string(),
    });
    fc.assert(
      fc.property(tx, (t) => {
        onlyTypedErrors(() => {
          const parsed = parseQuidnugTx(t);
          quidnugSignableBytes(parsed);
          if (parsed.type === 'TRUST') acceptQuidnugTrustTx(parsed, new NonceLedger());
          else acceptQuidnugIdentityTx(parsed, new NonceLedger());
        });
      }),
      { numRuns: 400 },
    );
  });
});
