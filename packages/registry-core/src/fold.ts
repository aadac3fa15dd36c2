/**
 * applyBlock: the registry's transition function. Pure and total: the same state and block
 * give the same new state on every QAN; a block that fails any check throws a RegistryError
 * and the input state is untouched (states are immutable; the new one shares what did not change).
 */
import { equalBytes, hybridQuid, hybridVerify, type Quid, quidFromPublicKey } from '@qcos/identity';
import {
  BLOCK_SIGNATURE_CONTEXT,
  type Block,
  blockBodyBytes,
  blockHash,
  checkBlockShape,
  validatedRecords,
} from './block.js';
import type { NodeEntry } from './entry.js';
import { EntryVector } from './entry-vector.js';
import { RegistryError } from './errors.js';
import { MAX_GOOD_HEARTBEATS } from './limits.js';
import { MerkleMemo } from './merkle-memo.js';
import {
  evaluateStatus,
  fidelitySample,
  nextAvgFidelity,
  type StatusPolicy,
  sameStatus,
} from './policy.js';
import { compareRecordOrder, type RegistryRecord } from './records.js';
import { updateIndex } from './routing-index.js';
import { makeState, type RegistryState } from './state.js';
import { defaultTierOf, mayWrite, type TierOf, type TrustTier } from './trust.js';

export type SignatureCheck = (
  publicKey: Uint8Array,
  hash: Uint8Array,
  signature: Uint8Array,
) => boolean;

export interface ApplyContext {
  /** Tiers the block's origin; default: defaultTierOf() (trust from the genesis anchor). */
  readonly tierOf?: TierOf;
  /**
   * Checks the block signature over its hash; default: hybridVerify under the block context.
   * A caller that verified the signature already (e.g. at ingest) may pass its own memo.
   */
  readonly verifySignature?: SignatureCheck;
  /**
   * SHA-256 for the block hash check; default @noble/hashes. `nodeSha256` from
   * `@qcos/registry-core/node` computes the same digest natively.
   */
  readonly sha256?: (data: Uint8Array) => Uint8Array;
}

const defaultVerify: SignatureCheck = (pk, hash, sig) =>
  hybridVerify(pk, BLOCK_SIGNATURE_CONTEXT, hash, sig);
const defaultTier = defaultTierOf();

export type ApplyResult =
  | { readonly ok: true; readonly state: RegistryState }
  | { readonly ok: false; readonly error: RegistryError };

/** applyBlock that returns the error instead of throwing it. */
export function tryApplyBlock(
  state: RegistryState,
  block: Block,
  ctx: ApplyContext = {},
): ApplyResult {
  try {
    return { ok: true, state: applyBlock(state, block, ctx) };
  } catch (err) {
    if (err instanceof RegistryError) return { ok: false, error: err };
    return { ok: false, error: new RegistryError('BLOCK_MALFORMED', String(err)) };
  }
}

/**
 * Verifies `block` against `state` and folds its records. Checks, in order: shape, height,
 * previous hash, hash, known origin, signature, origin tier, Lamport range and record order,
 * then each record against the state and the origin's permissions.
 */
export function applyBlock(
  state: RegistryState,
  block: Block,
  ctx: ApplyContext = {},
): RegistryState {
  checkBlockShape(block);
  if (block.height !== state.height + 1) {
    throw new RegistryError(
      'BLOCK_HEIGHT',
      `height ${block.height}, expected ${state.height + 1}`,
      { field: 'height' },
    );
  }
  if (!equalBytes(block.prevHash, state.headHash)) {
    throw new RegistryError('BLOCK_PREV_HASH', 'previous hash is not the head of this registry', {
      field: 'prevHash',
    });
  }
  const records = validatedRecords(block);
  const hash = ctx.sha256 ? ctx.sha256(blockBodyBytes(block)) : blockHash(block);
  if (!equalBytes(hash, block.hash)) {
    throw new RegistryError('BLOCK_HASH', 'hash does not match the block body', { field: 'hash' });
  }
  const key = state.qanKeys.get(block.origin);
  if (!key)
    throw new RegistryError('UNKNOWN_ORIGIN', `origin ${block.origin} is not a known QAN`, {
      field: 'origin',
    });
  if (!(ctx.verifySignature ?? defaultVerify)(key, hash, block.signature)) {
    throw new RegistryError('BAD_SIGNATURE', 'block signature does not verify', {
      field: 'signature',
    });
  }
  const tier = (ctx.tierOf ?? defaultTier)(block.origin, state);
  if (tier === 'invalid') {
    throw new RegistryError('ORIGIN_INVALID', `origin ${block.origin} is tiered invalid`, {
      field: 'origin',
    });
  }
  checkOrder(state, block, records);
  const draft = new Draft(state);
  for (let i = 0; i < records.length; i++)
    applyRecord(draft, records[i] as RegistryRecord, tier, i);
  return draft.commit(block.height, hash, block.lamportLast);
}

function checkOrder(state: RegistryState, block: Block, records: readonly RegistryRecord[]): void {
  const first = records[0] as RegistryRecord;
  const last = records[records.length - 1] as RegistryRecord;
  if (block.lamportFirst !== first.l || block.lamportLast !== last.l) {
    throw new RegistryError('BLOCK_LAMPORT_RANGE', 'Lamport range does not match the records', {
      field: 'lamportFirst',
    });
  }
  if (first.l <= state.lamport) {
    throw new RegistryError('RECORD_LAMPORT', `Lamport ${first.l} is not after ${state.lamport}`, {
      field: 'l',
      index: 0,
    });
  }
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as RegistryRecord;
    if (r.origin !== block.origin) {
      throw new RegistryError(
        'RECORD_ORIGIN_MISMATCH',
        'record origin differs from the block origin',
        {
          field: 'origin',
          index: i,
        },
      );
    }
    if (i > 0 && compareRecordOrder(records[i - 1] as RegistryRecord, r) >= 0) {
      throw new RegistryError(
        'RECORD_ORDER',
        'records are not in strictly increasing (L, origin) order',
        {
          field: 'l',
          index: i,
        },
      );
    }
  }
}

/** Pending changes of one block; nothing reaches a state until every record has passed. */
class Draft {
  /** Base entries the block replaced, by position (null: deregistered). */
  readonly replaced = new Map<number, NodeEntry | null>();
  /** Aliases the base state does not hold, as the block left them (undefined: removed again). */
  readonly added = new Map<string, NodeEntry | undefined>();
  policy: StatusPolicy;
  qanKeys: Map<Quid, Uint8Array> | undefined;
  trustEdges: Map<Quid, ReadonlyMap<Quid, number>> | undefined;
  // A record reads its node and then writes it: the second position lookup is remembered.
  private lastAlias: string | undefined = undefined;
  private lastIndex: number | undefined = undefined;

  constructor(readonly base: RegistryState) {
    this.policy = base.policy;
  }

  /** Position of `alias` in the base state (positions do not move within a block). */
  private indexOf(alias: string): number | undefined {
    if (alias !== this.lastAlias) {
      this.lastAlias = alias;
      this.lastIndex = this.base.positions.get(alias);
    }
    return this.lastIndex;
  }

  get(alias: string): NodeEntry | undefined {
    const i = this.indexOf(alias);
    if (i === undefined) return this.added.get(alias);
    const e = this.replaced.get(i);
    return e === undefined ? this.base.merkle.entries.at(i) : (e ?? undefined);
  }

  put(alias: string, entry: NodeEntry | undefined): void {
    const i = this.indexOf(alias);
    if (i === undefined) this.added.set(alias, entry);
    else this.replaced.set(i, entry ?? null);
  }

  /** Every entry as the draft sees it (used when a policy change re-evaluates all nodes). */
  *all(): Generator<NodeEntry> {
    const base = this.base.entries;
    for (let i = 0; i < base.length; i++) {
      const e = this.replaced.get(i);
      if (e === undefined) yield base[i] as NodeEntry;
      else if (e !== null) yield e;
    }
    for (const e of this.added.values()) if (e !== undefined) yield e;
  }

  /** Base entries with the changes applied, in alias order: one merge, not a full sort. */
  private mergedEntries(): NodeEntry[] {
    const added: NodeEntry[] = [];
    for (const e of this.added.values()) if (e !== undefined) added.push(e);
    added.sort((x, y) => (x.alias < y.alias ? -1 : x.alias > y.alias ? 1 : 0));
    const base = this.base.entries;
    const out: NodeEntry[] = [];
    let j = 0;
    for (let i = 0; i < base.length; i++) {
      const b = base[i] as NodeEntry;
      while (j < added.length && (added[j] as NodeEntry).alias < b.alias)
        out.push(added[j++] as NodeEntry);
      const e = this.replaced.get(i);
      if (e === undefined) out.push(b);
      else if (e !== null) out.push(e);
    }
    while (j < added.length) out.push(added[j++] as NodeEntry);
    return out;
  }

  commit(height: number, hash: Uint8Array, lamport: number): RegistryState {
    const b = this.base;
    const vector = b.merkle.entries;
    // Changed entries as parallel arrays: before/after for the routing index, and the
    // in-place replacements (positions are also the Merkle tree's dirty leaves).
    const before: (NodeEntry | undefined)[] = [];
    const after: (NodeEntry | undefined)[] = [];
    const indexes: number[] = [];
    const replaced: NodeEntry[] = [];
    // Structural: an alias appears or disappears, so positions shift and the tree is rebuilt.
    let structural = false;
    for (const [i, e] of this.replaced) {
      before.push(vector.at(i));
      if (e === null) {
        structural = true;
        after.push(undefined);
      } else {
        after.push(e);
        indexes.push(i);
        replaced.push(e);
      }
    }
    for (const e of this.added.values()) {
      if (e === undefined) continue;
      structural = true;
      before.push(undefined);
      after.push(e);
    }
    let positions = b.positions;
    let merkle = b.merkle;
    if (structural) {
      const next = this.mergedEntries();
      positions = new Map(next.map((e, i) => [e.alias, i]));
      merkle = MerkleMemo.fresh(EntryVector.from(next));
    } else if (indexes.length > 0) {
      merkle = MerkleMemo.derived(b.merkle, vector.with(indexes, replaced), indexes);
    }
    return makeState({
      networkId: b.networkId,
      anchor: b.anchor,
      genesisHash: b.genesisHash,
      height,
      headHash: hash,
      lamport,
      policy: this.policy,
      qanKeys: this.qanKeys ?? b.qanKeys,
      trustEdges: this.trustEdges ?? b.trustEdges,
      positions,
      index: updateIndex(b.index, before, after),
      merkle,
    });
  }
}

function reject(
  code:
    | 'RECORD_UNKNOWN_NODE'
    | 'RECORD_DUPLICATE_NODE'
    | 'RECORD_STALE'
    | 'RECORD_OUT_OF_POLICY'
    | 'RECORD_NOT_PERMITTED'
    | 'RECORD_INVALID',
  why: string,
  index: number,
  field?: string,
): never {
  throw new RegistryError(code, why, { index, ...(field ? { field } : {}) });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const NO_FAULTS: readonly never[] = [];

/** An entry with `patch` applied, its status re-evaluated and its Lamport stamp moved on. */
function settle(
  entry: NodeEntry,
  patch: Partial<NodeEntry>,
  policy: StatusPolicy,
  l: number,
): NodeEntry {
  const next: { -readonly [K in keyof NodeEntry]: NodeEntry[K] } = {
    ...entry,
    ...patch,
    updatedL: l,
  };
  // The object is not shared yet, so its status can be set in place (one allocation per record).
  next.status = evaluateStatus(next, policy);
  return next;
}

function applyRecord(d: Draft, r: RegistryRecord, tier: TrustTier, i: number): void {
  if (r.kind === 'POLICY' || r.kind === 'TRUST_EDGE' || r.kind === 'REGISTER') {
    if (!mayWrite(tier, r.kind, r.origin, undefined)) {
      reject('RECORD_NOT_PERMITTED', `a ${tier} origin may not write ${r.kind}`, i, 'kind');
    }
  }
  switch (r.kind) {
    case 'POLICY': {
      if (r.policy.version <= d.policy.version) {
        reject(
          'RECORD_OUT_OF_POLICY',
          `policy version ${r.policy.version} is not above ${d.policy.version}`,
          i,
          'policy.version',
        );
      }
      d.policy = r.policy;
      for (const e of [...d.all()]) {
        const status = evaluateStatus(e, r.policy);
        if (!sameStatus(status, e.status)) d.put(e.alias, { ...e, status });
      }
      return;
    }
    case 'TRUST_EDGE': {
      const trustee = hybridQuid(r.trusteeKey);
      if (trustee === r.origin)
        reject('RECORD_INVALID', 'a QAN cannot trust itself', i, 'trusteeKey');
      d.qanKeys ??= new Map(d.base.qanKeys);
      if (!d.qanKeys.has(trustee)) d.qanKeys.set(trustee, r.trusteeKey);
      d.trustEdges ??= new Map(d.base.trustEdges);
      const edges = new Map(d.trustEdges.get(r.origin) ?? []);
      if (r.levelPpm === 0) edges.delete(trustee);
      else edges.set(trustee, r.levelPpm);
      if (edges.size === 0) d.trustEdges.delete(r.origin);
      else d.trustEdges.set(r.origin, edges);
      return;
    }
    case 'REGISTER': {
      if (d.get(r.alias))
        reject('RECORD_DUPLICATE_NODE', `${r.alias} is already registered`, i, 'alias');
      const fresh: NodeEntry = {
        alias: r.alias,
        address: r.address,
        status: { state: 'QUARANTINE', cause: { reason: 'PROBATION' } },
        lastHeartbeatMs: null,
        qubitCapacity: r.qubitCapacity,
        eks: { ok: true, lastSyncMs: 0 },
        avgFidelityPpm: 0,
        scope: r.scope,
        nodeId: quidFromPublicKey(r.publicKey),
        publicKey: r.publicKey,
        homeQan: r.origin,
        registeredAtMs: r.atMs,
        utilisationPct: 0,
        faults: [],
        maintenance: false,
        timedOut: false,
        goodHeartbeats: 0,
        updatedL: r.l,
      };
      d.put(r.alias, fresh);
      return;
    }
  }
  const entry = d.get(r.alias);
  if (!entry) reject('RECORD_UNKNOWN_NODE', `${r.alias} is not registered`, i, 'alias');
  if (!mayWrite(tier, r.kind, r.origin, entry.homeQan)) {
    reject(
      'RECORD_NOT_PERMITTED',
      `a ${tier} origin may not write ${r.kind} about ${r.alias}`,
      i,
      'kind',
    );
  }
  const policy = d.policy;
  switch (r.kind) {
    case 'HEARTBEAT': {
      const prev = entry.lastHeartbeatMs ?? entry.registeredAtMs;
      if (
        r.atMs < entry.registeredAtMs ||
        (entry.lastHeartbeatMs !== null && r.atMs <= entry.lastHeartbeatMs)
      ) {
        reject('RECORD_STALE', `heartbeat at ${r.atMs} is not after ${prev}`, i, 'atMs');
      }
      const rep = r.report;
      const eks: NodeEntry['eks'] = !rep.eksOk
        ? { ok: false, lastSyncMs: rep.eksLastSyncMs, lossReason: rep.eksLossReason ?? 'LINK_DOWN' }
        : !entry.eks.ok || entry.eks.lastSyncMs >= rep.eksLastSyncMs
          ? entry.eks // a recorded loss is cleared only by an EKS_SYNC record
          : { ok: true, lastSyncMs: rep.eksLastSyncMs };
      const avg = nextAvgFidelity(
        entry.avgFidelityPpm,
        entry.lastHeartbeatMs !== null,
        fidelitySample(rep.fidelity1qPpm, rep.fidelity2qPpm),
        policy,
      );
      const good =
        r.atMs - prev <= policy.heartbeatIntervalMs &&
        rep.eksOk &&
        eks.ok &&
        rep.faults.length === 0 &&
        avg >= policy.minFidelityPpm &&
        !entry.maintenance;
      // Built as one literal in the entry's field order: heartbeats are most of the log.
      const next: Mutable<NodeEntry> = {
        alias: entry.alias,
        address: entry.address,
        status: entry.status,
        lastHeartbeatMs: r.atMs,
        qubitCapacity: entry.qubitCapacity,
        eks,
        avgFidelityPpm: avg,
        scope: entry.scope,
        nodeId: entry.nodeId,
        publicKey: entry.publicKey,
        homeQan: entry.homeQan,
        registeredAtMs: entry.registeredAtMs,
        utilisationPct: rep.utilisationPct,
        faults: rep.faults.length === 0 ? NO_FAULTS : rep.faults,
        maintenance: entry.maintenance,
        timedOut: false,
        goodHeartbeats: good ? Math.min(entry.goodHeartbeats + 1, MAX_GOOD_HEARTBEATS) : 0,
        updatedL: r.l,
      };
      next.status = evaluateStatus(next, policy);
      d.put(r.alias, next);
      return;
    }
    case 'EKS_SYNC':
      if (r.atMs < entry.eks.lastSyncMs)
        reject('RECORD_STALE', 'EKS sync older than the last one', i, 'atMs');
      d.put(r.alias, settle(entry, { eks: { ok: true, lastSyncMs: r.atMs } }, policy, r.l));
      return;
    case 'EKS_LOSS':
      d.put(
        r.alias,
        settle(
          entry,
          {
            eks: { ok: false, lastSyncMs: entry.eks.lastSyncMs, lossReason: r.reason },
            goodHeartbeats: 0,
          },
          policy,
          r.l,
        ),
      );
      return;
    case 'CRITICAL_FAULT': {
      const faults = [...new Set([...entry.faults, r.fault])].sort();
      d.put(r.alias, settle(entry, { faults, goodHeartbeats: 0 }, policy, r.l));
      return;
    }
    case 'HEARTBEAT_TIMEOUT': {
      // A verdict about an older heartbeat was overtaken by a newer one: it changes nothing.
      if (r.lastHeartbeatMs !== entry.lastHeartbeatMs) return;
      const since = entry.lastHeartbeatMs ?? entry.registeredAtMs;
      if (r.observedAtMs - since <= policy.heartbeatIntervalMs) {
        reject(
          'RECORD_OUT_OF_POLICY',
          `no timeout: ${r.observedAtMs - since} ms is within the interval`,
          i,
          'observedAtMs',
        );
      }
      d.put(r.alias, settle(entry, { timedOut: true, goodHeartbeats: 0 }, policy, r.l));
      return;
    }
    case 'MAINTENANCE':
      d.put(
        r.alias,
        settle(
          entry,
          { maintenance: r.on, goodHeartbeats: r.on ? 0 : entry.goodHeartbeats },
          policy,
          r.l,
        ),
      );
      return;
    case 'DEREGISTER':
      d.put(r.alias, undefined);
      return;
  }
}
