/** Session-log events, handed to the caller's `onEvent` for its audit log. */
import type { Quid } from '@qcos/identity';
import type { TransportErrorCode } from '../errors.js';

export interface SessionCreatedEvent {
  readonly kind: 'session-created';
  readonly role: 'initiator' | 'responder';
  /** The `now` the caller passed. */
  readonly at: number;
  readonly peer: Quid;
  readonly peerSubject: string;
  /** Attested hardware id, hex. */
  readonly peerHardwareId: string;
  readonly scope: string;
  /** The Noise protocol name, e.g. Noise_pqIKpsk2_XWing_ChaChaPoly_SHA256. */
  readonly suite: string;
  readonly eksKeyId: string | undefined;
}

export interface SessionRejectedEvent {
  readonly kind: 'session-rejected';
  readonly role: 'initiator' | 'responder';
  readonly at: number;
  readonly code: TransportErrorCode;
  readonly reason: string;
  /** Known when the failure came after the peer's identity was read. */
  readonly peer: Quid | undefined;
  readonly scope: string | undefined;
  readonly suite: string | undefined;
}

export type SessionEvent = SessionCreatedEvent | SessionRejectedEvent;
