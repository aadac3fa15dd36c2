/**
 * verifySnapshot: a snapshot handed over by another QAN is used only when a version 2 block
 * signed by a QAN trusted in it commits to exactly that state. Each refusal names its field.
 */
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  type Block,
  DEFAULT_POLICY,
  encodeSnapshot,
  type RegistryState,
  signBlock,
  verifySnapshot,
} from '../src/index.js';
import {
  ANCHOR,
  activeNode,
  apply,
  block,
  edge,
  genesis,
  heartbeat,
  qan,
  refusal,
  signed,
} from './helpers.js';

// Heights 1–3 on protocol 1 (QAN 2 trusted at 0.8, QAN 3 tentative at 0.5), then protocol 2.
const g = genesis();
const s1 = apply(g, ANCHOR, [
  ...activeNode('rigel'),
  ...signed(g, [edge(2, 800_000), edge(3, 500_000)]),
]);
const s2 = apply(
  s1,
  ANCHOR,
  signed(s1, [
    { kind: 'POLICY', policy: { ...DEFAULT_POLICY, version: 2, protocol: 2, protocolHeight: 3 } },
  ]),
);
const v2By = (by: number, at: number): { block: Block; state: RegistryState } => {
  const b = block(s2, by, [heartbeat('rigel', at)]);
  return { block: b, state: applyBlock(s2, b) };
};
const unverified = (field: string) => ({ code: 'SNAPSHOT_UNVERIFIED', field });
/** The message of the error `f` throws. */
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('verifySnapshot', () => {
  it('accepts the state a trusted QAN’s version 2 block committed to, and it folds on', () => {
    const { block: b3, state: s3 } = v2By(2, 4_000);
    const taken = verifySnapshot(encodeSnapshot(s3), b3, g.genesisHash);
    expect(encodeSnapshot(taken)).toStrictEqual(encodeSnapshot(s3));
    const next = block(taken, ANCHOR, [heartbeat('rigel', 5_000)]);
    expect(encodeSnapshot(applyBlock(taken, next))).toStrictEqual(
      encodeSnapshot(applyBlock(s3, next)),
    );
  });

  it('refuses a snapshot whose one entry was changed: stateRoot', () => {
    const { block: b3, state: s3 } = v2By(ANCHOR, 4_000);
    // Same height and head hash, one heartbeat later: a different state under the same block.
    const other = applyBlock(s2, block(s2, ANCHOR, [heartbeat('rigel', 4_001)]));
    const forged = encodeSnapshot({
      ...other,
      headHash: s3.headHash,
      get entries() {
        return other.entries;
      },
    } as RegistryState);
    expect(refusal(() => verifySnapshot(forged, b3, g.genesisHash))).toStrictEqual(
      unverified('stateRoot'),
    );
    expect(messageOf(() => verifySnapshot(forged, b3, g.genesisHash))).toBe(
      'SNAPSHOT_UNVERIFIED: the snapshot is not the state the block committed to',
    );
  });

  it('refuses a snapshot of another network: genesisHash', () => {
    const { block: b3, state: s3 } = v2By(ANCHOR, 4_000);
    expect(refusal(() => verifySnapshot(encodeSnapshot(s3), b3, new Uint8Array(32)))).toStrictEqual(
      unverified('genesisHash'),
    );
    expect(messageOf(() => verifySnapshot(encodeSnapshot(s3), b3, new Uint8Array(32)))).toBe(
      'SNAPSHOT_UNVERIFIED: the snapshot is of another network',
    );
  });

  it('refuses a version 1 block as evidence: version', () => {
    expect(
      refusal(() =>
        verifySnapshot(
          encodeSnapshot(s2),
          block(s1, ANCHOR, [heartbeat('rigel', 4_000)]),
          g.genesisHash,
        ),
      ),
    ).toStrictEqual(unverified('version'));
    expect(
      messageOf(() =>
        verifySnapshot(
          encodeSnapshot(s2),
          block(s1, ANCHOR, [heartbeat('rigel', 4_000)]),
          g.genesisHash,
        ),
      ),
    ).toBe('SNAPSHOT_UNVERIFIED: a version 1 block commits to no state root');
  });

  it('refuses a block of another height: height', () => {
    const { block: b3 } = v2By(ANCHOR, 4_000);
    expect(refusal(() => verifySnapshot(encodeSnapshot(s2), b3, g.genesisHash))).toStrictEqual(
      unverified('height'),
    );
    expect(messageOf(() => verifySnapshot(encodeSnapshot(s2), b3, g.genesisHash))).toBe(
      'SNAPSHOT_UNVERIFIED: block height 3, snapshot height 2',
    );
  });

  it('refuses a block whose hash is not its body’s: hash', () => {
    const { block: b3, state: s3 } = v2By(ANCHOR, 4_000);
    const hash = b3.hash.slice();
    hash[0] = (hash[0] as number) ^ 1;
    expect(
      refusal(() => verifySnapshot(encodeSnapshot(s3), { ...b3, hash }, g.genesisHash)),
    ).toStrictEqual(unverified('hash'));
    expect(
      messageOf(() => verifySnapshot(encodeSnapshot(s3), { ...b3, hash }, g.genesisHash)),
    ).toBe('SNAPSHOT_UNVERIFIED: the block hash does not match its body');
  });

  it('refuses a snapshot that is not the state after the block: headHash', () => {
    const { state: s3 } = v2By(ANCHOR, 4_000);
    const { block: sibling } = v2By(ANCHOR, 4_002);
    expect(refusal(() => verifySnapshot(encodeSnapshot(s3), sibling, g.genesisHash))).toStrictEqual(
      unverified('headHash'),
    );
    expect(messageOf(() => verifySnapshot(encodeSnapshot(s3), sibling, g.genesisHash))).toBe(
      'SNAPSHOT_UNVERIFIED: the snapshot is not the state after this block',
    );
  });

  /** The block of `b` re-signed by QAN `by`, and the snapshot of `s` with that block's hash as head. */
  const resigned = (b: Block, s: RegistryState, by: number): [Uint8Array, Block] => {
    const origin = qan(by).quid;
    const other = signBlock(
      { ...b, origin, records: b.records.map((r) => ({ ...r, origin })) },
      qan(by).key,
    );
    const head = {
      ...s,
      headHash: other.hash,
      get entries() {
        return s.entries;
      },
    } as RegistryState;
    return [encodeSnapshot(head), other];
  };

  it('refuses a block from a QAN that is only tentative in the snapshot: origin', () => {
    const { block: b3, state: s3 } = v2By(ANCHOR, 4_000);
    const [snapshot, byTentative] = resigned(b3, s3, 3);
    expect(refusal(() => verifySnapshot(snapshot, byTentative, g.genesisHash))).toStrictEqual(
      unverified('origin'),
    );
    expect(messageOf(() => verifySnapshot(snapshot, byTentative, g.genesisHash))).toMatch(
      /^SNAPSHOT_UNVERIFIED: origin [0-9a-f]{16} is not trusted in the snapshot$/,
    );
    // The same re-signing by a trusted QAN passes: only the origin's tier made the difference.
    const [snapshot2, byTrusted] = resigned(b3, s3, 2);
    expect(refusal(() => verifySnapshot(snapshot2, byTrusted, g.genesisHash))).toBeNull();
  });

  it('refuses a block from a key the snapshot does not know: origin', () => {
    const { block: b3, state: s3 } = v2By(ANCHOR, 4_000);
    const [snapshot, stranger] = resigned(b3, s3, 9);
    expect(refusal(() => verifySnapshot(snapshot, stranger, g.genesisHash))).toStrictEqual(
      unverified('origin'),
    );
    expect(messageOf(() => verifySnapshot(snapshot, stranger, g.genesisHash))).toMatch(
      /^SNAPSHOT_UNVERIFIED: origin [0-9a-f]{16} is not a QAN of the snapshot$/,
    );
  });

  it('refuses a signature that does not verify: signature', () => {
    const { block: b3, state: s3 } = v2By(ANCHOR, 4_000);
    const signature = b3.signature.slice();
    signature[5] = (signature[5] as number) ^ 1;
    expect(
      refusal(() => verifySnapshot(encodeSnapshot(s3), { ...b3, signature }, g.genesisHash)),
    ).toStrictEqual(unverified('signature'));
    expect(
      messageOf(() => verifySnapshot(encodeSnapshot(s3), { ...b3, signature }, g.genesisHash)),
    ).toBe('SNAPSHOT_UNVERIFIED: block signature does not verify');
  });

  it('refuses bytes that are not a snapshot: SNAPSHOT_MALFORMED', () => {
    const { block: b3 } = v2By(ANCHOR, 4_000);
    expect(refusal(() => verifySnapshot(new Uint8Array([1, 2, 3]), b3, g.genesisHash))?.code).toBe(
      'SNAPSHOT_MALFORMED',
    );
  });
});
