/** Who is at the other end of an authenticated session, as established by the handshake. */
export interface PeerIdentity {
  /** Stable identifier of the peer (its quid: hex of the identity key hash). */
  readonly id: string;
  /** The peer's static identity public key. */
  readonly publicKey: Uint8Array;
  /** The capability scope the session is bound to. */
  readonly scope: string;
  /**
   * The handshake transcript hash: a channel binding, NOT a secret (an observer who recorded the
   * handshake can recompute it). Never seed keys with it and never log it.
   */
  readonly handshakeHash: Uint8Array;
  /**
   * The EKS session binding: 32 bytes both ends of this session hold and nobody else does
   * (pq sessions: the exporter secret for EKS_BINDING_LABEL, docs/spec/pq-transport.md §4.1).
   * Every EKS round seed of the session is derived from it. Secret: never log it. Empty while
   * the peer is being authorised (before the keys exist); the insecure plaintext transport's
   * value is public and gives no secrecy.
   */
  readonly eksBinding: Uint8Array;
}

/** A peer plus where its socket comes from. */
export interface PeerInfo extends PeerIdentity {
  readonly remoteAddress: string;
}

/** Frames in and out during a handshake (before any record protection is on). */
export interface FrameChannel {
  send(frame: Uint8Array): void;
  /** The next frame from the peer; rejects when the socket closes or the handshake times out. */
  receive(): Promise<Uint8Array>;
  readonly remoteAddress: string;
}

/** The result of a completed handshake: the peer, and the record layer protecting later frames. */
export interface EstablishedSession {
  readonly peer: PeerIdentity;
  /** Protects one outgoing payload into one record. */
  seal(plaintext: Uint8Array): Uint8Array;
  /**
   * Authenticates and opens one incoming record; throws on forgery, replay or reordering.
   * Returns undefined for a control record (e.g. a key update) that carries no packet.
   */
  open(record: Uint8Array): Uint8Array | undefined;
}

/**
 * One side (initiator or responder) of a handshake, driven over a frame channel. Authorisation
 * policy (known identities, attestation roots, allowed scopes) lives inside: a handshake that
 * rejects its peer throws a RuntimeError with code PEER_REJECTED.
 */
export type Handshake = (channel: FrameChannel) => Promise<EstablishedSession>;

/** Maps typed packets to the bytes carried inside records, and back (strictly). */
export interface PacketCodec<P> {
  encode(packet: P): Uint8Array;
  decode(bytes: Uint8Array): P;
}
