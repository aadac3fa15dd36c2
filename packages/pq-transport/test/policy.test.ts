import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { type AllowedPeer, allowListPolicy, type PeerIdentity } from '../src/index.js';

const ALICE = 'quid-alice' as Quid;
const BOB = 'quid-bob' as Quid;
const aliceStatic = new Uint8Array(8).fill(0xa1);
const bobStatic = new Uint8Array(8).fill(0xb0);

/** The parts of a verified peer the allow-list looks at. */
function peer(quid: Quid, staticPublicKey: Uint8Array, hardwareId = Uint8Array.of(0xab)) {
  return { quid, staticPublicKey, attestation: { hardwareId } } as unknown as PeerIdentity;
}

function decide(peers: AllowedPeer[], p: PeerIdentity, scope = 'jobs') {
  return allowListPolicy(peers)({ role: 'responder', peer: p, scope, eksKeyId: undefined });
}

describe('allowListPolicy', () => {
  it('accepts a peer listed by its static key alone', () => {
    expect(
      decide([{ staticPublicKey: aliceStatic, scopes: ['jobs'] }], peer(ALICE, aliceStatic)),
    ).toStrictEqual({ accept: true });
  });

  it('rejects a peer whose static key is not the listed one', () => {
    expect(
      decide([{ staticPublicKey: bobStatic, scopes: ['*'] }], peer(ALICE, aliceStatic)),
    ).toStrictEqual({ accept: false, reason: 'unknown peer quid-alice' });
  });

  it('an entry listed by static key does not admit another peer by quid', () => {
    const peers = [
      { staticPublicKey: bobStatic, scopes: ['*'] },
      { quid: ALICE, scopes: ['heartbeat'] },
    ];
    expect(decide(peers, peer(ALICE, aliceStatic), 'jobs')).toStrictEqual({
      accept: false,
      reason: 'scope "jobs" not allowed for quid-alice',
    });
  });

  it('rejects a peer whose attested hardware is not listed', () => {
    const peers = [{ quid: BOB, scopes: ['*'], hardwareIds: ['cd'] }];
    expect(decide(peers, peer(BOB, bobStatic, Uint8Array.of(0xab)))).toStrictEqual({
      accept: false,
      reason: 'hardware ab not allowed for quid-bob',
    });
  });

  it('accepts a peer whose attested hardware is listed', () => {
    const peers = [{ quid: BOB, scopes: ['*'], hardwareIds: ['cd', 'ab'] }];
    expect(decide(peers, peer(BOB, bobStatic, Uint8Array.of(0xab)))).toStrictEqual({
      accept: true,
    });
  });
});
