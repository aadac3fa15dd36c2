/**
 * Strict reading of canonical node entries (decodeEntry / entryFromCanonical): every field rule is
 * pinned by the exact error code and field, and the codec round-trips every valid entry.
 */
import { encodeCanonical } from '@qcos/chips-codec';
import { quidFromPublicKey } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEntry, entryToCanonical } from '../src/canonical.js';
import type { EksState, NodeEntry, NodeStatus } from '../src/entry.js';
import { decodeEntry, entryFromCanonical } from '../src/entry-codec.js';
import { EKS_LOSS_REASONS, FAULT_KINDS } from '../src/health.js';
import { MAX_SAFE } from '../src/limits.js';
import {
  expectRefusedOrExact,
  expectTruncationRefused,
  nodeEntry,
  qan,
  refusal,
} from './helpers.js';

const rigelKey = new Uint8Array(32).fill(5);
const rigel = nodeEntry('rigel', {
  avgFidelityPpm: 980_000,
  nodeId: quidFromPublicKey(rigelKey),
  publicKey: rigelKey,
  homeQan: qan(1).quid,
  utilisationPct: 10,
  goodHeartbeats: 3,
  updatedL: 4,
});
const base = entryToCanonical(rigel) as Record<string, unknown>;

/** decodeEntry of rigel's canonical map with `over` merged in (undefined drops a field). */
const decodeWith = (over: Record<string, unknown>): NodeEntry =>
  decodeEntry(encodeCanonical({ ...base, ...over } as never));

const keyOf = (n: number): Record<string, unknown> => {
  const publicKey = new Uint8Array(n).fill(7);
  return { publicKey, nodeId: quidFromPublicKey(publicKey) };
};
const quarantine = (reason: string, detail: unknown) => ({
  status: 'QUARANTINE',
  quarantineReason: reason,
  quarantineDetail: detail,
});
const sortedFaults = [...FAULT_KINDS].sort();

describe('decodeEntry refusals', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown field', { extra: 1 }, 'entry.extra'],
    ['a missing field', { updatedL: undefined }, 'entry.updatedL'],
    ['an upper-case alias', { alias: 'Rigel' }, 'entry.alias'],
    ['an upper-case scope', { scope: 'EU' }, 'entry.scope'],
    ['an address without a port', { address: 'rigel.example.net' }, 'entry.address'],
    ['a string publicKey', { publicKey: 'key' }, 'entry.publicKey'],
    ['a 31-byte publicKey', keyOf(31), 'entry.publicKey'],
    ['a 2049-byte publicKey', keyOf(2049), 'entry.publicKey'],
    ['a nodeId of another key', { nodeId: quidFromPublicKey(new Uint8Array(32)) }, 'entry.nodeId'],
    ['a nodeId that is no quid', { nodeId: 'xyz' }, 'entry.nodeId'],
    ['a homeQan that is no quid', { homeQan: 'xyz' }, 'entry.homeQan'],
    ['faults that are no list', { faults: {} }, 'entry.faults'],
    ['more faults than kinds', { faults: ['A', ...sortedFaults] }, 'entry.faults'],
    ['a missing quarantineDetail', { quarantineDetail: undefined }, 'entry.quarantineDetail'],
    ['an unknown fault', { faults: ['CRYOSTAT', 'FIRE'] }, 'entry.faults.1'],
    ['a fault that is no string', { faults: [3] }, 'entry.faults.0'],
    ['unsorted faults', { faults: ['OTHER', 'CRYOSTAT'] }, 'entry.faults'],
    ['a repeated fault', { faults: ['OTHER', 'OTHER'] }, 'entry.faults'],
    ['a string lastHeartbeatMs', { lastHeartbeatMs: '1' }, 'entry.lastHeartbeatMs'],
    ['a negative lastHeartbeatMs', { lastHeartbeatMs: -1 }, 'entry.lastHeartbeatMs'],
    ['a fractional eksLastSyncMs', { eksLastSyncMs: 1.5 }, 'entry.eksLastSyncMs'],
    ['eksOk that is no boolean', { eksOk: 1 }, 'entry.eksOk'],
    ['a loss reason while eksOk', { eksLossReason: 'LINK_DOWN' }, 'entry.eksLossReason'],
    ['no loss reason while not eksOk', { eksOk: false }, 'entry.eksLossReason'],
    ['an unknown status', { status: 'RETIRED' }, 'entry.status'],
    ['a status that is no string', { status: 1 }, 'entry.status'],
    ['an ACTIVE entry with a reason', { quarantineReason: 'PROBATION' }, 'entry.quarantineReason'],
    ['an ACTIVE entry with a detail', { quarantineDetail: 'OTHER' }, 'entry.quarantineReason'],
    ['an unknown quarantine reason', quarantine('BORED', null), 'entry.quarantineReason'],
    [
      'a critical fault of unknown kind',
      quarantine('CRITICAL_FAULT', 'FIRE'),
      'entry.quarantineDetail',
    ],
    ['an EKS loss of unknown reason', quarantine('EKS_LOSS', 'OTHER'), 'entry.quarantineDetail'],
    ['a probation with a detail', quarantine('PROBATION', 'OTHER'), 'entry.quarantineDetail'],
    ['qubitCapacity 0', { qubitCapacity: 0 }, 'entry.qubitCapacity'],
    ['qubitCapacity 32768', { qubitCapacity: 32_768 }, 'entry.qubitCapacity'],
    ['avgFidelityPpm above 1', { avgFidelityPpm: 1_000_001 }, 'entry.avgFidelityPpm'],
    ['utilisationPct 101', { utilisationPct: 101 }, 'entry.utilisationPct'],
    ['goodHeartbeats 1001', { goodHeartbeats: 1_001 }, 'entry.goodHeartbeats'],
    ['a negative registeredAtMs', { registeredAtMs: -1 }, 'entry.registeredAtMs'],
    ['maintenance that is no boolean', { maintenance: 'no' }, 'entry.maintenance'],
    ['timedOut that is no boolean', { timedOut: null }, 'entry.timedOut'],
    ['a negative updatedL', { updatedL: -1 }, 'entry.updatedL'],
  ])('%s is PROOF_MALFORMED at the field', (_, over, field) => {
    expect(refusal(() => decodeWith(over))).toStrictEqual({ code: 'PROOF_MALFORMED', field });
  });

  it.each<[string, unknown]>([
    ['a list', []],
    ['null', null],
    ['a bin', new Uint8Array(0)],
    ['a number', 7],
  ])('%s instead of a map is PROOF_MALFORMED at "entry."', (_, value) => {
    expect(refusal(() => decodeEntry(encodeCanonical(value as never)))).toStrictEqual({
      code: 'PROOF_MALFORMED',
      field: 'entry.',
    });
  });

  it('entryFromCanonical reports the code and field prefix it is given', () => {
    expect(
      refusal(() => entryFromCanonical({ ...base, alias: 'X' }, 'SNAPSHOT_MALFORMED', 'entries.4')),
    ).toStrictEqual({
      code: 'SNAPSHOT_MALFORMED',
      field: 'entries.4.alias',
    });
  });
});

describe('decodeEntry accepts the limits of each field', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a 2048-byte publicKey', keyOf(2048)],
    ['every fault kind at once', { faults: sortedFaults }],
    ['no heartbeat yet', { lastHeartbeatMs: null }],
    ['qubitCapacity 1', { qubitCapacity: 1 }],
    ['qubitCapacity 32767', { qubitCapacity: 32_767 }],
    ['avgFidelityPpm 1', { avgFidelityPpm: 1_000_000 }],
    ['utilisationPct 100', { utilisationPct: 100 }],
    ['goodHeartbeats 1000', { goodHeartbeats: 1_000 }],
    [
      'the largest safe integers',
      { updatedL: MAX_SAFE, registeredAtMs: MAX_SAFE, eksLastSyncMs: MAX_SAFE },
    ],
    ['the booleans set', { maintenance: true, timedOut: true }],
  ])('%s', (_, over) => {
    const e = decodeWith(over);
    expect(entryToCanonical(e)).toStrictEqual({ ...base, ...over });
  });
});

const status: fc.Arbitrary<NodeStatus> = fc.oneof(
  fc.constant<NodeStatus>({ state: 'ACTIVE' }),
  fc
    .constantFrom(...FAULT_KINDS)
    .map(
      (fault): NodeStatus => ({ state: 'QUARANTINE', cause: { reason: 'CRITICAL_FAULT', fault } }),
    ),
  fc.constantFrom(...EKS_LOSS_REASONS).map(
    (eksLossReason): NodeStatus => ({
      state: 'QUARANTINE',
      cause: { reason: 'EKS_LOSS', eksLossReason },
    }),
  ),
  fc
    .constantFrom('PROBATION', 'MAINTENANCE', 'HEARTBEAT_TIMEOUT', 'LOW_FIDELITY' as const)
    .map((reason): NodeStatus => ({ state: 'QUARANTINE', cause: { reason } })),
);
const entryArb: fc.Arbitrary<NodeEntry> = fc
  .record({
    alias: fc.constantFrom('rigel', 'vega', 'a-1'),
    status,
    lastHeartbeatMs: fc.option(fc.nat(), { nil: null }),
    qubitCapacity: fc.integer({ min: 1, max: 32_767 }),
    eks: fc
      .tuple(fc.nat(), fc.option(fc.constantFrom(...EKS_LOSS_REASONS), { nil: null }))
      .map(
        ([lastSyncMs, lossReason]): EksState =>
          lossReason === null ? { ok: true, lastSyncMs } : { ok: false, lastSyncMs, lossReason },
      ),
    avgFidelityPpm: fc.integer({ min: 0, max: 1_000_000 }),
    publicKey: fc.uint8Array({ minLength: 32, maxLength: 64 }),
    registeredAtMs: fc.nat(),
    utilisationPct: fc.integer({ min: 0, max: 100 }),
    faults: fc.subarray(sortedFaults),
    maintenance: fc.boolean(),
    timedOut: fc.boolean(),
    goodHeartbeats: fc.integer({ min: 0, max: 1_000 }),
    updatedL: fc.nat(),
  })
  .map((r) => ({
    ...r,
    address: `${r.alias}.example.net:9000`,
    scope: 'eu-west',
    nodeId: quidFromPublicKey(r.publicKey),
    homeQan: qan(1).quid,
  }));

/** decodeEntry's limit is 64 KiB. */
const entryDecoder = {
  code: 'PROOF_MALFORMED',
  maxBytes: 1 << 16,
  decode: decodeEntry,
  encode: encodeEntry,
  field: /^entry\./,
};

describe('decodeEntry properties', () => {
  it('every entry round-trips: decodeEntry(encodeEntry(e)) equals e', () => {
    fc.assert(
      fc.property(entryArb, (e) => {
        expect(decodeEntry(encodeEntry(e))).toStrictEqual(e);
      }),
    );
  });

  it('every truncation is PROOF_MALFORMED at the byte offset where the codec stopped', () => {
    fc.assert(
      fc.property(entryArb, fc.nat(), (e, cut) => {
        const bytes = encodeEntry(e);
        expectTruncationRefused(bytes.subarray(0, cut % bytes.length), entryDecoder);
      }),
    );
  });

  it('a flipped bit is refused at the codec offset or at an entry field, or decodes to those exact bytes', () => {
    fc.assert(
      fc.property(entryArb, fc.nat(), fc.nat(7), (e, pos, bit) => {
        const bad = encodeEntry(e).slice();
        const i = pos % bad.length;
        bad[i] = (bad[i] as number) ^ (1 << bit);
        expectRefusedOrExact(bad, entryDecoder);
      }),
      { numRuns: 500 },
    );
  });
});
