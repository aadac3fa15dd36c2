/** A finished session: the record layer plus what the handshake established. */

import type { NoiseHash } from '../crypto/hash.js';
import { fail } from '../errors.js';
import type { PeerIdentity } from '../identity/verify.js';
import type { CipherState } from '../noise/cipher-state.js';
import { RecordLayer, type RecordOptions } from '../record/record-layer.js';
import { expandExporterSecret } from './exporter.js';

export interface SessionInfo {
  readonly role: 'initiator' | 'responder';
  readonly peer: PeerIdentity;
  readonly scope: string;
  /** The Noise protocol name. */
  readonly suite: string;
  /**
   * The final handshake hash: a channel binding, not a secret. Without an EKS key it is a
   * function of the handshake bytes on the wire; derive secrets with `exportSecret`.
   */
  readonly handshakeHash: Uint8Array;
  readonly eksKeyId: string | undefined;
}

/** The exporter master secret of a session and the hash of its suite. */
export interface SessionExporter {
  readonly hash: NoiseHash;
  readonly masterSecret: Uint8Array;
}

export class SecureSession extends RecordLayer {
  readonly info: SessionInfo;
  readonly #exporter: SessionExporter | undefined;

  constructor(
    send: CipherState,
    recv: CipherState,
    info: SessionInfo,
    options?: RecordOptions,
    exporter?: SessionExporter,
  ) {
    super(send, recv, options);
    this.info = info;
    this.#exporter = exporter;
  }

  /**
   * A secret of `length` bytes for `label` and `context` (docs/spec/pq-transport.md §4.1): both
   * ends of this session get the same bytes, other sessions and passive observers do not.
   * Fails with HANDSHAKE_STATE when the session has no exporter, INVALID_ARGUMENT on a label,
   * context or length out of range.
   */
  exportSecret(label: string, context: Uint8Array, length: number): Uint8Array {
    const exporter = this.#exporter;
    if (exporter === undefined) {
      return fail('HANDSHAKE_STATE', 'this session has no exporter secret');
    }
    return expandExporterSecret(exporter.hash, exporter.masterSecret, label, context, length);
  }
}
