/**
 * The void-block rule: a stored block that does not fold takes its height and changes nothing
 * else; the head hash chains on its bytes, so the next valid block folds on every replica alike.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  encodeBlock,
  encodeSnapshot,
  foldStored,
  merkleRoot,
  type RegistryState,
  voidBlock,
} from '../src/index.js';
import { ANCHOR, activeNode, block, edge, genesis, heartbeat, signed } from './helpers.js';

const g = genesis();
// QAN 2 trusted at 0.8, then revoked (level 0) by the anchor.
const s1 = applyBlock(
  g,
  block(g, ANCHOR, [...activeNode('rigel'), ...signed(g, [edge(2, 800_000)])]),
);
const s2 = applyBlock(s1, block(s1, 2, [heartbeat('rigel', 4_000)]));
const s3 = applyBlock(s2, block(s2, ANCHOR, signed(s2, [edge(2, 0)])));

const expectedHead = (state: RegistryState, bytes: Uint8Array) =>
  sha256(
    Uint8Array.from([
      ...new TextEncoder().encode('QCOS-VoidBlock-v1'),
      ...state.headHash,
      ...sha256(bytes),
    ]),
  );

describe('foldStored', () => {
  it('folds a valid block exactly as applyBlock does', () => {
    const b = block(s3, ANCHOR, [heartbeat('rigel', 5_000)]);
    const r = foldStored(s3, encodeBlock(b));
    expect(r.voided).toBeUndefined();
    expect(encodeSnapshot(r.state)).toStrictEqual(encodeSnapshot(applyBlock(s3, b)));
  });

  it('voids a block from a QAN whose trust was revoked: nothing changes but the height and head', () => {
    const bytes = encodeBlock(block(s3, 2, [heartbeat('rigel', 5_000)]));
    const r = foldStored(s3, bytes);
    expect(r.voided?.code).toBe('RECORD_NOT_PERMITTED');
    expect(r.state.height).toBe(s3.height + 1);
    expect(r.state.headHash).toStrictEqual(expectedHead(s3, bytes));
    expect(r.state.lamport).toBe(s3.lamport);
    expect(merkleRoot(r.state)).toStrictEqual(merkleRoot(s3));
    expect(r.state.entries).toStrictEqual(s3.entries);
    expect(r.state.trustEdges).toBe(s3.trustEdges);
    // The next block chains on the void one, and folds.
    const next = block(r.state, ANCHOR, [heartbeat('rigel', 6_000)]);
    expect(next.prevHash).toStrictEqual(r.state.headHash);
    expect(applyBlock(r.state, next).height).toBe(s3.height + 2);
  });

  it('voids bytes that are not a block, with the decoder’s code', () => {
    const r = foldStored(s3, Uint8Array.of(1, 2, 3));
    expect(r.voided?.code).toBe('BLOCK_MALFORMED');
    expect(r.state.headHash).toStrictEqual(expectedHead(s3, Uint8Array.of(1, 2, 3)));
  });

  it('voids a block written for another position (a stale height) at the position it occupies', () => {
    const stale = encodeBlock(block(s2, ANCHOR, [heartbeat('rigel', 5_000)]));
    const r = foldStored(s3, stale);
    expect(r.voided?.code).toBe('BLOCK_HEIGHT');
    expect(r.state.height).toBe(s3.height + 1);
  });
});

describe('voidBlock', () => {
  it('gives every replica the same head for the same bytes, and another head for other bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        expect(voidBlock(s3, a).headHash).toStrictEqual(voidBlock(s3, a).headHash);
        const same = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(voidBlock(s3, a).headHash.every((x, i) => x === voidBlock(s3, b).headHash[i])).toBe(
          same,
        );
      }),
      { numRuns: 50, seed: 11 },
    );
  });
});
