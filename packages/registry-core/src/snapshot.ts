/**
 * Snapshots: the canonical encoding of a whole registry state. decodeSnapshot(encodeSnapshot(s))
 * folds on exactly like s, so a QAN can start from a snapshot and apply later blocks.
 */
import { HYBRID_PUBLIC_KEY_LENGTH, hybridQuid, isQuid, type Quid } from '@qcos/identity';
import {
  type CanonicalValue,
  decode,
  encode,
  entryToCanonical,
  policyToCanonical,
} from './canonical.js';
import { bookFromCanonical, bookToCanonical } from './contracts/book-codec.js';
import type { NodeEntry } from './entry.js';
import { entryFromCanonical } from './entry-codec.js';
import { EntryVector } from './entry-vector.js';
import { RegistryError } from './errors.js';
import { isLabel } from './labels.js';
import { MAX_SAFE, MAX_SNAPSHOT_BYTES, PPM } from './limits.js';
import { MerkleMemo } from './merkle-memo.js';
import { policyFromMap, policyMapProblem } from './policy.js';
import { buildIndex } from './routing-index.js';
import { makeState, type RegistryState } from './state.js';

const TYPE = 'qcos-registry-snapshot';
/** Version 2 added the operator keys and per-signer operator-action seqs. */
const SNAPSHOT_VERSION = 2;
const KEYS = [
  'type',
  'version',
  'networkId',
  'anchor',
  'genesisHash',
  'height',
  'headHash',
  'lamport',
  'policy',
  'qans',
  'operators',
  'operatorSeqs',
  'trustEdges',
  'entries',
];

const keyList = (keys: ReadonlyMap<Quid, Uint8Array>): CanonicalValue[] =>
  [...keys].sort(([a], [b]) => (a < b ? -1 : 1)).map(([quid, publicKey]) => ({ quid, publicKey }));

/**
 * Everything in a state but its head hash and entries, as canonical map fields: the part of a
 * snapshot that the state root (state-root.ts) hashes; `withBook` false leaves the contract book
 * out (the root hashes the book on its own and puts that hash in its place).
 */
export function stateFields(s: RegistryState, withBook = true): Record<string, CanonicalValue> {
  const contracts = withBook ? bookToCanonical(s.contracts) : undefined;
  const seqs = [...s.operatorSeqs]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([signer, seq]) => ({ signer, seq }));
  const edges: CanonicalValue[] = [];
  for (const truster of [...s.trustEdges.keys()].sort()) {
    const out = s.trustEdges.get(truster) as ReadonlyMap<Quid, number>;
    for (const trustee of [...out.keys()].sort())
      edges.push({ truster, trustee, levelPpm: out.get(trustee) as number });
  }
  return {
    networkId: s.networkId,
    anchor: s.anchor,
    genesisHash: s.genesisHash,
    height: s.height,
    lamport: s.lamport,
    policy: policyToCanonical(s.policy),
    qans: keyList(s.qanKeys),
    operators: keyList(s.operatorKeys),
    operatorSeqs: seqs,
    trustEdges: edges,
    ...(contracts === undefined ? {} : { contracts }),
  };
}

export function encodeSnapshot(s: RegistryState): Uint8Array {
  return encode(
    {
      type: TYPE,
      version: SNAPSHOT_VERSION,
      ...stateFields(s),
      headHash: s.headHash,
      entries: s.entries.map(entryToCanonical),
    },
    'SNAPSHOT_MALFORMED',
    MAX_SNAPSHOT_BYTES,
  );
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

function bad(field: string, why: string): never {
  throw new RegistryError('SNAPSHOT_MALFORMED', `${field}: ${why}`, { field });
}

const int = (v: unknown, field: string, min = 0): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > MAX_SAFE)
    bad(field, 'not an integer');
  return v as number;
};
const hash32 = (v: unknown, field: string): Uint8Array => {
  if (!(v instanceof Uint8Array) || v.length !== 32) bad(field, 'not 32 bytes');
  return v as Uint8Array;
};

/** Strictly decodes a snapshot; the Merkle tree and routing indexes are rebuilt from the entries. */
export function decodeSnapshot(bytes: Uint8Array): RegistryState {
  const v = decode(bytes, 'SNAPSHOT_MALFORMED', MAX_SNAPSHOT_BYTES);
  if (!isObj(v)) bad('snapshot', 'not a map');
  for (const k of Object.keys(v))
    if (!KEYS.includes(k) && k !== 'contracts') bad(k, 'unknown field');
  for (const k of KEYS) if (!(k in v)) bad(k, 'missing');
  if (v.type !== TYPE || v.version !== SNAPSHOT_VERSION)
    bad('type', `not a version ${SNAPSHOT_VERSION} registry snapshot`);
  if (!isLabel(v.networkId)) bad('networkId', 'not a DNS label');
  if (!isQuid(v.anchor)) bad('anchor', 'not a quid');
  if (!isObj(v.policy)) bad('policy', 'not a map');
  const problem = policyMapProblem(v.policy);
  if (problem) bad(`policy.${problem.field}`, problem.why);
  const policy = policyFromMap(v.policy);

  const qanKeys = keyMap(v.qans, 'qans');
  const operatorKeys = keyMap(v.operators, 'operators');
  for (const quid of operatorKeys.keys())
    if (qanKeys.has(quid)) bad('operators', `${quid} holds two roles`);
  const operatorSeqs = seqMap(v.operatorSeqs);

  const trustEdges = new Map<Quid, Map<Quid, number>>();
  if (!Array.isArray(v.trustEdges)) bad('trustEdges', 'not a list');
  let prev = '';
  (v.trustEdges as unknown[]).forEach((e, i) => {
    if (!isObj(e) || Object.keys(e).length !== 3 || !isQuid(e.truster) || !isQuid(e.trustee))
      bad(`trustEdges.${i}`, 'not an edge');
    const level = int(e.levelPpm, `trustEdges.${i}.levelPpm`, 1);
    if (level > PPM) bad(`trustEdges.${i}.levelPpm`, 'above 1');
    const key = `${e.truster}:${e.trustee}`;
    if (!(prev < key)) bad(`trustEdges.${i}`, 'not sorted');
    prev = key;
    const out = trustEdges.get(e.truster as Quid) ?? new Map<Quid, number>();
    out.set(e.trustee as Quid, level);
    trustEdges.set(e.truster as Quid, out);
  });

  if (!Array.isArray(v.entries)) bad('entries', 'not a list');
  const entries: NodeEntry[] = (v.entries as unknown[]).map((e, i) =>
    entryFromCanonical(e, 'SNAPSHOT_MALFORMED', `entries.${i}`),
  );
  for (let i = 1; i < entries.length; i++) {
    if (!((entries[i - 1] as NodeEntry).alias < (entries[i] as NodeEntry).alias))
      bad(`entries.${i}`, 'not sorted by alias');
  }
  return makeState({
    networkId: v.networkId as string,
    anchor: v.anchor as Quid,
    genesisHash: hash32(v.genesisHash, 'genesisHash'),
    height: int(v.height, 'height'),
    headHash: hash32(v.headHash, 'headHash'),
    lamport: int(v.lamport, 'lamport'),
    policy: { ...policy },
    qanKeys,
    operatorKeys,
    operatorSeqs,
    trustEdges,
    positions: new Map(entries.map((e, i) => [e.alias, i])),
    index: buildIndex(entries),
    merkle: MerkleMemo.fresh(EntryVector.from(entries)),
    contracts: bookFromCanonical(v.contracts),
  });
}

/** A sorted list of {quid, publicKey} (hybrid keys whose quid matches) as a map. */
function keyMap(v: unknown, field: string): Map<Quid, Uint8Array> {
  const out = new Map<Quid, Uint8Array>();
  if (!Array.isArray(v)) bad(field, 'not a list');
  let prev = '';
  (v as unknown[]).forEach((q, i) => {
    if (
      !isObj(q) ||
      !(q.publicKey instanceof Uint8Array) ||
      q.publicKey.length !== HYBRID_PUBLIC_KEY_LENGTH
    ) {
      bad(`${field}.${i}`, 'not a hybrid key');
    }
    const quid = hybridQuid(q.publicKey as Uint8Array);
    if (q.quid !== quid || Object.keys(q).length !== 2)
      bad(`${field}.${i}.quid`, 'does not match the key');
    if (!(prev < quid)) bad(`${field}.${i}`, 'not sorted');
    prev = quid;
    out.set(quid, q.publicKey as Uint8Array);
  });
  return out;
}

function seqMap(v: unknown): Map<Quid, number> {
  const out = new Map<Quid, number>();
  if (!Array.isArray(v)) bad('operatorSeqs', 'not a list');
  let prev = '';
  (v as unknown[]).forEach((e, i) => {
    if (!isObj(e) || Object.keys(e).length !== 2 || !isQuid(e.signer))
      bad(`operatorSeqs.${i}`, 'not a signer seq');
    if (!(prev < (e.signer as string))) bad(`operatorSeqs.${i}`, 'not sorted');
    prev = e.signer as string;
    out.set(e.signer as Quid, int(e.seq, `operatorSeqs.${i}.seq`, 1));
  });
  return out;
}
