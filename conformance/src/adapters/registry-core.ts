import { type HybridSigningKey, hybridKeyFromSeed, hybridQuid, type Quid } from '@qcos/identity';
import {
  applyBlock,
  applyUnsignedBlock,
  type Block,
  buildBlock,
  createGenesis,
  createGenesisDocument,
  decodeBlock,
  decodeGenesisDocument,
  decodeOperatorAction,
  encodeBlock,
  findTimedOutNodes,
  foldStored,
  genesisFromDocument,
  type JobRequirements,
  merkleRoot,
  type NodeEntry,
  type OperatorRecordBody,
  proveEntry,
  type QUriTarget,
  type RecordBody,
  type RegistryState,
  type RouteOptions,
  relationalTrustPpm,
  rootOfLeaves,
  routeJob,
  type StatusPolicy,
  signBlock,
  signOperatorAction,
  stateRoot,
  type UnsignedBlock,
  validateRecord,
  verifyEntryProof,
} from '@qcos/registry-core';
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

/**
 * Vectors name QANs by a number n: the QAN's hybrid key is derived from the seed of 32 bytes of
 * value n. QAN 1 is the genesis trust anchor of network "testnet".
 */
const keys = new Map<number, { key: HybridSigningKey; quid: Quid }>();
export function qanKey(n: number): { key: HybridSigningKey; quid: Quid } {
  let k = keys.get(n);
  if (!k) {
    const key = hybridKeyFromSeed(new Uint8Array(32).fill(n));
    k = { key, quid: hybridQuid(key.publicKey) };
    keys.set(n, k);
  }
  return k;
}

/**
 * Record JSON: bytes as hex; a TRUST_EDGE names its trustee by key number (`trustee`). An
 * OPERATOR_ACTION is written as { kind, signer: n, seq, atMs, record } and signed here with key
 * n over the state's genesis hash (`genesis: "other"` signs for network "othernet" instead;
 * `tamper: "signature"` flips one signature bit after signing).
 */
function recordFromJson(r: unknown, state?: RegistryState): RecordBody {
  if (!isObject(r)) throw new VectorInputError('record is not an object');
  if (r.kind === 'OPERATOR_ACTION' && typeof r.signer === 'number')
    return operatorActionFromJson(r, state);
  const out: Record<string, unknown> = { ...r };
  for (const f of ['publicKey', 'action', 'signerKey', 'signature'])
    if (typeof r[f] === 'string') out[f] = hexToBytes(r[f]);
  if (r.kind === 'TRUST_EDGE' && typeof r.trustee === 'number') {
    out.trusteeKey = qanKey(r.trustee).key.publicKey;
    delete out.trustee;
  }
  return out as unknown as RecordBody;
}

export function operatorActionFromJson(r: Record<string, unknown>, state?: RegistryState) {
  const network = r.genesis === 'other' ? otherNetwork() : (state ?? genesisOf({}));
  const signed = signOperatorAction(
    {
      genesisHash: network.genesisHash,
      seq: field(r, 'seq', isNumber),
      atMs: field(r, 'atMs', isNumber),
      record: recordFromJson(field(r, 'record', isObject)) as OperatorRecordBody,
    },
    qanKey(field(r, 'signer', isNumber)).key,
  );
  if (r.tamper !== 'signature') return signed;
  return { ...signed, signature: signed.signature.map((x, i) => (i === 7 ? x ^ 1 : x)) };
}

const otherNetwork = (): RegistryState =>
  createGenesis({ networkId: 'othernet', anchorPublicKey: qanKey(1).key.publicKey });

export interface BlockSpec {
  by: number;
  records: unknown[];
  /** Damage applied after signing, to exercise one block check. */
  tamper?: string;
}

/**
 * A version 2 block gets the state root of the state it folds to (applyUnsignedBlock fills it
 * in); one whose records do not fold gets a zero root, since the fold refuses it first.
 */
function withRoot(state: RegistryState, unsigned: UnsignedBlock): UnsignedBlock {
  if (unsigned.version === 1) return unsigned;
  try {
    return applyUnsignedBlock(state, unsigned).block;
  } catch {
    return { ...unsigned, stateRoot: new Uint8Array(32) };
  }
}

/** Tampers that change the version or the root and sign again, so only that check fails. */
function versionTamper(
  state: RegistryState,
  unsigned: UnsignedBlock,
  t: string,
  key: HybridSigningKey,
) {
  if (t === 'as-version-2')
    return signBlock({ ...unsigned, version: 2, stateRoot: new Uint8Array(32) }, key);
  if (t === 'as-version-1') return signBlock({ ...unsigned, version: 1 }, key);
  const root = withRoot(state, unsigned).stateRoot as Uint8Array;
  return signBlock({ ...unsigned, stateRoot: root.map((x, i) => (i === 0 ? x ^ 1 : x)) }, key);
}

function makeBlock(state: RegistryState, spec: BlockSpec): Block {
  const q = qanKey(spec.by);
  const records = spec.records.map((r) => recordFromJson(r, state));
  const unsigned = withRoot(state, buildBlock(state, q.quid, records));
  const t = spec.tamper;
  if (t === 'as-version-2' || t === 'as-version-1' || t === 'state-root')
    return versionTamper(state, buildBlock(state, q.quid, records), t, q.key);
  if (t === 'lamport-range')
    return signBlock({ ...unsigned, lamportLast: unsigned.lamportLast + 1 }, q.key);
  if (t === 'reorder') {
    const r = [...unsigned.records].reverse();
    return signBlock(
      { ...unsigned, records: r, lamportFirst: r[0]?.l ?? 0, lamportLast: r[r.length - 1]?.l ?? 0 },
      q.key,
    );
  }
  if (t === 'foreign-record') {
    const other = qanKey(spec.by + 1).quid;
    return signBlock(
      { ...unsigned, records: unsigned.records.map((x) => ({ ...x, origin: other })) },
      q.key,
    );
  }
  if (t === 'old-lamport') {
    const r = unsigned.records.map((x, i) => ({ ...x, l: i + 1 }));
    return signBlock({ ...unsigned, records: r, lamportFirst: 1, lamportLast: r.length }, q.key);
  }
  const b = signBlock(unsigned, q.key);
  const flip = (x: Uint8Array, i: number) => x.map((v, j) => (j === i ? v ^ 1 : v));
  switch (t) {
    case undefined:
      return b;
    case 'height':
      return { ...b, height: b.height + 1 };
    case 'prev-hash':
      return { ...b, prevHash: flip(b.prevHash, 0) };
    case 'hash':
      return { ...b, hash: flip(b.hash, 31) };
    case 'body': {
      // The first record changes after signing: the hash no longer matches the body.
      const [first, ...rest] = b.records as unknown as Record<string, number>[];
      const changed = { ...first, atMs: (first?.atMs ?? 0) + 1 };
      return { ...b, records: [changed, ...rest] } as unknown as Block;
    }
    case 'ed25519-signature':
      return { ...b, signature: flip(b.signature, 5) };
    case 'mldsa-signature':
      return { ...b, signature: flip(b.signature, 100) };
    case 'version':
      return { ...b, version: 99 } as unknown as Block;
    default:
      throw new VectorInputError(`unknown tamper ${t}`);
  }
}

/**
 * The vectors' network: by default the single-QAN genesis whose anchor is QAN 1; with
 * `members` ([{ role, key, levelPpm }]) the genesis document of anchor key `anchor` listing them.
 */
function genesisOf(input: unknown): RegistryState {
  const policy =
    isObject(input) && isObject(input.policy)
      ? (input.policy as unknown as StatusPolicy)
      : undefined;
  if (isObject(input) && isArray(input.members)) {
    const members = input.members as { role: 'QAN' | 'OPERATOR'; key: number; levelPpm: number }[];
    const bytes = createGenesisDocument({
      networkId: 'testnet',
      anchorKey: qanKey(isNumber(input.anchor) ? input.anchor : 1).key,
      ...(policy ? { policy } : {}),
      members: members.map((m) => ({
        role: m.role,
        publicKey: qanKey(m.key).key.publicKey,
        levelPpm: m.levelPpm,
      })),
    });
    return genesisFromDocument(decodeGenesisDocument(bytes));
  }
  return createGenesis({
    networkId: 'testnet',
    anchorPublicKey: qanKey(1).key.publicKey,
    ...(policy ? { policy } : {}),
  });
}

export function statusString(e: NodeEntry): string {
  if (e.status.state === 'ACTIVE') return 'ACTIVE';
  const c = e.status.cause;
  const detail =
    c.reason === 'CRITICAL_FAULT'
      ? `:${c.fault}`
      : c.reason === 'EKS_LOSS'
        ? `:${c.eksLossReason}`
        : '';
  return `QUARANTINE:${c.reason}${detail}`;
}

function statuses(s: RegistryState): Record<string, string> {
  return Object.fromEntries(s.entries.map((e) => [e.alias, statusString(e)]));
}

/** Folds the blocks from genesis; returns every intermediate state. Throws the first refusal. */
export function foldSpecs(input: unknown): RegistryState[] {
  const blocks = field(input, 'blocks', isArray) as BlockSpec[];
  let s = genesisOf(input);
  const states = [s];
  for (const spec of blocks) {
    s = applyBlock(s, makeBlock(s, spec));
    states.push(s);
  }
  return states;
}

/** Route vectors describe nodes compactly; each becomes records that put it in the named status. */
interface NodeSpec {
  alias: string;
  scope?: string;
  qubits?: number;
  fidelityPpm?: number;
  utilisation?: number;
  status?: string;
}

function routeState(nodes: NodeSpec[]): RegistryState {
  const records: unknown[] = [];
  for (const n of nodes) {
    records.push({
      kind: 'REGISTER',
      alias: n.alias,
      address: `${n.alias}.example.net:7000`,
      scope: n.scope ?? 'eu-west',
      qubitCapacity: n.qubits ?? 20,
      publicKey: '00'.repeat(32),
      atMs: 0,
    });
    if (n.status === 'PROBATION') continue;
    const f = n.fidelityPpm ?? 980_000;
    for (const at of [1_000, 2_000, 3_000]) {
      records.push({
        kind: 'HEARTBEAT',
        alias: n.alias,
        atMs: at,
        report: {
          eksOk: true,
          eksLastSyncMs: 500,
          fidelity1qPpm: f,
          fidelity2qPpm: f,
          utilisationPct: n.utilisation ?? 0,
          faults: [],
        },
      });
    }
    const at = 3_500;
    const extra: Record<string, unknown> = {
      EKS_LOSS: { kind: 'EKS_LOSS', alias: n.alias, atMs: at, reason: 'EAVESDROPPER_DETECTED' },
      CRITICAL_FAULT: { kind: 'CRITICAL_FAULT', alias: n.alias, atMs: at, fault: 'CRYOSTAT' },
      MAINTENANCE: { kind: 'MAINTENANCE', alias: n.alias, atMs: at, on: true },
      HEARTBEAT_TIMEOUT: {
        kind: 'HEARTBEAT_TIMEOUT',
        alias: n.alias,
        observedAtMs: 70_000,
        lastHeartbeatMs: 3_000,
      },
    };
    if (n.status && extra[n.status]) records.push(extra[n.status]);
  }
  return foldSpecs({ blocks: [{ by: 1, records }] }).pop() as RegistryState;
}

const bytesList = (v: unknown): Uint8Array[] => {
  if (!isArray(v)) throw new VectorInputError('expected a list of hex strings');
  return v.map((x) => hexToBytes(String(x)));
};

/** Operations of @qcos/registry-core that vectors in conformance/vectors/registry-core/ can name. */
export const adapter: PackageAdapter = {
  package: 'registry-core',
  operations: {
    /** Folds blocks from genesis: statuses after each block and the final Merkle root. */
    fold: (input) => {
      const states = foldSpecs(input);
      const last = states[states.length - 1] as RegistryState;
      return { statuses: states.slice(1).map(statuses), root: merkleRoot(last) };
    },
    /**
     * Folds blocks from genesis; the contract book after the last one (docs/spec/contracts.md
     * §6): each holding contract's state, slots, readiness, lease end and activation L, and each
     * ended contract's final state, reason, participant, conflicting contract and ending L.
     */
    contracts: (input) => {
      const book = (foldSpecs(input).pop() as RegistryState).contracts;
      return {
        holding: [...book.holding.values()]
          .sort((a, b) => a.id - b.id)
          .map((c) => ({
            id: c.id,
            state: c.state,
            slotsHeld: c.slotsHeld,
            ready: c.ready,
            leaseUntilMs: c.leaseUntilMs,
            activatedL: c.activatedL,
          })),
        ended: [...book.ended.values()].sort((a, b) => a.id - b.id),
      };
    },
    /**
     * Folds blocks from genesis: the version of each block and the state root (registry.md
     * §7.1) after the last one.
     */
    stateRoot: (input) => {
      const blocks = field(input, 'blocks', isArray) as BlockSpec[];
      let s = genesisOf(input);
      const versions: number[] = [];
      for (const spec of blocks) {
        const b = makeBlock(s, spec);
        versions.push(b.version);
        s = applyBlock(s, b);
      }
      return { versions, stateRoot: stateRoot(s) };
    },
    /**
     * Folds blocks from genesis, then the stored bytes `stored` (hex) at the next height by the
     * log's rule (registry.md §6.3): whether they were void, and the height and head after.
     */
    foldStored: (input) => {
      const s = foldSpecs(input).pop() as RegistryState;
      const r = foldStored(s, bytesField(input, 'stored'));
      return {
        void: r.voided !== undefined,
        ...(r.voided !== undefined ? { code: r.voided.code } : {}),
        height: r.state.height,
        headHash: r.state.headHash,
      };
    },
    /** The signed, encoded bytes and hash of the last block after folding the earlier ones. */
    encodeBlock: (input) => {
      const blocks = field(input, 'blocks', isArray) as BlockSpec[];
      const prior = foldSpecs({
        ...(input as object),
        blocks: blocks.slice(0, -1),
      }).pop() as RegistryState;
      const b = makeBlock(prior, blocks[blocks.length - 1] as BlockSpec);
      return { bytes: encodeBlock(b), hash: b.hash };
    },
    decodeBlock: (input) => {
      const b = decodeBlock(bytesField(input, 'hex'));
      return { height: b.height, origin: b.origin, records: b.records.length, hash: b.hash };
    },
    validateRecord: (input) => validateRecord(recordFromJson(field(input, 'record', isObject))),
    route: (input) => {
      const s = routeState(field(input, 'nodes', isArray) as NodeSpec[]);
      const target = field(input, 'target', isObject) as unknown as QUriTarget;
      const req = (
        isObject(input) && isObject(input.requirements) ? input.requirements : {}
      ) as JobRequirements;
      const opts = (
        isObject(input) && isObject(input.options) ? input.options : {}
      ) as RouteOptions;
      return routeJob(s, target, req, opts);
    },
    merkleRoot: (input) => rootOfLeaves(bytesList(field(input, 'leaves', isArray))),
    /** Proves `alias` after folding, optionally damages the proof, and verifies it. */
    proveEntry: (input) => {
      const s = foldSpecs(input).pop() as RegistryState;
      const p = proveEntry(s, field(input, 'alias', isString));
      if (!p) return { found: false };
      const damage = isObject(input) ? input.damage : undefined;
      const root = merkleRoot(s);
      const proof =
        damage === 'index'
          ? { ...p, index: p.index ^ 1 }
          : damage === 'path'
            ? {
                ...p,
                path: p.path.map((h, i) => (i === 0 ? h.map((x, j) => (j === 0 ? x ^ 1 : x)) : h)),
              }
            : damage === 'entry'
              ? { ...p, entry: p.entry.map((x, j) => (j === p.entry.length - 1 ? x ^ 1 : x)) }
              : p;
      return {
        found: true,
        index: p.index,
        treeSize: p.treeSize,
        path: p.path.map(bytesToHex),
        verified: verifyEntryProof(root, proof),
      };
    },
    relationalTrust: (input) => {
      const edges = field(input, 'edges', isArray) as {
        from: number;
        to: number;
        levelPpm: number;
      }[];
      const trustEdges = new Map<Quid, Map<Quid, number>>();
      for (const e of edges) {
        const from = qanKey(e.from).quid;
        const m = trustEdges.get(from) ?? new Map<Quid, number>();
        m.set(qanKey(e.to).quid, e.levelPpm);
        trustEdges.set(from, m);
      }
      const s = { ...genesisOf({}), trustEdges };
      const depth = isObject(input) && isNumber(input.maxDepth) ? input.maxDepth : undefined;
      return relationalTrustPpm(
        s,
        qanKey(field(input, 'from', isNumber)).quid,
        qanKey(field(input, 'to', isNumber)).quid,
        depth,
      );
    },
    /** A signed genesis document of anchor key n and members by key number: bytes and hash. */
    genesisDocument: (input) => {
      const members = field(input, 'members', isArray) as {
        role: 'QAN' | 'OPERATOR';
        key: number;
        levelPpm: number;
      }[];
      const bytes = createGenesisDocument({
        networkId: field(input, 'networkId', isString),
        anchorKey: qanKey(field(input, 'anchor', isNumber)).key,
        members: members.map((m) => ({
          role: m.role,
          publicKey: qanKey(m.key).key.publicKey,
          levelPpm: m.levelPpm,
        })),
      });
      return { bytes, hash: decodeGenesisDocument(bytes).hash };
    },
    /** Strictly decodes a genesis document: its network, hash and members' quids and roles. */
    decodeGenesisDocument: (input) => {
      const d = decodeGenesisDocument(bytesField(input, 'hex'));
      return {
        networkId: d.networkId,
        hash: d.hash,
        members: d.members.map((m) => ({ role: m.role, quid: hybridQuid(m.publicKey) })),
      };
    },
    /** The OPERATOR_ACTION body for an action spec on the vectors' network: bytes and id. */
    operatorAction: (input) => {
      const r = operatorActionFromJson(field(input, 'action', isObject));
      return { action: r.action, signature: r.signature };
    },
    /** Strictly decodes action bytes (hex). */
    decodeOperatorAction: (input) => decodeOperatorAction(bytesField(input, 'hex')),
    findTimedOutNodes: (input) =>
      findTimedOutNodes(foldSpecs(input).pop() as RegistryState, field(input, 'nowMs', isNumber)),
  },
};
