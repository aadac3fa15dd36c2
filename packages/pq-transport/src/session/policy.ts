/**
 * Authorisation: the caller decides who may talk to it and for what. The policy is a
 * pure synchronous function of the verified peer, its attestation and the scope.
 */
import { type Quid, toHex } from '@qcos/identity';
import type { PeerIdentity } from '../identity/verify.js';

export interface AuthorizationRequest {
  readonly role: 'initiator' | 'responder';
  readonly peer: PeerIdentity;
  readonly scope: string;
  readonly eksKeyId: string | undefined;
}

export type AuthorizationDecision =
  | { readonly accept: true }
  | { readonly accept: false; readonly reason: string };

export type AuthorizationPolicy = (request: AuthorizationRequest) => AuthorizationDecision;

export interface AllowedPeer {
  /** The peer's identity quid (hybrid signing key), or its static X-Wing public key. */
  readonly quid?: Quid;
  readonly staticPublicKey?: Uint8Array;
  /** Scopes this peer may use; "*" allows any. */
  readonly scopes: readonly string[];
  /** When given, the attested hardware id must be one of these (hex). */
  readonly hardwareIds?: readonly string[];
}

/** A ready policy: only listed peers, only their scopes (unknown static keys are rejected). */
export function allowListPolicy(peers: readonly AllowedPeer[]): AuthorizationPolicy {
  return ({ peer, scope }) => {
    const staticHex = toHex(peer.staticPublicKey);
    const entry = peers.find(
      (p) =>
        (p.quid !== undefined && p.quid === peer.quid) ||
        (p.staticPublicKey !== undefined && toHex(p.staticPublicKey) === staticHex),
    );
    if (entry === undefined) return { accept: false, reason: `unknown peer ${peer.quid}` };
    if (!entry.scopes.includes('*') && !entry.scopes.includes(scope)) {
      return { accept: false, reason: `scope "${scope}" not allowed for ${peer.quid}` };
    }
    const hw = toHex(peer.attestation.hardwareId);
    if (entry.hardwareIds !== undefined && !entry.hardwareIds.includes(hw)) {
      return { accept: false, reason: `hardware ${hw} not allowed for ${peer.quid}` };
    }
    return { accept: true };
  };
}
