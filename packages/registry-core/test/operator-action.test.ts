import { encodeCanonical } from '@qcos/chips-codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  checkOperatorAction,
  createGenesisDocument,
  decodeGenesisDocument,
  decodeOperatorAction,
  decodeSnapshot,
  encodeOperatorAction,
  encodeSnapshot,
  genesisFromDocument,
  getEntry,
  type OperatorRecordBody,
  quarantineReason,
  type RecordBody,
  RegistryError,
  type RegistryState,
  signOperatorAction,
  tryApplyBlock,
} from '../src/index.js';
import { activeNode, apply, block, edge, hex, qan, signed } from './helpers.js';

// A network with an offline anchor (key 1), QAN 2 (trusted 0.9), QAN 3 (tentative 0.5) and
// operator 7 (trusted 0.9); key 8 is an operator trusted only at 0.5.
const ANCHOR_KEY = qan(1).key;
const document = createGenesisDocument({
  networkId: 'opsnet',
  anchorKey: ANCHOR_KEY,
  members: [
    { role: 'QAN', publicKey: qan(2).key.publicKey, levelPpm: 900_000 },
    { role: 'QAN', publicKey: qan(3).key.publicKey, levelPpm: 500_000 },
    { role: 'OPERATOR', publicKey: qan(7).key.publicKey, levelPpm: 900_000 },
    { role: 'OPERATOR', publicKey: qan(8).key.publicKey, levelPpm: 500_000 },
  ],
});
const g = genesisFromDocument(decodeGenesisDocument(document));
const s0 = apply(g, 2, activeNode('rigel'));
const maintenance = (on: boolean, atMs = 5_000): OperatorRecordBody => ({
  kind: 'MAINTENANCE',
  alias: 'rigel',
  atMs,
  on,
});

/** The refusal of carrying `records` in a block from QAN `by`: code, field and index. */
function refusal(s: RegistryState, by: number, records: readonly RecordBody[]) {
  const r = tryApplyBlock(s, block(s, by, records));
  if (r.ok) return undefined;
  expect(r.error).toBeInstanceOf(RegistryError);
  return { code: r.error.code, field: r.error.field, index: r.error.index };
}

describe('operator actions in the fold', () => {
  it('an operator puts a node into maintenance and back; the record names the signer', () => {
    let s = apply(s0, 2, signed(s0, [maintenance(true)], 7));
    expect(quarantineReason(getEntry(s, 'rigel')!)).toBe('MAINTENANCE');
    expect(s.operatorSeqs.get(qan(7).quid)).toBe(1);
    s = apply(s, 2, signed(s, [maintenance(false, 6_000)], 7));
    expect(getEntry(s, 'rigel')?.maintenance).toBe(false);
    expect(s.operatorSeqs.get(qan(7).quid)).toBe(2);
  });

  it('an operator grants and revokes a trust edge; QAN 9 gains and loses the right to register', () => {
    let s = apply(s0, 2, signed(s0, [edge(9, 800_000)], 7));
    // 0.9 × 0.8 = 0.72: trusted.
    expect(s.qanKeys.has(qan(9).quid)).toBe(true);
    expect(s.trustEdges.get(qan(7).quid)?.get(qan(9).quid)).toBe(800_000);
    const withVega = apply(s, 9, [{ ...activeNode('vega')[0]!, scope: 'us-east' } as RecordBody]);
    expect(getEntry(withVega, 'vega')).toBeDefined();
    s = apply(s, 2, signed(s, [edge(9, 0)], 7));
    expect(s.trustEdges.get(qan(7).quid)).toBeUndefined();
    expect(refusal(s, 9, [activeNode('vega')[0]!])).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'kind',
      index: 0,
    });
  });

  it('a tentative QAN may carry an action: the authority is the signature', () => {
    const s = apply(s0, 3, signed(s0, [maintenance(true)], 7));
    expect(getEntry(s, 'rigel')?.maintenance).toBe(true);
  });

  it('an untrusted QAN may not carry an action: RECORD_NOT_PERMITTED at kind', () => {
    const s = apply(s0, 2, signed(s0, [edge(4, 100_000)]));
    expect(refusal(s, 4, signed(s, [maintenance(true)], 7))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'kind',
      index: 0,
    });
  });

  it('an operator trusted at exactly 700 000 ppm may sign; one at 699 999 ppm may not', () => {
    const s = apply(
      s0,
      2,
      signed(s0, [edge(10, 700_000, 'OPERATOR'), edge(11, 699_999, 'OPERATOR')]),
    );
    expect(getEntry(apply(s, 2, signed(s, [maintenance(true)], 10)), 'rigel')?.maintenance).toBe(
      true,
    );
    expect(refusal(s, 2, signed(s, [maintenance(true)], 11))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'signerKey',
      index: 0,
    });
  });

  it('the anchor signs actions too, and its edges rotate an operator key', () => {
    // Rotation: the anchor trusts operator 10, then revokes operator 7.
    let s = apply(s0, 2, signed(s0, [edge(10, 900_000, 'OPERATOR'), edge(7, 0, 'OPERATOR')]));
    s = apply(s, 2, signed(s, [maintenance(true)], 10));
    expect(getEntry(s, 'rigel')?.maintenance).toBe(true);
    expect(refusal(s, 2, signed(s, [maintenance(false, 6_000)], 7))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'signerKey',
      index: 0,
    });
  });

  it('refuses a key without operator tier: a QAN key, a weakly trusted operator, an unknown key', () => {
    for (const by of [2, 8, 11]) {
      expect(refusal(s0, 2, signed(s0, [maintenance(true)], by))).toStrictEqual({
        code: 'RECORD_NOT_PERMITTED',
        field: 'signerKey',
        index: 0,
      });
    }
  });

  it('refuses an action for another network', () => {
    const other = createGenesisDocument({
      networkId: 'othernet',
      anchorKey: ANCHOR_KEY,
      members: [],
    });
    const foreign = genesisFromDocument(decodeGenesisDocument(other));
    const action = signOperatorAction(
      { genesisHash: foreign.genesisHash, seq: 1, atMs: 0, record: maintenance(true) },
      qan(7).key,
    );
    expect(refusal(s0, 2, [action])).toStrictEqual({
      code: 'ACTION_WRONG_NETWORK',
      field: 'action.genesisHash',
      index: 0,
    });
  });

  it('refuses a replayed or stale seq, also inside one block', () => {
    const [first] = signed(s0, [maintenance(true)], 7);
    const s = apply(s0, 2, [first!]);
    expect(refusal(s, 2, [first!])).toStrictEqual({
      code: 'ACTION_REPLAYED',
      field: 'action.seq',
      index: 0,
    });
    const twice = signed(s0, [maintenance(true)], 7);
    expect(refusal(s0, 2, [...twice, ...twice])).toStrictEqual({
      code: 'ACTION_REPLAYED',
      field: 'action.seq',
      index: 1,
    });
  });

  it('refuses a signature that does not verify over the action bytes', () => {
    const [a] = signed(s0, [maintenance(true)], 7) as Extract<
      RecordBody,
      { kind: 'OPERATOR_ACTION' }
    >[];
    const forged = { ...a!, signature: a!.signature.map((x, i) => (i === 3 ? x ^ 1 : x)) };
    expect(refusal(s0, 2, [forged])).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
      index: 0,
    });
  });

  it('a QAN can no longer write DEREGISTER, POLICY or TRUST_EDGE itself', () => {
    for (const r of [
      { kind: 'DEREGISTER', alias: 'rigel', atMs: 5_000 },
      { kind: 'POLICY', policy: { ...s0.policy, version: 2 } },
      edge(9, 900_000),
    ] as RecordBody[]) {
      expect(refusal(s0, 2, [r])?.code).toBe('RECORD_NOT_PERMITTED');
    }
  });

  it('a key keeps its role: an operator grant to a QAN key is refused', () => {
    expect(refusal(s0, 2, signed(s0, [edge(2, 900_000, 'OPERATOR')], 7))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'role',
      index: 0,
    });
  });

  it('checkOperatorAction gives the fold verdict before queueing', () => {
    const [a] = signed(s0, [maintenance(true)], 7);
    const c = checkOperatorAction(s0, qan(2).quid, a);
    expect(c.seq).toBe(1);
    expect(c.signer).toBe(qan(7).quid);
    expect(c.kind).toBe('MAINTENANCE');
    expect(c.id).toMatch(/^[0-9a-f]{64}$/);
    const [bad] = signed(s0, [maintenance(true)], 2);
    expect(() => checkOperatorAction(s0, qan(2).quid, bad)).toThrow(
      expect.objectContaining({ code: 'RECORD_NOT_PERMITTED', field: 'signerKey' }),
    );
  });

  it('snapshots carry operator keys and seqs: a replayed action stays refused after a restart', () => {
    const [a] = signed(s0, [maintenance(true)], 7);
    const s = apply(s0, 2, [a!]);
    const back = decodeSnapshot(encodeSnapshot(s));
    expect(hex(encodeSnapshot(back))).toBe(hex(encodeSnapshot(s)));
    expect(back.operatorKeys.has(qan(7).quid)).toBe(true);
    expect(refusal(back, 2, [a!])?.code).toBe('ACTION_REPLAYED');
  });
});

describe('operator action codec', () => {
  const action = {
    genesisHash: g.genesisHash,
    seq: 3,
    atMs: 1_234,
    record: maintenance(true),
  };

  it('round-trips canonically', () => {
    const bytes = encodeOperatorAction(action);
    expect(decodeOperatorAction(bytes)).toStrictEqual(action);
    expect(hex(encodeOperatorAction(decodeOperatorAction(bytes)))).toBe(hex(bytes));
  });

  it('refuses a record kind an operator does not decide, with its field', () => {
    expect(() =>
      encodeOperatorAction({
        ...action,
        record: { kind: 'HEARTBEAT_TIMEOUT' } as unknown as OperatorRecordBody,
      }),
    ).toThrow(
      expect.objectContaining({ code: 'RECORD_UNKNOWN_KIND', field: 'action.record.kind' }),
    );
  });

  it('refuses seq 0 and unknown fields, naming the field', () => {
    const raw = (o: object) =>
      encodeCanonical({ type: 'qcos-operator-action', v: 1, ...action, ...o } as never);
    expect(() => decodeOperatorAction(raw({ seq: 0 }))).toThrow(
      expect.objectContaining({ code: 'RECORD_INVALID', field: 'action.seq' }),
    );
    expect(() => decodeOperatorAction(raw({ extra: 1 }))).toThrow(
      expect.objectContaining({ code: 'RECORD_INVALID', field: 'action.extra' }),
    );
  });

  it('never throws anything but a RegistryError on arbitrary or mutated bytes', () => {
    const good = encodeOperatorAction(action);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }))
            .map(([i, x]) => good.map((v, j) => (j === i ? v ^ x : v))),
        ),
        (bytes) => {
          try {
            decodeOperatorAction(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(RegistryError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the fold is deterministic: two replicas folding the same action blocks agree', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (ons) => {
        let a = s0;
        let b = decodeSnapshot(encodeSnapshot(s0));
        ons.forEach((on, i) => {
          const blk = block(a, 2, signed(a, [maintenance(on, 5_000 + i)], 7));
          a = applyBlock(a, blk);
          b = applyBlock(b, blk);
        });
        expect(hex(encodeSnapshot(a))).toBe(hex(encodeSnapshot(b)));
        expect(a.operatorSeqs.get(qan(7).quid)).toBe(ons.length);
      }),
      { numRuns: 4 },
    );
  });
});
