/**
 * Resource contracts in the registry fold (docs/spec/contracts.md): admission in log order,
 * every rejection reason, readiness and activation, release, revocation, expiry verdicts, lease
 * renewal, rollback when a participant is taken out, and the protocol 3 gate.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { decodeCanonical, encodeCanonical } from '@qcos/chips-codec';
import { describe, expect, it } from 'vitest';
import {
  decodeSnapshot,
  encodeSnapshot,
  merkleRoot,
  type RegistryState,
  stateRoot,
} from '../../src/index.js';
import { heartbeat, qan, refusal, signed } from '../helpers.js';
import {
  fold,
  idAt,
  link,
  linkRequest,
  network,
  resources,
  windowRequest,
} from './contract-fixtures.js';

const ended = (s: RegistryState, id: number) => s.contracts.ended.get(id);
/** A snapshot's fields without type, version, head hash and entries (what the root hashes). */
function stateFieldsOf(s: RegistryState): Record<string, unknown> {
  const {
    type: _t,
    version: _v,
    headHash: _h,
    entries: _e,
    ...fields
  } = decodeCanonical(encodeSnapshot(s)) as Record<string, unknown>;
  return fields;
}

describe('the protocol 3 gate', () => {
  it('refuses contract records before protocol 3, RECORD_OUT_OF_POLICY at kind', () => {
    const { beforeContracts } = network();
    expect(refusal(() => fold(beforeContracts, [resources('a')]))).toStrictEqual({
      code: 'RECORD_OUT_OF_POLICY',
      field: 'kind',
    });
  });
});

describe('admission', () => {
  it('reserves the lowest free slots at each participant, with its lease', () => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [linkRequest()]);
    const c = s.contracts.holding.get(id);
    expect(c).toMatchObject({
      id,
      state: 'RESERVED',
      slotsHeld: [
        [0, 1],
        [0, 1],
      ],
      ready: [],
      leaseUntilMs: 20_000,
      activatedL: null,
      homeQan: qan(1).quid,
    });
    expect(s.contracts.byNode.get('a')).toStrictEqual([id]);
    expect(s.contracts.byNode.get('c')).toBeUndefined();
  });

  it('of two requests for the same slots, the first in the log is reserved and the second rejected naming it', () => {
    const { state } = network();
    const first = idAt(state, 0);
    const second = idAt(state, 1);
    const s = fold(state, [
      linkRequest({ slots: 3 }),
      linkRequest({ slots: 2, startMs: 15_000, endMs: 25_000 }),
    ]);
    expect(s.contracts.holding.get(first)?.state).toBe('RESERVED');
    expect(s.contracts.holding.has(second)).toBe(false);
    expect(ended(s, second)).toStrictEqual({
      id: second,
      state: 'REJECTED',
      reason: 'SLOT_CONFLICT',
      alias: 'a',
      conflict: first,
      endedL: second,
    });
    // Not overlapping in time: both hold the same slots.
    const t = fold(state, [
      linkRequest({ slots: 4 }),
      linkRequest({ slots: 4, startMs: 20_000, endMs: 30_000 }),
    ]);
    expect(t.contracts.holding.size).toBe(2);
  });

  it.each([
    [
      'a participant that is not ACTIVE',
      { participants: ['a', 'zeta'] },
      'PARTICIPANT_UNAVAILABLE',
      'zeta',
    ],
    [
      'a participant outside the scopes',
      { participants: ['a', 'd'], scopes: ['eu-west'] },
      'OUT_OF_SCOPE',
      'd',
    ],
    ['more slots than a node has', { slots: 5 }, 'NO_RESOURCES', 'a'],
    [
      'a node without resources',
      { participants: ['a', 'd'], scopes: ['eu-west', 'us-east'] },
      'NO_RESOURCES',
      'd',
    ],
    [
      'a fidelity above the link’s',
      { link: { pairs: 1, minFidelityPpm: 960_000, type: 'K', priority: 0, bases: [] } },
      'FIDELITY_UNREACHABLE',
      'a',
    ],
    [
      'a rate above the link’s capacity',
      { link: { pairs: 1_001, minFidelityPpm: 900_000, type: 'K', priority: 0, bases: [] } },
      'LINK_CAPACITY',
      null,
    ],
  ] as const)('rejects %s', (_, over, reason, alias) => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [linkRequest(over as never)]);
    expect(ended(s, id)).toStrictEqual({
      id,
      state: 'REJECTED',
      reason,
      alias,
      conflict: null,
      endedL: id,
    });
    expect(s.contracts.holding.size).toBe(0);
  });

  it('rejects a link nobody advertises, naming the side that lacks it', () => {
    const { state } = network();
    const s0 = fold(state, [resources('b', { links: [link('c')] })]);
    const id = idAt(s0);
    const s = fold(s0, [linkRequest()]);
    expect(ended(s, id)).toMatchObject({ reason: 'NO_LINK', alias: 'b' });
  });

  it('rejects a rate the link cannot add, naming the contract it meets', () => {
    const { state } = network();
    const first = idAt(state);
    const s1 = fold(state, [
      linkRequest({
        slots: 1,
        link: { pairs: 600, minFidelityPpm: 900_000, type: 'K', priority: 0, bases: [] },
      }),
    ]);
    const second = idAt(s1);
    const s2 = fold(s1, [
      linkRequest({
        slots: 1,
        link: { pairs: 500, minFidelityPpm: 900_000, type: 'K', priority: 0, bases: [] },
      }),
    ]);
    expect(ended(s2, second)).toMatchObject({ reason: 'LINK_CAPACITY', conflict: first });
  });

  it.each([
    [
      'a window longer than an envelope',
      { window: { lengthMs: 1_001, toleranceMrad: 20, clockDomain: 'gps' } },
    ],
    [
      'a tolerance tighter than a node holds',
      { window: { lengthMs: 500, toleranceMrad: 9, clockDomain: 'gps' } },
    ],
    ['another clock domain', { window: { lengthMs: 500, toleranceMrad: 20, clockDomain: 'ptp' } }],
  ] as const)('rejects a window with %s: ENVELOPE_EMPTY at the first participant', (_, over) => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [windowRequest(over as never)]);
    expect(ended(s, id)).toMatchObject({ state: 'REJECTED', reason: 'ENVELOPE_EMPTY', alias: 'a' });
  });
});

describe('transitions', () => {
  function reserved() {
    const { state } = network();
    const id = idAt(state);
    return { id, s: fold(state, [windowRequest()]) };
  }

  it('becomes ACTIVE when the last participant is ready, at that record’s L', () => {
    const { id, s } = reserved();
    const s1 = fold(s, [
      { kind: 'CONTRACT_READY', id, alias: 'b', atMs: 6_000 },
      { kind: 'CONTRACT_READY', id, alias: 'a', atMs: 6_000 },
    ]);
    expect(s1.contracts.holding.get(id)).toMatchObject({ state: 'RESERVED', ready: ['a', 'b'] });
    const l = idAt(s1);
    const s2 = fold(s1, [{ kind: 'CONTRACT_READY', id, alias: 'c', atMs: 6_100 }]);
    expect(s2.contracts.holding.get(id)).toMatchObject({
      state: 'ACTIVE',
      ready: ['a', 'b', 'c'],
      activatedL: l,
    });
    expect(
      refusal(() => fold(s2, [{ kind: 'CONTRACT_READY', id, alias: 'c', atMs: 6_200 }])),
    ).toStrictEqual({ code: 'RECORD_OUT_OF_POLICY', field: 'id' });
    expect(
      refusal(() => fold(s1, [{ kind: 'CONTRACT_READY', id, alias: 'a', atMs: 6_200 }])),
    ).toStrictEqual({ code: 'RECORD_OUT_OF_POLICY', field: 'alias' });
    expect(
      refusal(() => fold(s1, [{ kind: 'CONTRACT_READY', id, alias: 'd', atMs: 6_200 }])),
    ).toStrictEqual({ code: 'RECORD_OUT_OF_POLICY', field: 'alias' });
    expect(
      refusal(() => fold(s1, [{ kind: 'CONTRACT_READY', id: id + 100, alias: 'c', atMs: 6_200 }])),
    ).toStrictEqual({ code: 'RECORD_UNKNOWN_CONTRACT', field: 'id' });
  });

  it('releases every participant at once, and the slots serve the next request', () => {
    const { id, s } = reserved();
    const s1 = fold(s, [{ kind: 'CONTRACT_RELEASE', id, atMs: 7_000, reason: 'CANCELLED' }]);
    expect(s1.contracts.holding.size).toBe(0);
    expect(s1.contracts.byNode.size).toBe(0);
    expect(ended(s1, id)).toMatchObject({ state: 'RELEASED', reason: 'CANCELLED', alias: null });
    const next = idAt(s1);
    const s2 = fold(s1, [windowRequest()]);
    expect(s2.contracts.holding.get(next)?.slotsHeld).toStrictEqual([[0], [0], [0]]);
  });

  it('only the contract’s home QAN renews, releases or expires it early', () => {
    const { id, s } = reserved();
    const other = fold(
      s,
      signed(s, [
        { kind: 'TRUST_EDGE', trusteeKey: qan(2).key.publicKey, role: 'QAN', levelPpm: 1_000_000 },
      ]),
    );
    for (const r of [
      { kind: 'CONTRACT_RELEASE', id, atMs: 7_000, reason: 'DONE' },
      { kind: 'CONTRACT_RENEW', id, atMs: 7_000 },
      { kind: 'CONTRACT_EXPIRE', id, observedAtMs: 10_000 },
    ] as const)
      expect(refusal(() => fold(other, [r], 2))).toStrictEqual({
        code: 'RECORD_NOT_PERMITTED',
        field: 'origin',
      });
    // After the grace of two heartbeat intervals, any trusted QAN may expire it.
    const late = fold(other, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 10_000 + 120_000 }], 2);
    expect(ended(late, id)).toMatchObject({ state: 'EXPIRED', reason: 'NOT_READY' });
  });

  it('expires at its deadline, not before; a verdict on an ended contract changes nothing', () => {
    const { id, s } = reserved();
    expect(
      refusal(() => fold(s, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 9_999 }])),
    ).toStrictEqual({ code: 'RECORD_OUT_OF_POLICY', field: 'observedAtMs' });
    const s1 = fold(s, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 10_000 }]);
    expect(ended(s1, id)).toMatchObject({ state: 'EXPIRED', reason: 'NOT_READY' });
    const s2 = fold(s1, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 10_001 }]);
    expect(s2.contracts).toStrictEqual(s1.contracts);
  });

  it('runs on its lease: renewed before it ends, lost after (LEASE), and DEADLINE at the end', () => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [windowRequest({ leaseMs: 1_000, endMs: 12_000 })]);
    expect(s.contracts.holding.get(id)?.leaseUntilMs).toBe(6_000);
    const ready = fold(
      s,
      ['a', 'b', 'c'].map((alias) => ({ kind: 'CONTRACT_READY', id, alias, atMs: 5_500 }) as const),
    );
    const renewed = fold(ready, [{ kind: 'CONTRACT_RENEW', id, atMs: 5_900 }]);
    expect(renewed.contracts.holding.get(id)?.leaseUntilMs).toBe(6_900);
    expect(
      refusal(() => fold(renewed, [{ kind: 'CONTRACT_RENEW', id, atMs: 6_900 }])),
    ).toStrictEqual({ code: 'RECORD_STALE', field: 'atMs' });
    expect(
      ended(fold(renewed, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 6_900 }]), id),
    ).toMatchObject({ reason: 'LEASE' });
    const long = fold(ready, [
      { kind: 'CONTRACT_RENEW', id, atMs: 5_999 },
      { kind: 'CONTRACT_RENEW', id, atMs: 6_998 },
    ]);
    expect(long.contracts.holding.get(id)?.leaseUntilMs).toBe(7_998);
  });

  it('revokes on a participant’s word or the home QAN’s, with the reason', () => {
    const { id, s } = reserved();
    const s1 = fold(s, [
      { kind: 'CONTRACT_REVOKE', id, atMs: 7_000, alias: 'c', reason: 'TOLERANCE_EXCEEDED' },
    ]);
    expect(ended(s1, id)).toMatchObject({
      state: 'REVOKED',
      reason: 'TOLERANCE_EXCEEDED',
      alias: 'c',
    });
    expect(
      refusal(() =>
        fold(s, [{ kind: 'CONTRACT_REVOKE', id, atMs: 7_000, alias: 'd', reason: 'LINK_LOST' }]),
      ),
    ).toStrictEqual({ code: 'RECORD_OUT_OF_POLICY', field: 'alias' });
  });
});

describe('rollback when a participant is taken out', () => {
  it('a participant quarantined by a fault revokes its contracts on every participant', () => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [windowRequest(), linkRequest({ participants: ['a', 'c'], slots: 1 })]);
    const s1 = fold(s, [{ kind: 'CRITICAL_FAULT', alias: 'b', atMs: 7_000, fault: 'CRYOSTAT' }]);
    expect(ended(s1, id)).toMatchObject({
      state: 'REVOKED',
      reason: 'PARTICIPANT_UNAVAILABLE',
      alias: 'b',
    });
    expect([...s1.contracts.holding.keys()]).toStrictEqual([id + 1]);
    expect(s1.contracts.byNode.get('b')).toBeUndefined();
    expect(s1.contracts.byNode.get('a')).toStrictEqual([id + 1]);
  });

  it('resources advertised again without the slots or the link revoke what they held', () => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [
      linkRequest({ slots: 2 }),
      windowRequest({ participants: ['a', 'c'], slots: 1, startMs: 30_000, endMs: 31_000 }),
    ]);
    const s1 = fold(s, [resources('b', { links: [link('c')] })]);
    expect(ended(s1, id)).toMatchObject({
      state: 'REVOKED',
      reason: 'PARTICIPANT_UNAVAILABLE',
      alias: 'b',
    });
    const s2 = fold(s1, [resources('c', { memorySlots: 0 })]);
    expect(ended(s2, id + 1)).toMatchObject({ state: 'REVOKED', alias: 'c' });
    expect(s2.contracts.holding.size).toBe(0);
  });
});

describe('contracts in the state root and snapshots', () => {
  it('are covered by the root, and a snapshot gives back the same book and root', () => {
    const { state } = network();
    const s = fold(state, [linkRequest(), windowRequest({ slots: 2 })]);
    const back = decodeSnapshot(encodeSnapshot(s));
    expect(back.contracts).toStrictEqual(s.contracts);
    expect(stateRoot(back)).toStrictEqual(stateRoot(s));
    expect(stateRoot(s)).not.toStrictEqual(stateRoot(fold(state, [linkRequest()])));
    // By hand (contracts.md §6): each part hashes the concatenated hashes of its items' maps.
    const { contracts, ...rest } = stateFieldsOf(s);
    const parts = contracts as Record<'resources' | 'holding' | 'ended', unknown[]>;
    const part = (list: unknown[]) =>
      sha256(new Uint8Array(list.flatMap((item) => [...sha256(encodeCanonical(item as never))])));
    const book = sha256(
      new Uint8Array([
        ...new TextEncoder().encode('QCOS-ContractBook-v1'),
        ...part(parts.resources),
        ...part(parts.holding),
        ...part(parts.ended),
      ]),
    );
    const fields = sha256(encodeCanonical({ ...rest, contracts: book } as never));
    const tag = new TextEncoder().encode('QCOS-StateRoot-v1');
    expect(stateRoot(s)).toStrictEqual(
      sha256(new Uint8Array([...tag, ...merkleRoot(s), ...fields])),
    );
  });

  it('an empty book leaves the root’s fields without `contracts`, as before protocol 3', () => {
    const { beforeResources } = network();
    // A protocol 3 block, and no node has advertised anything yet.
    const s = fold(beforeResources, [heartbeat('a', 3_800)]);
    expect(s.height).toBe(5);
    expect(s.contracts.resources.size + s.contracts.holding.size + s.contracts.ended.size).toBe(0);
    const fields = sha256(encodeCanonical(stateFieldsOf(s) as never));
    const tag = new TextEncoder().encode('QCOS-StateRoot-v1');
    expect(stateFieldsOf(s)).not.toHaveProperty('contracts');
    expect(stateRoot(s)).toStrictEqual(
      sha256(new Uint8Array([...tag, ...merkleRoot(s), ...fields])),
    );
  });
});
