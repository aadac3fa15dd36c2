/** Explicit bounds on everything the registry accepts from the network (see docs/spec/registry.md §9). */

/** Records in one block. A block is signed once, so larger blocks amortise the signature. */
export const MAX_RECORDS_PER_BLOCK = 10_000;
/** Encoded block size in bytes (outer envelope). */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;
/** Encoded snapshot size in bytes. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;
/** A node's identity public key: Ed25519 (32) up to the hybrid Ed25519 + ML-DSA-65 key (1984). */
export const MIN_NODE_KEY_BYTES = 32;
export const MAX_NODE_KEY_BYTES = 2048;
/** Network-Address: `host:port`, bounded like a DNS name plus port. */
export const MAX_ADDRESS_LENGTH = 261;
/** networkId: a short label naming the registry network. */
export const MAX_NETWORK_ID_LENGTH = 64;
/** Largest Lamport timestamp and wall-clock value: JavaScript's safe integers. */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Consecutive good heartbeats are counted up to this cap (the policy's hysteresis is ≤ it). */
export const MAX_GOOD_HEARTBEATS = 1_000;
/** Trust-graph search depth bound for the default tier function. */
export const MAX_TRUST_DEPTH = 5;
/** Audit path length bound for inclusion proofs (trees of up to 2^64 leaves). */
export const MAX_PROOF_PATH = 64;
/** Parts per million: fidelities and trust levels are integers in [0, PPM]. */
export const PPM = 1_000_000;
/** Canonical bytes of one operator action (its inner record is small; a policy is the largest). */
export const MAX_OPERATOR_ACTION_BYTES = 4_096;
/** Members (QANs and operators) a genesis document may list. */
export const MAX_GENESIS_MEMBERS = 256;
/** Encoded genesis document size in bytes (members' keys and the anchor's signature). */
export const MAX_GENESIS_DOCUMENT_BYTES = 1024 * 1024;
