/** A finished session: the record layer plus what the handshake established. */

import type { PeerIdentity } from '../identity/verify.js';
import type { CipherState } from '../noise/cipher-state.js';
import { RecordLayer, type RecordOptions } from '../record/record-layer.js';

export interface SessionInfo {
  readonly role: 'initiator' | 'responder';
  readonly peer: PeerIdentity;
  readonly scope: string;
  /** The Noise protocol name. */
  readonly suite: string;
  readonly handshakeHash: Uint8Array;
  readonly eksKeyId: string | undefined;
}

export class SecureSession extends RecordLayer {
  readonly info: SessionInfo;

  constructor(send: CipherState, recv: CipherState, info: SessionInfo, options?: RecordOptions) {
    super(send, recv, options);
    this.info = info;
  }
}
