/**
 * Registry snapshots: encodeSnapshot writes every map in sorted order, and decodeSnapshot refuses
 * each broken rule with SNAPSHOT_MALFORMED at the exact field (or codec byte offset).
 */
import { decodeCanonical, encodeCanonical } from '@qcos/chips-codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, merkleRoot, type RegistryState } from '../src/index.js';
import { MAX_SAFE } from '../src/limits.js';
import {
  ANCHOR,
  activeNode,
  apply,
  edge,
  expectRefusedOrExact,
  expectTruncationRefused,
  genesis,
  qan,
  refusal,
  signed,
} from './helpers.js';

// QANs 2, 3, 4 and operators 8, 6 are added in an order that is not their quid order; operator 6
// also signs an edge, so there are two trusters and two operator seqs.
const s1 = apply(genesis(), ANCHOR, [
  ...signed(genesis(), [
    edge(2, 900_000),
    edge(3, 500_000),
    edge(4, 700_000),
    edge(8, 600_000, 'OPERATOR'),
    edge(6, 900_000, 'OPERATOR'),
  ]),
  ...activeNode('vega'),
  ...activeNode('rigel'),
]);
const rich = apply(s1, 2, signed(s1, [edge(5, 400_000), edge(9, 300_000)], 6));

type Snap = Record<string, unknown>;
type Item = Record<string, unknown>;
/** A fresh copy of `rich` as its decoded canonical map. */
const snapValue = (): Snap => decodeCanonical(encodeSnapshot(rich)) as Snap;
const list = (v: Snap, field: string): Item[] => v[field] as Item[];

/** decodeSnapshot of `rich` after `edit` changed its canonical map. */
function decodeEdited(edit: (v: Snap) => void): RegistryState {
  const v = snapValue();
  edit(v);
  return decodeSnapshot(encodeCanonical(v as never));
}

const isSorted = (keys: readonly string[]): boolean =>
  keys.every((k, i) => i === 0 || keys[i - 1]! < k);

describe('encodeSnapshot', () => {
  it('the fixture inserts keys, signers and edges out of quid order', () => {
    expect(isSorted([...rich.qanKeys.keys()])).toBe(false);
    expect(isSorted([...rich.operatorKeys.keys()])).toBe(false);
    expect(isSorted([...rich.operatorSeqs.keys()])).toBe(false);
    expect(isSorted([...rich.trustEdges.keys()])).toBe(false);
    expect(isSorted([...(rich.trustEdges.get(qan(ANCHOR).quid)?.keys() ?? [])])).toBe(false);
  });

  it('writes qans, operators, operator seqs and trust edges sorted by quid', () => {
    const v = snapValue();
    expect(isSorted(list(v, 'qans').map((q) => q.quid as string))).toBe(true);
    expect(isSorted(list(v, 'operators').map((q) => q.quid as string))).toBe(true);
    expect(list(v, 'operatorSeqs')).toStrictEqual(
      [...rich.operatorSeqs]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([signer, seq]) => ({ signer, seq })),
    );
    const edges = list(v, 'trustEdges').map((e) => `${e.truster}:${e.trustee}`);
    expect(isSorted(edges)).toBe(true);
    expect(edges.length).toBe(7);
  });

  it('a state holding a number without canonical form (NaN height) is SNAPSHOT_MALFORMED', () => {
    const broken = { ...rich, height: Number.NaN };
    expect(refusal(() => encodeSnapshot(broken))).toStrictEqual({
      code: 'SNAPSHOT_MALFORMED',
      field: undefined,
    });
  });

  it('round-trips: the decoded state has the same maps, entries, root and bytes', () => {
    const back = decodeSnapshot(encodeSnapshot(rich));
    expect(encodeSnapshot(back)).toStrictEqual(encodeSnapshot(rich));
    expect(merkleRoot(back)).toStrictEqual(merkleRoot(rich));
    expect(back.qanKeys).toStrictEqual(
      new Map([...rich.qanKeys].sort(([a], [b]) => (a < b ? -1 : 1))),
    );
    expect(new Map(back.operatorSeqs)).toStrictEqual(new Map(rich.operatorSeqs));
    expect(back.entries).toStrictEqual(rich.entries);
    expect([back.height, back.lamport, back.networkId]).toStrictEqual([
      rich.height,
      rich.lamport,
      'testnet',
    ]);
  });
});

type Edit = (v: Snap) => void;
const set =
  (field: string, value: unknown): Edit =>
  (v) => {
    v[field] = value;
  };
/** Sets `key` of item `i` of list `field` (undefined: replaces the item by `value`). */
const setItem =
  (field: string, i: number, key: string | undefined, value: unknown): Edit =>
  (v) => {
    const items = list(v, field);
    if (key === undefined) items[i] = value as Item;
    else (items[i] as Item)[key] = value;
  };
const reverse =
  (field: string): Edit =>
  (v) => {
    list(v, field).reverse();
  };
const repeatFirst =
  (field: string): Edit =>
  (v) => {
    const items = list(v, field);
    items[1] = items[0] as Item;
  };
const otherQuid = qan(11).quid;

describe('decodeSnapshot refusals', () => {
  it.each<[string, Edit, string]>([
    ['an unknown field', set('extra', 1), 'extra'],
    ['a missing field', (v) => delete v.lamport, 'lamport'],
    ['a missing version', (v) => delete v.version, 'version'],
    ['another type', set('type', 'qcos-registry-state'), 'type'],
    ['version 1', set('version', 1), 'type'],
    ['an upper-case networkId', set('networkId', 'Testnet'), 'networkId'],
    ['an anchor that is no quid', set('anchor', 'xyz'), 'anchor'],
    ['a policy that is a list', set('policy', []), 'policy'],
    ['a policy that is null', set('policy', null), 'policy'],
    [
      'a policy with fidelityWindow 0',
      (v) => Object.assign(v.policy as Item, { fidelityWindow: 0 }),
      'policy.fidelityWindow',
    ],
    [
      'a policy with an extra field',
      (v) => Object.assign(v.policy as Item, { extra: 1 }),
      'policy.extra',
    ],
    ['a 31-byte genesisHash', set('genesisHash', new Uint8Array(31)), 'genesisHash'],
    ['a string genesisHash', set('genesisHash', 'ab'), 'genesisHash'],
    ['a 33-byte headHash', set('headHash', new Uint8Array(33)), 'headHash'],
    ['a negative height', set('height', -1), 'height'],
    ['a fractional height', set('height', 1.5), 'height'],
    ['a string height', set('height', '1'), 'height'],
    ['a negative lamport', set('lamport', -1), 'lamport'],
    ['qans that are no list', set('qans', 'x'), 'qans'],
    ['operators that are no list', set('operators', 5), 'operators'],
    ['a qan that is a list', setItem('qans', 0, undefined, []), 'qans.0'],
    ['a qan that is null', setItem('qans', 0, undefined, null), 'qans.0'],
    ['a qan key that is a string', setItem('qans', 0, 'publicKey', 'key'), 'qans.0'],
    [
      'a qan key one byte short',
      (v) => {
        const q = list(v, 'qans')[0] as Item;
        q.publicKey = (q.publicKey as Uint8Array).subarray(1);
      },
      'qans.0',
    ],
    ['a qan quid of another key', setItem('qans', 0, 'quid', otherQuid), 'qans.0.quid'],
    ['a qan with an extra field', setItem('qans', 0, 'extra', 1), 'qans.0.quid'],
    ['qans out of order', reverse('qans'), 'qans.1'],
    ['a repeated qan', repeatFirst('qans'), 'qans.1'],
    ['operators out of order', reverse('operators'), 'operators.1'],
    [
      'a qan key that is also an operator key',
      (v) => {
        v.operators = [list(v, 'qans')[0]];
      },
      'operators',
    ],
    ['operator seqs that are no list', set('operatorSeqs', {}), 'operatorSeqs'],
    ['an operator seq that is a list', setItem('operatorSeqs', 0, undefined, []), 'operatorSeqs.0'],
    [
      'an operator seq with an extra field',
      setItem('operatorSeqs', 0, 'extra', 1),
      'operatorSeqs.0',
    ],
    [
      'an operator seq signer that is no quid',
      setItem('operatorSeqs', 0, 'signer', 'xyz'),
      'operatorSeqs.0',
    ],
    ['operator seqs out of order', reverse('operatorSeqs'), 'operatorSeqs.1'],
    ['a repeated operator seq signer', repeatFirst('operatorSeqs'), 'operatorSeqs.1'],
    ['an operator seq 0', setItem('operatorSeqs', 0, 'seq', 0), 'operatorSeqs.0.seq'],
    ['trust edges that are no list', set('trustEdges', null), 'trustEdges'],
    ['a trust edge that is a list', setItem('trustEdges', 0, undefined, []), 'trustEdges.0'],
    [
      'a trust edge that is a bin',
      setItem('trustEdges', 0, undefined, new Uint8Array(3)),
      'trustEdges.0',
    ],
    ['a trust edge with an extra field', setItem('trustEdges', 0, 'extra', 1), 'trustEdges.0'],
    ['a truster that is no quid', setItem('trustEdges', 0, 'truster', 'xyz'), 'trustEdges.0'],
    ['a trustee that is no quid', setItem('trustEdges', 0, 'trustee', 'xyz'), 'trustEdges.0'],
    ['a trust level 0', setItem('trustEdges', 0, 'levelPpm', 0), 'trustEdges.0.levelPpm'],
    [
      'a trust level above 1',
      setItem('trustEdges', 0, 'levelPpm', 1_000_001),
      'trustEdges.0.levelPpm',
    ],
    ['trust edges out of order', reverse('trustEdges'), 'trustEdges.1'],
    ['a repeated trust edge', repeatFirst('trustEdges'), 'trustEdges.1'],
    ['entries that are no list', set('entries', 'rigel'), 'entries'],
    [
      'an entry with an upper-case alias',
      setItem('entries', 1, 'alias', 'Vega'),
      'entries.1.alias',
    ],
    ['entries out of alias order', reverse('entries'), 'entries.1'],
    ['a repeated entry', repeatFirst('entries'), 'entries.1'],
  ])('%s is SNAPSHOT_MALFORMED at the field', (_, edit, field) => {
    expect(refusal(() => decodeEdited(edit))).toStrictEqual({ code: 'SNAPSHOT_MALFORMED', field });
  });

  it.each<[string, unknown, string]>([
    ['a list', [], 'snapshot'],
    ['null', null, 'snapshot'],
    ['a bin', new Uint8Array(0), 'snapshot'],
    ['a string', 'qcos-registry-snapshot', 'snapshot'],
    ['an empty map', {}, 'type'],
  ])('%s instead of the snapshot map is SNAPSHOT_MALFORMED at %s', (_, value, field) => {
    expect(refusal(() => decodeSnapshot(encodeCanonical(value as never)))).toStrictEqual({
      code: 'SNAPSHOT_MALFORMED',
      field,
    });
  });
});

describe('decodeSnapshot accepts the limits of each field', () => {
  it.each<[string, Edit, (s: RegistryState) => unknown, unknown]>([
    [
      'height and lamport at the largest safe integer',
      (v) => Object.assign(v, { height: MAX_SAFE, lamport: MAX_SAFE }),
      (s) => [s.height, s.lamport],
      [MAX_SAFE, MAX_SAFE],
    ],
    [
      'a trust level of exactly 1',
      setItem('trustEdges', 0, 'levelPpm', 1_000_000),
      (s) => [...s.trustEdges.values()].flatMap((m) => [...m.values()]).includes(1_000_000),
      true,
    ],
    [
      'a trust level of 1 ppm',
      setItem('trustEdges', 0, 'levelPpm', 1),
      (s) => [...s.trustEdges.values()].flatMap((m) => [...m.values()]).includes(1),
      true,
    ],
    [
      'an operator seq at the largest safe integer',
      setItem('operatorSeqs', 0, 'seq', MAX_SAFE),
      (s) => [...s.operatorSeqs.values()].includes(MAX_SAFE),
      true,
    ],
    [
      'no keys, seqs, edges or entries',
      (v) =>
        Object.assign(v, {
          qans: [],
          operators: [],
          operatorSeqs: [],
          trustEdges: [],
          entries: [],
        }),
      (s) => [s.qanKeys.size, s.entries.length],
      [0, 0],
    ],
  ])('%s', (_, edit, read, expected) => {
    expect(read(decodeEdited(edit))).toStrictEqual(expected);
  });
});

/** decodeSnapshot reads up to 512 MiB. */
const snapshotDecoder = {
  code: 'SNAPSHOT_MALFORMED',
  maxBytes: 512 * 1024 * 1024,
  decode: decodeSnapshot,
  encode: encodeSnapshot,
  // a field name, not a codec offset
  field: /^[^@]/,
};

describe('decodeSnapshot properties', () => {
  const bytes = encodeSnapshot(rich);

  it('every truncation is SNAPSHOT_MALFORMED at the byte offset where the codec stopped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (n) => {
        expectTruncationRefused(bytes.subarray(0, n), snapshotDecoder);
      }),
      { numRuns: 200 },
    );
  });

  it('a flipped bit is refused at the codec offset or at a named field, or decodes to those exact bytes', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(7), (pos, bit) => {
        const bad = bytes.slice();
        const i = pos % bad.length;
        bad[i] = (bad[i] as number) ^ (1 << bit);
        expectRefusedOrExact(bad, snapshotDecoder);
      }),
      { numRuns: 300 },
    );
  });
});
