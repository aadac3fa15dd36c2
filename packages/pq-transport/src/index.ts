/**
 * @qcos/pq-transport — sans-IO post-quantum hybrid secure transport.
 * Bytes in, bytes out; randomness and time are parameters.
 */
export * from './bytes.js';
export * from './codec.js';
export * from './crypto/aead.js';
export * from './crypto/aead-noble.js';
export * from './crypto/dh.js';
export * from './crypto/hash.js';
export * from './crypto/xwing.js';
export * from './dos/cookie.js';
export * from './errors.js';
export * from './identity/attestation.js';
export * from './identity/certificate.js';
export * from './identity/node-identity.js';
export * from './identity/verify.js';
export * from './noise/cipher-state.js';
export * from './noise/handshake-state.js';
export * from './noise/patterns.js';
export * from './noise/protocol.js';
export * from './noise/symmetric-state.js';
export * from './random.js';
export * from './record/record-layer.js';
export * from './record/replay-window.js';
export * from './session/events.js';
export * from './session/exporter.js';
export * from './session/handshake.js';
export * from './session/payload.js';
export * from './session/policy.js';
export * from './session/secure-session.js';
export * from './session/suite.js';
export * from './session/wire.js';
