/**
 * A protocol 3 network for contract tests: nodes a, b, c (ACTIVE, eu-west) and d (ACTIVE,
 * us-east), registered by the anchor QAN; blocks folded with applyUnsignedBlock (every check but
 * the signature, which the contract rules never read).
 */
import type { Quid } from '@qcos/identity';
import {
  type AdvertisedLink,
  applyUnsignedBlock,
  buildBlock,
  DEFAULT_POLICY,
  type RecordBody,
  type RegistryState,
  type StatusPolicy,
} from '../../src/index.js';
import { ANCHOR, activeNode, genesis, heartbeat, qan, signed } from '../helpers.js';

/** The state after a block of `records` from QAN `by` (the anchor by default). */
export function fold(
  state: RegistryState,
  records: readonly RecordBody[],
  by = ANCHOR,
): RegistryState {
  return applyUnsignedBlock(state, buildBlock(state, qan(by).quid as Quid, records)).state;
}

const schedule = (s: RegistryState, over: Partial<StatusPolicy>): RecordBody[] =>
  signed(s, [
    {
      kind: 'POLICY',
      policy: { ...DEFAULT_POLICY, ...s.policy, version: s.policy.version + 1, ...over },
    },
  ]);

export function link(peer: string, over: Partial<AdvertisedLink> = {}): AdvertisedLink {
  return {
    peer,
    lengthM: 10_000,
    lossMdbPerKm: 200,
    attemptRateHz: 1_000_000,
    emissionPpm: 500_000,
    detectorPpm: 800_000,
    initialFidelityPpm: 950_000,
    memoryTimeMs: 1_000,
    capacityPairsPerS: 100,
    ...over,
  };
}

export function resources(
  alias: string,
  over: Partial<Extract<RecordBody, { kind: 'RESOURCES' }>> = {},
): RecordBody {
  const peers = ['a', 'b', 'c'].filter((p) => p !== alias);
  return {
    kind: 'RESOURCES',
    alias,
    atMs: 4_000,
    memorySlots: 4,
    links: peers.map((p) => link(p)),
    window: { maxLengthMs: 1_000, toleranceMrad: 10, clockDomain: 'gps' },
    ...over,
  } as RecordBody;
}

/**
 * Heights 1–2 protocol 1, 3–4 protocol 2, from 5 protocol 3; block 5 advertises a, b, c.
 * `beforeContracts` is the state at height 3, whose next block is still protocol 2.
 */
export function network(): {
  readonly beforeContracts: RegistryState;
  /** Height 4: the next block is of protocol 3, and nothing is advertised yet. */
  readonly beforeResources: RegistryState;
  readonly state: RegistryState;
} {
  const s1 = fold(genesis(), [
    ...activeNode('a'),
    ...activeNode('b'),
    ...activeNode('c'),
    ...activeNode('d', { scope: 'us-east' }),
  ]);
  const s2 = fold(s1, schedule(s1, { protocol: 2, protocolHeight: 3 }));
  const s3 = fold(s2, [heartbeat('a', 3_500)]);
  const s4 = fold(s3, schedule(s3, { protocol: 3, protocolHeight: 5 }));
  const state = fold(s4, [resources('a'), resources('b'), resources('c')]);
  return { beforeContracts: s3, beforeResources: s4, state };
}

export function linkRequest(
  over: Partial<Extract<RecordBody, { kind: 'CONTRACT_REQUEST' }>> = {},
): RecordBody {
  return {
    kind: 'CONTRACT_REQUEST',
    atMs: 5_000,
    contractKind: 'LINK',
    scopes: ['eu-west'],
    participants: ['a', 'b'],
    slots: 2,
    startMs: 10_000,
    endMs: 20_000,
    leaseMs: 30_000,
    link: { pairs: 100, minFidelityPpm: 900_000, type: 'M', priority: 1, bases: ['X', 'Z'] },
    window: null,
    ...over,
  } as RecordBody;
}

export function windowRequest(
  over: Partial<Extract<RecordBody, { kind: 'CONTRACT_REQUEST' }>> = {},
): RecordBody {
  return {
    kind: 'CONTRACT_REQUEST',
    atMs: 5_000,
    contractKind: 'WINDOW',
    scopes: ['eu-west'],
    participants: ['a', 'b', 'c'],
    slots: 1,
    startMs: 10_000,
    endMs: 12_000,
    leaseMs: 30_000,
    link: null,
    window: { lengthMs: 500, toleranceMrad: 20, clockDomain: 'gps' },
    ...over,
  } as RecordBody;
}

/** The L the next block's record at `position` gets: the contract id of a request there. */
export const idAt = (state: RegistryState, position = 0): number => state.lamport + 1 + position;
