import { hybridKeyFromSeed } from '@qcos/identity';
import {
  type AcceptanceThresholds,
  acceptIdentityRecord,
  acceptQuidnugIdentityTx,
  acceptQuidnugTrustTx,
  acceptTrustRecord,
  classifyAcceptance,
  computeDistrust,
  computeRelationalTrust,
  computeSingleSourceTrust,
  encodeIdentityRecord,
  encodeTrustRecord,
  type IdentityRecordBody,
  NonceLedger,
  parseQuidnugTx,
  type QuidnugIdentityTx,
  type QuidnugTrustTx,
  quidnugSignableBytes,
  quidnugSignableDigest,
  quidnugTxId,
  signIdentityRecord,
  signP256,
  signTrustRecord,
  type TrustEdgeInput,
  TrustGraph,
  type TrustQueryOptions,
  type TrustRecordBody,
  verifyP256Signature,
  verifyQuidnugTx,
} from '@qcos/trust-graph';
import {
  bytesField,
  bytesToHex,
  field,
  hexToBytes,
  isArray,
  isNumber,
  isObject,
  isString,
  type PackageAdapter,
  VectorInputError,
} from '../adapter.js';

function graphOf(input: unknown): TrustGraph {
  const g = new TrustGraph();
  for (const e of field(input, 'edges', isArray)) {
    if (!isObject(e)) throw new VectorInputError('an edge is an object');
    g.setEdge(e as unknown as TrustEdgeInput);
  }
  return g;
}

const options = (input: unknown): TrustQueryOptions =>
  field(input, 'options', isObject) as unknown as TrustQueryOptions;

const tx = (input: unknown) => parseQuidnugTx(field(input, 'tx', isObject));

interface RecordStep {
  record: Record<string, unknown>;
  signerSeed: string;
  /** Fields replaced after signing (the signature no longer covers them). */
  override?: Record<string, unknown>;
  /** Flip bit 0 of byte `flipSignatureByte` of the signature. */
  flipSignatureByte?: number;
}

function steps(input: unknown): RecordStep[] {
  return field(input, 'steps', isArray).map((s) => {
    if (!isObject(s) || !isObject(s.record) || !isString(s.signerSeed))
      throw new VectorInputError('bad step');
    return s as unknown as RecordStep;
  });
}

function tamper<T extends { signature: Uint8Array; body: object }>(signed: T, step: RecordStep): T {
  let out = signed;
  if (step.override) out = { ...out, body: { ...out.body, ...step.override } };
  if (step.flipSignatureByte !== undefined) {
    const sig = Uint8Array.from(out.signature);
    sig[step.flipSignatureByte] = (sig[step.flipSignatureByte] ?? 0) ^ 1;
    out = { ...out, signature: sig };
  }
  return out;
}

/** Operations of @qcos/trust-graph that vectors in conformance/vectors/trust-graph/ can name. */
export const adapter: PackageAdapter = {
  package: 'trust-graph',
  operations: {
    relationalTrust: (input) =>
      computeRelationalTrust(
        graphOf(input),
        field(input, 'observer', isString),
        field(input, 'target', isString),
        options(input),
      ),
    singleSourceTrust: (input) => {
      const ss = computeSingleSourceTrust(
        graphOf(input),
        field(input, 'observer', isString),
        options(input),
      );
      return Object.fromEntries([...ss.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    },
    distrust: (input) =>
      computeDistrust(
        graphOf(input),
        field(input, 'observer', isString),
        field(input, 'target', isString),
        options(input),
      ),
    setEdge: (input) => graphOf({ edges: [field(input, 'edge', isObject)] }).edgeCount,
    classifyAcceptance: (input) =>
      classifyAcceptance(
        field(input, 'trust', isNumber),
        field(input, 'distrust', isNumber),
        field(input, 'thresholds', isObject) as unknown as AcceptanceThresholds,
      ),
    'trustRecord.canonicalBytes': (input) => {
      const key = hybridKeyFromSeed(bytesField(input, 'signerSeed'));
      return encodeTrustRecord(
        field(input, 'record', isObject) as unknown as TrustRecordBody,
        key.publicKey,
      );
    },
    'identityRecord.canonicalBytes': (input) => {
      const key = hybridKeyFromSeed(bytesField(input, 'signerSeed'));
      return encodeIdentityRecord(
        field(input, 'record', isObject) as unknown as IdentityRecordBody,
        key.publicKey,
      );
    },
    'trustRecord.accept': (input) => {
      const ledger = new NonceLedger();
      const now = field(input, 'now', isNumber);
      let accepted = 0;
      for (const step of steps(input)) {
        const key = hybridKeyFromSeed(hexToBytes(step.signerSeed));
        const signed = tamper(
          signTrustRecord(step.record as unknown as TrustRecordBody, key),
          step,
        );
        acceptTrustRecord(signed, ledger, now);
        accepted++;
      }
      return { accepted };
    },
    'identityRecord.accept': (input) => {
      const ledger = new NonceLedger();
      let accepted = 0;
      for (const step of steps(input)) {
        const key = hybridKeyFromSeed(hexToBytes(step.signerSeed));
        const signed = tamper(
          signIdentityRecord(step.record as unknown as IdentityRecordBody, key),
          step,
        );
        acceptIdentityRecord(signed, ledger);
        accepted++;
      }
      return { accepted };
    },
    'quidnug.signableBytes': (input) => quidnugSignableBytes(tx(input)),
    'quidnug.signableDigest': (input) => quidnugSignableDigest(tx(input)),
    'quidnug.txId': (input) => quidnugTxId(tx(input)),
    'quidnug.verify': (input) => verifyQuidnugTx(tx(input)),
    'quidnug.signatureBitFlips': (input) => {
      const t = tx(input);
      const message = quidnugSignableBytes(t);
      const sig = hexToBytes(t.signature);
      let accepted = 0;
      for (let bit = 0; bit < sig.length * 8; bit++) {
        const flipped = Uint8Array.from(sig);
        flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        if (verifyP256Signature(t.publicKey, message, bytesToHex(flipped))) accepted++;
      }
      return { flipped: sig.length * 8, accepted };
    },
    'quidnug.signFresh': (input) => {
      const t = tx(input);
      const message = quidnugSignableBytes(t);
      const signature = signP256(field(input, 'privateScalar', isString), message);
      return { signature, verifies: verifyP256Signature(t.publicKey, message, signature) };
    },
    'quidnug.accept': (input) => {
      const ledger = new NonceLedger();
      let accepted = 0;
      for (const raw of field(input, 'txs', isArray)) {
        const t = parseQuidnugTx(raw);
        if (t.type === 'TRUST') acceptQuidnugTrustTx(t as QuidnugTrustTx, ledger);
        else acceptQuidnugIdentityTx(t as QuidnugIdentityTx, ledger);
        accepted++;
      }
      return { accepted };
    },
  },
};
