/**
 * The network genesis document: what every QAN of one network starts from (registry spec §3.1).
 * It names the network, its anchor key (an offline key, never a QAN's), the initial policy and
 * the initial members — QANs and operators, each as an anchor → member trust edge — and is
 * signed by the anchor. The genesis hash is the hash of its body, the same on every QAN.
 *
 *   document = canonical { body: bin(canonical body), signature: bin3373 }
 *   body     = { type: "qcos-network-genesis", v: 1, networkId, anchorPublicKey: bin1984,
 *                policy, members: [{ role, publicKey: bin1984, levelPpm }] sorted by quid }
 *   signature = hybridSign(anchor key, "qcos/network-genesis/v1", body bytes)
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  HYBRID_PUBLIC_KEY_LENGTH,
  HYBRID_SIGNATURE_LENGTH,
  type HybridSigningKey,
  hybridQuid,
  hybridSign,
  hybridVerify,
  type Quid,
} from '@qcos/identity';
import { type CanonicalValue, decode, encode, policyToCanonical } from './canonical.js';
import { EMPTY_BOOK } from './contracts/contract-book.js';
import { RegistryError } from './errors.js';
import { isLabel } from './labels.js';
import { MAX_GENESIS_DOCUMENT_BYTES, MAX_GENESIS_MEMBERS, PPM } from './limits.js';
import { MerkleMemo } from './merkle-memo.js';
import { DEFAULT_POLICY, policyFromMap, policyMapProblem, type StatusPolicy } from './policy.js';
import { MEMBER_ROLES, type MemberRole } from './records.js';
import { EMPTY_INDEX } from './routing-index.js';
import { makeState, type RegistryState } from './state.js';

export const GENESIS_SIGNATURE_CONTEXT = 'qcos/network-genesis/v1';
const TYPE = 'qcos-network-genesis';
const BODY_KEYS = ['type', 'v', 'networkId', 'anchorPublicKey', 'policy', 'members'];
const MEMBER_KEYS = ['role', 'publicKey', 'levelPpm'];

export interface GenesisMember {
  readonly role: MemberRole;
  readonly publicKey: Uint8Array;
  /** Trust of the anchor in this member, 1..1 000 000 ppm. */
  readonly levelPpm: number;
}

export interface GenesisDocument {
  readonly networkId: string;
  readonly anchorPublicKey: Uint8Array;
  readonly policy: StatusPolicy;
  /** Sorted by the quid of their key. */
  readonly members: readonly GenesisMember[];
  /** SHA-256 of the body bytes: the registry's genesis hash. */
  readonly hash: Uint8Array;
}

export interface GenesisDocumentParams {
  readonly networkId: string;
  readonly anchorKey: HybridSigningKey;
  readonly policy?: StatusPolicy;
  readonly members: readonly GenesisMember[];
}

function invalid(field: string, why: string): never {
  throw new RegistryError('GENESIS_INVALID', `${field}: ${why}`, { field });
}

const byQuid = (a: GenesisMember, b: GenesisMember): number => {
  const x = hybridQuid(a.publicKey);
  const y = hybridQuid(b.publicKey);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Builds and signs a document (members in any order; they are sorted here). */
export function createGenesisDocument(p: GenesisDocumentParams): Uint8Array {
  const body = encode(
    {
      type: TYPE,
      v: 1,
      networkId: p.networkId,
      anchorPublicKey: p.anchorKey.publicKey,
      policy: policyToCanonical(p.policy ?? DEFAULT_POLICY),
      members: [...p.members].sort(byQuid).map((m) => ({
        role: m.role,
        publicKey: m.publicKey,
        levelPpm: m.levelPpm,
      })),
    },
    'GENESIS_INVALID',
    MAX_GENESIS_DOCUMENT_BYTES,
  );
  checkBody(decode(body, 'GENESIS_INVALID', MAX_GENESIS_DOCUMENT_BYTES));
  const signature = hybridSign(p.anchorKey, GENESIS_SIGNATURE_CONTEXT, body);
  return encode({ body, signature }, 'GENESIS_INVALID', MAX_GENESIS_DOCUMENT_BYTES);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

function exactKeys(o: Obj, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) invalid(`${where}${k}`, 'unknown field');
  for (const k of keys) if (!(k in o)) invalid(`${where}${k}`, 'missing');
}

const isHybridKey = (v: unknown): v is Uint8Array =>
  v instanceof Uint8Array && v.length === HYBRID_PUBLIC_KEY_LENGTH;

/** Strictly decodes and verifies a document; every refusal is GENESIS_INVALID with its field. */
export function decodeGenesisDocument(bytes: Uint8Array): GenesisDocument {
  if (!(bytes instanceof Uint8Array)) invalid('document', 'not bytes');
  const outer = decode(bytes, 'GENESIS_INVALID', MAX_GENESIS_DOCUMENT_BYTES);
  if (!isObj(outer)) invalid('document', 'not a map');
  exactKeys(outer, ['body', 'signature'], '');
  const { body, signature } = outer;
  if (!(body instanceof Uint8Array)) invalid('body', 'not bytes');
  if (!(signature instanceof Uint8Array) || signature.length !== HYBRID_SIGNATURE_LENGTH)
    invalid('signature', `not ${HYBRID_SIGNATURE_LENGTH} bytes`);
  const doc = checkBody(decode(body, 'GENESIS_INVALID', MAX_GENESIS_DOCUMENT_BYTES));
  if (!hybridVerify(doc.anchorPublicKey, GENESIS_SIGNATURE_CONTEXT, body, signature))
    invalid('signature', 'not the anchor key’s signature over the body');
  return { ...doc, hash: sha256(body) };
}

function checkBody(b: CanonicalValue): Omit<GenesisDocument, 'hash'> {
  if (!isObj(b)) invalid('body', 'not a map');
  exactKeys(b, BODY_KEYS, 'body.');
  if (b.type !== TYPE || b.v !== 1) invalid('body.type', 'not a version 1 genesis document');
  if (!isLabel(b.networkId)) invalid('body.networkId', 'not a DNS label');
  if (!isHybridKey(b.anchorPublicKey)) invalid('body.anchorPublicKey', 'not a hybrid key');
  if (!isObj(b.policy)) invalid('body.policy', 'not a map');
  const bad = policyMapProblem(b.policy);
  if (bad) invalid(`body.policy.${bad.field}`, bad.why);
  return {
    networkId: b.networkId,
    anchorPublicKey: b.anchorPublicKey,
    policy: policyFromMap(b.policy),
    members: checkMembers(b.members, hybridQuid(b.anchorPublicKey)),
  };
}

function checkMembers(v: unknown, anchor: Quid): GenesisMember[] {
  if (!Array.isArray(v) || v.length > MAX_GENESIS_MEMBERS)
    invalid('body.members', `not a list of at most ${MAX_GENESIS_MEMBERS}`);
  let prev = '';
  return v.map((m: unknown, i): GenesisMember => {
    const at = `body.members.${i}`;
    if (!isObj(m)) invalid(at, 'not a map');
    exactKeys(m, MEMBER_KEYS, `${at}.`);
    if (!(MEMBER_ROLES as readonly unknown[]).includes(m.role)) invalid(`${at}.role`, 'unknown');
    if (!isHybridKey(m.publicKey)) invalid(`${at}.publicKey`, 'not a hybrid key');
    const level = m.levelPpm;
    if (typeof level !== 'number' || !Number.isSafeInteger(level) || level < 1 || level > PPM)
      invalid(`${at}.levelPpm`, `not an integer in 1..${PPM}`);
    const quid = hybridQuid(m.publicKey);
    if (quid === anchor) invalid(`${at}.publicKey`, 'the anchor is not a member');
    if (!(prev < quid)) invalid(`${at}.publicKey`, 'members not sorted by quid and unique');
    prev = quid;
    return { role: m.role as MemberRole, publicKey: m.publicKey, levelPpm: level };
  });
}

/** The state at height 0 of the document's network: its members known and trusted by the anchor. */
export function genesisFromDocument(doc: GenesisDocument): RegistryState {
  const anchor = hybridQuid(doc.anchorPublicKey);
  const qanKeys = new Map<Quid, Uint8Array>();
  const operatorKeys = new Map<Quid, Uint8Array>();
  const fromAnchor = new Map<Quid, number>();
  for (const m of doc.members) {
    const quid = hybridQuid(m.publicKey);
    (m.role === 'QAN' ? qanKeys : operatorKeys).set(quid, m.publicKey);
    fromAnchor.set(quid, m.levelPpm);
  }
  return makeState({
    networkId: doc.networkId,
    anchor,
    genesisHash: doc.hash,
    height: 0,
    headHash: doc.hash,
    lamport: 0,
    policy: doc.policy,
    qanKeys,
    operatorKeys,
    operatorSeqs: new Map(),
    trustEdges: fromAnchor.size > 0 ? new Map([[anchor, fromAnchor]]) : new Map(),
    positions: new Map(),
    index: EMPTY_INDEX,
    merkle: MerkleMemo.fresh(),
    contracts: EMPTY_BOOK,
  });
}
