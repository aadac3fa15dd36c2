import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import {
  applyBlock,
  buildBlock,
  createGenesis,
  encodeBlock,
  merkleRoot,
  type RecordBody,
  type RegistryState,
  signBlock,
  verifyEntryProof,
} from '@qcos/registry-core';
import { describe, expect, it } from 'vitest';
import { RegistryReplica } from '../src/registry-replica.js';

const qanKey = hybridKeyFromSeed(new Uint8Array(32).fill(1));
const strangerKey = hybridKeyFromSeed(new Uint8Array(32).fill(2));
const nodeKey = hybridKeyFromSeed(new Uint8Array(32).fill(3));
const origin = hybridQuid(qanKey.publicKey);
const genesis = createGenesis({ networkId: 'devnet', anchorPublicKey: qanKey.publicKey });

function register(alias: string, atMs: number): RecordBody {
  return {
    kind: 'REGISTER',
    alias,
    address: 'relay.local:7000',
    scope: 'us-east',
    qubitCapacity: 20,
    publicKey: nodeKey.publicKey,
    atMs,
  } as RecordBody;
}

/** The QAN side: a chain of signed blocks and the states after each. */
function chain(n: number): { blocks: Uint8Array[]; states: RegistryState[] } {
  let state = genesis;
  const blocks: Uint8Array[] = [];
  const states: RegistryState[] = [];
  for (let i = 0; i < n; i++) {
    const block = signBlock(buildBlock(state, origin, [register(`node-${i}`, 1000 + i)]), qanKey);
    state = applyBlock(state, block);
    blocks.push(encodeBlock(block));
    states.push(state);
  }
  return { blocks, states };
}

describe('RegistryReplica', () => {
  const { blocks, states } = chain(3);

  it('folds signed blocks to the same Merkle root as the QAN', () => {
    const replica = new RegistryReplica(genesis);
    const updates = blocks.flatMap((b, i) => replica.push(i + 1, b));
    expect(updates.map((u) => u.kind)).toEqual(['applied', 'applied', 'applied']);
    expect(replica.height).toBe(3);
    expect(Buffer.from(replica.root()).toString('hex')).toBe(
      Buffer.from(merkleRoot(states[2]!)).toString('hex'),
    );
    expect(replica.entry('node-1')?.scope).toBe('us-east');
    expect(replica.aliasOf(hybridQuid(nodeKey.publicKey))).toBe('node-0');
    const proof = replica.proof('node-2');
    expect(proof).not.toBeNull();
    expect(verifyEntryProof(replica.root(), proof!)).toBe(true);
  });

  it('holds blocks that arrive early until the gap fills, and ignores stale ones', () => {
    const replica = new RegistryReplica(genesis);
    expect(replica.push(3, blocks[2]!)).toEqual([{ kind: 'pending', height: 3 }]);
    expect(replica.push(2, blocks[1]!)).toEqual([{ kind: 'pending', height: 2 }]);
    const updates = replica.push(1, blocks[0]!);
    expect(updates.map((u) => `${u.kind}@${u.height}`)).toEqual([
      'applied@1',
      'applied@2',
      'applied@3',
    ]);
    expect(replica.push(2, blocks[1]!)).toEqual([{ kind: 'stale', height: 2 }]);
  });

  it('voids a block signed by an unknown key, a tampered block and garbage, as every QAN does', () => {
    const forged = encodeBlock(
      signBlock(
        buildBlock(genesis, hybridQuid(strangerKey.publicKey), [register('evil', 1)]),
        strangerKey,
      ),
    );
    const replica = new RegistryReplica(genesis);
    const rootBefore = replica.root();
    expect(replica.push(1, forged)).toMatchObject([
      { kind: 'voided', height: 1, code: 'UNKNOWN_ORIGIN' },
    ]);
    expect(replica.height).toBe(1);
    expect(replica.entry('evil')).toBeUndefined();
    expect(replica.root()).toStrictEqual(rootBefore);
    const tampered = blocks[0]!.slice();
    tampered[40] = tampered[40]! ^ 0xff;
    expect(replica.push(2, tampered)[0]).toMatchObject({ kind: 'voided', height: 2 });
    expect(replica.push(3, new Uint8Array([1, 2, 3]))).toMatchObject([
      { kind: 'voided', height: 3, code: 'BLOCK_MALFORMED' },
    ]);
    // The real block 1 is stale now: the replica took the void one at that height.
    expect(replica.push(1, blocks[0]!)).toEqual([{ kind: 'stale', height: 1 }]);
    expect(replica.height).toBe(3);
    expect(replica.root()).toStrictEqual(rootBefore);
  });
});
