/**
 * The registry state: what every QAN must hold identically after folding the same blocks.
 * States are immutable values; applyBlock returns a new one and shares unchanged parts.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { HYBRID_PUBLIC_KEY_LENGTH, hybridQuid, type Quid } from '@qcos/identity';
import { encode, policyToCanonical } from './canonical.js';
import { type ContractBook, EMPTY_BOOK } from './contracts/contract-book.js';
import type { NodeEntry } from './entry.js';
import { RegistryError } from './errors.js';
import { isLabel } from './labels.js';
import { MerkleMemo } from './merkle-memo.js';
import { DEFAULT_POLICY, policyProblem, type StatusPolicy } from './policy.js';
import { EMPTY_INDEX, type RoutingIndex } from './routing-index.js';

export interface RegistryState {
  /** Label of the registry network; part of the genesis hash. */
  readonly networkId: string;
  /** Quid of the genesis trust anchor (trust is computed from it). */
  readonly anchor: Quid;
  readonly genesisHash: Uint8Array;
  /** Height of the last applied block (0 = genesis). */
  readonly height: number;
  /** Hash of the last applied block (the genesis hash at height 0). */
  readonly headHash: Uint8Array;
  /** Highest Lamport timestamp folded so far. */
  readonly lamport: number;
  readonly policy: StatusPolicy;
  /**
   * Public keys of the QANs the log knows: the genesis QAN members and every QAN-role trustee
   * of a TRUST_EDGE (and the anchor itself for a genesis made by createGenesis). Only these may
   * originate blocks.
   */
  readonly qanKeys: ReadonlyMap<Quid, Uint8Array>;
  /** Public keys of the operators the log knows: they may sign operator actions. */
  readonly operatorKeys: ReadonlyMap<Quid, Uint8Array>;
  /** Highest operator-action seq folded per signer (replay guard). */
  readonly operatorSeqs: ReadonlyMap<Quid, number>;
  /** Trust edges in the log: truster → trustee → level in ppm. */
  readonly trustEdges: ReadonlyMap<Quid, ReadonlyMap<Quid, number>>;
  /**
   * Node entries sorted by alias (the Merkle leaf order). Built from `merkle.entries` on first
   * read and remembered, so folding never copies the whole list.
   */
  readonly entries: readonly NodeEntry[];
  /** alias → position in `entries`. */
  readonly positions: ReadonlyMap<string, number>;
  /** ACTIVE nodes per Geographic-Scope and per Qubit-Capacity class, for routing. */
  readonly index: RoutingIndex;
  /** The entries as a persistent vector and their lazily computed Merkle tree (internal). */
  readonly merkle: MerkleMemo;
  /** Advertised resources and resource contracts (docs/spec/contracts.md §6). */
  readonly contracts: ContractBook;
}

export interface GenesisParams {
  readonly networkId: string;
  /** Hybrid public key (Ed25519 ‖ ML-DSA-65) of the network's trust anchor QAN. */
  readonly anchorPublicKey: Uint8Array;
  readonly policy?: StatusPolicy;
}

export function genesisHash(p: GenesisParams): Uint8Array {
  return sha256(
    encode(
      {
        type: 'qcos-registry-genesis',
        v: 1,
        networkId: p.networkId,
        anchorPublicKey: p.anchorPublicKey,
        policy: policyToCanonical(p.policy ?? DEFAULT_POLICY),
      },
      'GENESIS_INVALID',
    ),
  );
}

/**
 * The state at height 0 of a single-QAN network whose anchor key is also its only QAN: no
 * nodes, no operators, the initial policy. A network with an offline anchor, operators and
 * several QANs starts from a genesis document instead (genesis-document.ts).
 */
export function createGenesis(p: GenesisParams): RegistryState {
  if (!isLabel(p.networkId)) {
    throw new RegistryError('GENESIS_INVALID', 'networkId must be a DNS label', {
      field: 'networkId',
    });
  }
  if (
    !(p.anchorPublicKey instanceof Uint8Array) ||
    p.anchorPublicKey.length !== HYBRID_PUBLIC_KEY_LENGTH
  ) {
    throw new RegistryError('GENESIS_INVALID', 'anchor key must be a hybrid public key', {
      field: 'anchorPublicKey',
    });
  }
  const policy = p.policy ?? DEFAULT_POLICY;
  const bad = policyProblem(policy);
  if (bad)
    throw new RegistryError('GENESIS_INVALID', `policy.${bad} out of range`, {
      field: `policy.${bad}`,
    });
  const anchor = hybridQuid(p.anchorPublicKey);
  const hash = genesisHash(p);
  return makeState({
    networkId: p.networkId,
    anchor,
    genesisHash: hash,
    height: 0,
    headHash: hash,
    lamport: 0,
    policy,
    qanKeys: new Map([[anchor, p.anchorPublicKey]]),
    operatorKeys: new Map(),
    operatorSeqs: new Map(),
    trustEdges: new Map(),
    positions: new Map(),
    index: EMPTY_INDEX,
    merkle: MerkleMemo.fresh(),
    contracts: EMPTY_BOOK,
  });
}

/** A state whose `entries` array is read from `merkle.entries` when first asked for. */
export function makeState(fields: Omit<RegistryState, 'entries'>): RegistryState {
  return {
    ...fields,
    get entries(): readonly NodeEntry[] {
      return this.merkle.entries.toArray();
    },
  };
}

/**
 * `state` at another height and head hash: everything else shared (the entries are not copied).
 */
export function withHead(
  state: RegistryState,
  height: number,
  headHash: Uint8Array,
): RegistryState {
  return makeState({
    networkId: state.networkId,
    anchor: state.anchor,
    genesisHash: state.genesisHash,
    height,
    headHash,
    lamport: state.lamport,
    policy: state.policy,
    qanKeys: state.qanKeys,
    operatorKeys: state.operatorKeys,
    operatorSeqs: state.operatorSeqs,
    trustEdges: state.trustEdges,
    positions: state.positions,
    index: state.index,
    merkle: state.merkle,
    contracts: state.contracts,
  });
}

export function getEntry(state: RegistryState, alias: string): NodeEntry | undefined {
  const i = state.positions.get(alias);
  return i === undefined ? undefined : state.merkle.entries.at(i);
}
