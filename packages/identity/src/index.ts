/**
 * @qcos/identity — who a node is: hybrid Ed25519 + ML-DSA-65 signing keys and signatures, the quid
 * that names a key, the keys a node derives from its seed, the injected randomness, and bytes/hex.
 */
export * from './bytes.js';
export * from './hybrid-signature.js';
export * from './node-keys.js';
export * from './quid.js';
export * from './random.js';
