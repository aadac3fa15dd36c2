/** The standalone genesis (createGenesis, genesisHash): its hash by the spec and its refusals. */
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeCanonical } from '@qcos/chips-codec';
import { HYBRID_PUBLIC_KEY_LENGTH } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  createGenesis,
  DEFAULT_POLICY,
  type GenesisParams,
  genesisHash,
  type StatusPolicy,
} from '../src/index.js';
import { ANCHOR, qan, refusal } from './helpers.js';

const anchorPublicKey = qan(ANCHOR).key.publicKey;
const params = (over: Partial<GenesisParams> = {}): GenesisParams => ({
  networkId: 'testnet',
  anchorPublicKey,
  ...over,
});
const policy = (over: Partial<StatusPolicy>): StatusPolicy => ({ ...DEFAULT_POLICY, ...over });

describe('genesisHash', () => {
  it('is SHA-256 of the canonical genesis map (registry spec §4, standalone genesis)', () => {
    const p = policy({ version: 3, hysteresisHeartbeats: 2 });
    const spec = sha256(
      encodeCanonical({
        type: 'qcos-registry-genesis',
        v: 1,
        networkId: 'testnet',
        anchorPublicKey,
        policy: { ...p },
      }),
    );
    expect(genesisHash(params({ policy: p }))).toStrictEqual(spec);
    expect(createGenesis(params({ policy: p })).genesisHash).toStrictEqual(spec);
  });

  it('a policy value with no canonical encoding is GENESIS_INVALID', () => {
    expect(
      refusal(() => genesisHash(params({ policy: policy({ version: Number.NaN }) }))),
    ).toStrictEqual({ code: 'GENESIS_INVALID', field: undefined });
  });
});

describe('createGenesis refusals', () => {
  it.each<[string, Partial<GenesisParams>, string]>([
    ['a networkId that is not a DNS label', { networkId: 'Test_Net' }, 'networkId'],
    ['an empty networkId', { networkId: '' }, 'networkId'],
    ['a 32-byte anchor key', { anchorPublicKey: new Uint8Array(32) }, 'anchorPublicKey'],
    [
      'an anchor key one byte short',
      { anchorPublicKey: anchorPublicKey.subarray(1) },
      'anchorPublicKey',
    ],
    [
      'an anchor key of the right length that is not bytes',
      { anchorPublicKey: [...anchorPublicKey] as unknown as Uint8Array },
      'anchorPublicKey',
    ],
    ['a policy with version 0', { policy: policy({ version: 0 }) }, 'policy.version'],
    [
      'a policy with fidelityWindow 0',
      { policy: policy({ fidelityWindow: 0 }) },
      'policy.fidelityWindow',
    ],
  ])('%s is GENESIS_INVALID at %s', (_name, over, field) => {
    expect(refusal(() => createGenesis(params(over)))).toStrictEqual({
      code: 'GENESIS_INVALID',
      field,
    });
  });

  it('accepts an anchor key of exactly the hybrid length and the policy’s bounds', () => {
    const s = createGenesis(
      params({ policy: policy({ fidelityWindow: 1_024, hysteresisHeartbeats: 1 }) }),
    );
    expect(anchorPublicKey.length).toBe(HYBRID_PUBLIC_KEY_LENGTH);
    expect(s.qanKeys).toStrictEqual(new Map([[s.anchor, anchorPublicKey]]));
    expect(s.policy).toStrictEqual(policy({ fidelityWindow: 1_024, hysteresisHeartbeats: 1 }));
  });
});
