import { createHash } from 'node:crypto';
import { RuntimeError } from '../errors.js';
import type { EstablishedSession, Handshake, PeerIdentity } from './handshake.js';

/** What each side announces in the plaintext hello. */
export interface PlaintextHello {
  readonly id: string;
  readonly publicKey: Uint8Array;
  readonly scope: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encodeHello(hello: PlaintextHello): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      id: hello.id,
      publicKey: Buffer.from(hello.publicKey).toString('hex'),
      scope: hello.scope,
    }),
  );
}

function decodeHello(frame: Uint8Array): PlaintextHello {
  try {
    const v = JSON.parse(decoder.decode(frame)) as {
      id?: unknown;
      publicKey?: unknown;
      scope?: unknown;
    };
    if (
      typeof v.id !== 'string' ||
      typeof v.publicKey !== 'string' ||
      typeof v.scope !== 'string'
    ) {
      throw new Error('fields missing');
    }
    return { id: v.id, publicKey: new Uint8Array(Buffer.from(v.publicKey, 'hex')), scope: v.scope };
  } catch (error) {
    throw new RuntimeError('HANDSHAKE_FAILED', `malformed hello: ${String(error)}`);
  }
}

/**
 * INSECURE: identities are claimed, not proven, and records are not encrypted. Exists only so the
 * framing and connection plumbing can be tested without cryptography; services never use it.
 * `authorize` may throw a PEER_REJECTED RuntimeError to refuse the peer.
 */
export function insecurePlaintextHandshake(
  self: PlaintextHello,
  role: 'initiator' | 'responder',
  authorize: (peer: PeerIdentity) => void = () => {},
): Handshake {
  return async (channel) => {
    const mine = encodeHello(self);
    let theirs: Uint8Array;
    if (role === 'initiator') {
      channel.send(mine);
      theirs = await channel.receive();
    } else {
      theirs = await channel.receive();
    }
    const hello = decodeHello(theirs);
    const [first, second] = role === 'initiator' ? [mine, theirs] : [theirs, mine];
    const handshakeHash = new Uint8Array(
      createHash('sha256').update(first).update(second).digest(),
    );
    // Public: computed from the two hellos on the wire. This transport gives no secrecy at all.
    const eksBinding = new Uint8Array(
      createHash('sha256').update('qcos insecure eks binding').update(handshakeHash).digest(),
    );
    const peer: PeerIdentity = { ...hello, handshakeHash, eksBinding };
    authorize(peer);
    if (role === 'responder') channel.send(mine);
    const session: EstablishedSession = { peer, seal: (p) => p, open: (r) => r };
    return session;
  };
}
