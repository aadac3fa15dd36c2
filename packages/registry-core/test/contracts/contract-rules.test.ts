/**
 * The contract rules at their edges: every refusal with its exact message, who may write what
 * when the contract's home QAN and a participant's home QAN differ, the deadline rule, the
 * per-node limit, the trimming of ended contracts, and rollback on deregistration and on a
 * shrunken advertisement.
 */
import { describe, expect, it } from 'vitest';
import {
  type Contract,
  deadlineOf,
  ENDED_KEPT,
  type RecordBody,
  RegistryError,
  type RegistryState,
} from '../../src/index.js';
import { activeNode, qan, signed } from '../helpers.js';
import {
  fold,
  idAt,
  link,
  linkRequest,
  network,
  resources,
  windowRequest,
} from './contract-fixtures.js';

/** The refusal of folding `records` (from QAN `by`): code, field and message. */
function refused(s: RegistryState, records: readonly RecordBody[], by = 1) {
  try {
    fold(s, records, by);
  } catch (e) {
    if (e instanceof RegistryError) return { code: e.code, field: e.field, message: e.message };
    throw e;
  }
  return null;
}

/**
 * The network with QAN 2 trusted and node e registered by QAN 2 (its home), advertised by it;
 * `id` is a link contract between a and e requested through QAN 1.
 */
function twoHomes() {
  const { state } = network();
  const s1 = fold(
    state,
    signed(state, [
      { kind: 'TRUST_EDGE', trusteeKey: qan(2).key.publicKey, role: 'QAN', levelPpm: 1_000_000 },
    ]),
  );
  const s2 = fold(s1, activeNode('e'), 2);
  const s3 = fold(s2, [resources('e', { links: [linkOf('a')] })], 2);
  const s4 = fold(s3, [resources('a', { links: [linkOf('b'), linkOf('c'), linkOf('e')] })]);
  const id = idAt(s4);
  return { s: fold(s4, [linkRequest({ participants: ['a', 'e'], slots: 1 })]), id };
}
const linkOf = (peer: string) => link(peer);

describe('who may write contract records', () => {
  it('the contract’s home QAN or the participant’s may revoke; a QAN that is neither may not', () => {
    const { s, id } = twoHomes();
    expect(s.contracts.holding.get(id)?.state).toBe('RESERVED');
    expect(
      refused(
        s,
        [{ kind: 'CONTRACT_REVOKE', id, atMs: 7_000, alias: 'a', reason: 'LINK_LOST' }],
        2,
      ),
    ).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'origin',
      message: `RECORD_NOT_PERMITTED: the origin holds neither ${id} nor a`,
    });
    const byNodeHome = fold(
      s,
      [{ kind: 'CONTRACT_REVOKE', id, atMs: 7_000, alias: 'e', reason: 'SESSION_LOST' }],
      2,
    );
    expect(byNodeHome.contracts.ended.get(id)).toMatchObject({
      state: 'REVOKED',
      reason: 'SESSION_LOST',
      alias: 'e',
    });
    const byContractHome = fold(
      s,
      [{ kind: 'CONTRACT_REVOKE', id, atMs: 7_000, alias: 'e', reason: 'LINK_LOST' }],
      1,
    );
    expect(byContractHome.contracts.ended.get(id)).toMatchObject({ state: 'REVOKED', alias: 'e' });
  });

  it('only a node’s home QAN advertises it or reports it ready', () => {
    const { s, id } = twoHomes();
    expect(refused(s, [resources('a')], 2)).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'origin',
      message: `RECORD_NOT_PERMITTED: only ${qan(1).quid} advertises a`,
    });
    expect(refused(s, [{ kind: 'CONTRACT_READY', id, alias: 'a', atMs: 6_000 }], 2)).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'origin',
      message: `RECORD_NOT_PERMITTED: only ${qan(1).quid} reports a ready`,
    });
    const ready = fold(s, [{ kind: 'CONTRACT_READY', id, alias: 'e', atMs: 6_000 }], 2);
    expect(ready.contracts.holding.get(id)?.ready).toStrictEqual(['e']);
  });

  it('only the contract’s home QAN renews or releases it; others expire it only after the grace', () => {
    const { s, id } = twoHomes();
    const notHome = {
      code: 'RECORD_NOT_PERMITTED',
      field: 'origin',
      message: `RECORD_NOT_PERMITTED: only ${qan(1).quid} may write about contract ${id}`,
    };
    expect(refused(s, [{ kind: 'CONTRACT_RENEW', id, atMs: 7_000 }], 2)).toStrictEqual(notHome);
    expect(
      refused(s, [{ kind: 'CONTRACT_RELEASE', id, atMs: 7_000, reason: 'DONE' }], 2),
    ).toStrictEqual(notHome);
    // Deadline 10 000 (NOT_READY), grace two heartbeat intervals (120 000 ms).
    expect(refused(s, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 10_001 }], 2)).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'origin',
      message: `RECORD_NOT_PERMITTED: only ${qan(1).quid} may expire ${id} before 130000`,
    });
    expect(refused(s, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 129_999 }], 2)?.code).toBe(
      'RECORD_NOT_PERMITTED',
    );
    expect(
      fold(s, [{ kind: 'CONTRACT_EXPIRE', id, observedAtMs: 130_000 }], 2).contracts.ended.get(id)
        ?.state,
    ).toBe('EXPIRED');
  });
});

describe('refusals name the contract and what is wrong', () => {
  const { state } = network();
  const id = idAt(state);
  const s = fold(state, [windowRequest()]);
  const active = fold(
    s,
    ['a', 'b', 'c'].map((alias) => ({ kind: 'CONTRACT_READY', id, alias, atMs: 6_000 }) as const),
  );
  it.each([
    [
      'an unknown contract',
      s,
      { kind: 'CONTRACT_RENEW', id: 999, atMs: 6_000 },
      'RECORD_UNKNOWN_CONTRACT',
      'id',
      'no contract 999 holds resources',
    ],
    [
      'ready for an ACTIVE contract',
      active,
      { kind: 'CONTRACT_READY', id, alias: 'a', atMs: 6_000 },
      'RECORD_OUT_OF_POLICY',
      'id',
      `contract ${id} is ACTIVE`,
    ],
    [
      'ready from a non-participant',
      s,
      { kind: 'CONTRACT_READY', id, alias: 'd', atMs: 6_000 },
      'RECORD_OUT_OF_POLICY',
      'alias',
      `d is not a participant of ${id}`,
    ],
    [
      'revoke naming a non-participant',
      s,
      { kind: 'CONTRACT_REVOKE', id, atMs: 6_000, alias: 'd', reason: 'LINK_LOST' },
      'RECORD_OUT_OF_POLICY',
      'alias',
      `d is not a participant of ${id}`,
    ],
    [
      'ready twice',
      fold(s, [{ kind: 'CONTRACT_READY', id, alias: 'a', atMs: 6_000 }]),
      { kind: 'CONTRACT_READY', id, alias: 'a', atMs: 6_000 },
      'RECORD_OUT_OF_POLICY',
      'alias',
      'a is ready already',
    ],
    [
      'a renewal after the lease',
      s,
      { kind: 'CONTRACT_RENEW', id, atMs: 12_000 },
      'RECORD_STALE',
      'atMs',
      `the lease of ${id} ended at 12000`,
    ],
    [
      'an expiry before the deadline',
      s,
      { kind: 'CONTRACT_EXPIRE', id, observedAtMs: 9_999 },
      'RECORD_OUT_OF_POLICY',
      'observedAtMs',
      `contract ${id} runs until 10000`,
    ],
  ] as const)('%s', (_, base, record, code, field, message) => {
    expect(refused(base, [record as RecordBody])).toStrictEqual({
      code,
      field,
      message: `${code}: ${message}`,
    });
  });
});

describe('the deadline of a contract', () => {
  const { state } = network();
  const id = idAt(state);
  const c = fold(state, [windowRequest()]).contracts.holding.get(id) as Contract;
  it.each([
    ['RESERVED, starting before its lease ends', { leaseUntilMs: 12_000 }, 10_000, 'NOT_READY'],
    ['RESERVED, starting as its lease ends', { leaseUntilMs: 10_000 }, 10_000, 'NOT_READY'],
    ['RESERVED, its lease ending before the start', { leaseUntilMs: 9_999 }, 9_999, 'LEASE'],
    ['ACTIVE, its lease to the end', { state: 'ACTIVE', leaseUntilMs: 12_000 }, 12_000, 'DEADLINE'],
    [
      'ACTIVE, its lease ending before the end',
      { state: 'ACTIVE', leaseUntilMs: 11_999 },
      11_999,
      'LEASE',
    ],
  ] as const)('%s', (_, over, atMs, reason) => {
    expect(deadlineOf({ ...c, ...over } as Contract)).toStrictEqual({ atMs, reason });
  });
});

describe('limits and rollback', () => {
  it('a node in 256 holding contracts takes no more: NO_RESOURCES, naming it', () => {
    const { state } = network();
    const many = Array.from({ length: 256 }, (_, k) =>
      linkRequest({
        slots: 1,
        startMs: 10_000 + k * 1_000,
        endMs: 11_000 + k * 1_000,
        link: { pairs: 1, minFidelityPpm: 900_000, type: 'K', priority: 0, bases: [] },
      }),
    );
    const s = fold(state, many);
    expect(s.contracts.byNode.get('a')).toHaveLength(256);
    const id = idAt(s);
    const next = fold(s, [
      windowRequest({ participants: ['b', 'c', 'a'], startMs: 900_000, endMs: 901_000 }),
    ]);
    expect(next.contracts.ended.get(id)).toMatchObject({
      state: 'REJECTED',
      reason: 'NO_RESOURCES',
      alias: 'b',
    });
  });

  it('keeps the 1 024 ended contracts of highest id', () => {
    const { state } = network();
    const first = idAt(state);
    const s = fold(
      state,
      Array.from({ length: ENDED_KEPT + 1 }, () => linkRequest({ slots: 5 })),
    );
    expect(s.contracts.ended.size).toBe(ENDED_KEPT);
    expect(s.contracts.ended.has(first)).toBe(false);
    expect(s.contracts.ended.has(first + 1)).toBe(true);
    expect(s.contracts.ended.has(first + ENDED_KEPT)).toBe(true);
  });

  it('a deregistered participant’s contracts are revoked', () => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [linkRequest()]);
    const gone = fold(s, signed(s, [{ kind: 'DEREGISTER', alias: 'b', atMs: 7_000 }]));
    expect(gone.contracts.ended.get(id)).toMatchObject({
      state: 'REVOKED',
      reason: 'PARTICIPANT_UNAVAILABLE',
      alias: 'b',
    });
  });

  it('an advertisement that drops one held slot of several revokes', () => {
    const { state } = network();
    const id = idAt(state);
    const s = fold(state, [linkRequest({ slots: 2 })]);
    const fewer = fold(s, [resources('b', { memorySlots: 1 })]);
    expect(fewer.contracts.ended.get(id)).toMatchObject({ state: 'REVOKED', alias: 'b' });
  });
});
