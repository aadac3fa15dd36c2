/** Explicit bounds of the packet layer (docs/spec/chips.md §6). */

/** Largest encoded packet, and the default largest frame payload. */
export const MAX_PACKET_BYTES = 4 * 1024 * 1024;
export const MAX_SCOPE_BYTES = 64;
export const MAX_QURI_BYTES = 2048;
export const MAX_PROGRAM_BYTES = 256 * 1024;
export const MAX_DETAIL_BYTES = 256;
/** Most classical bits in one measured outcome. */
export const MAX_MEASURED_BITS = 256;
/** Most distinct outcomes in one JOB_RESULT. */
export const MAX_COUNT_ENTRIES = 65_536;
export const MAX_KEY_IDS = 1024;
export const MAX_PAIRS = 1_048_576;
/** Block bytes must leave room for the header inside MAX_PACKET_BYTES. */
export const MAX_BLOCK_BYTES = MAX_PACKET_BYTES - 1024;

export const SHOTS_MAX = 1_000_000;
export const QUBITS_MAX = 32_767;
export const DEADLINE_MS_MAX = 86_400_000;
export const PRIORITY_MAX = 7;
export const PPM_MAX_VALUE = 1_000_000;
export const HOP_LIMIT_MAX = 255;
export const SEQ_MAX = 0xffff_ffff;

/** EKS_SYNC (version 2) round and link bounds: a peer must not make the mirror simulate more. */
export const EKS_ROUND_MAX = 0xffff_ffff;
/** Longest simulated fibre, in metres (500 km). */
export const EKS_DISTANCE_M_MAX = 500_000;
/** Largest fibre loss, in thousandths of a dB per km (1 dB/km). */
export const EKS_FIBRE_LOSS_MDB_MAX = 1_000;
/** Fewest and most pulses per round (2^10 .. 2^22). */
export const EKS_PULSES_MIN = 1_024;
export const EKS_PULSES_MAX = 4_194_304;

/** Most announcements in one EKS_RELAY: bounds the key-store work one packet can ask for. */
export const MAX_RELAY_ANNOUNCEMENTS = 64;
/** Bytes of one announcement M (one 256-bit key). */
export const RELAY_ANNOUNCEMENT_BYTES = 32;

/** Most pairs one CONTRACT_RUN asks for: bounds the simulation work one packet can ask of a node. */
export const MAX_RUN_PAIRS = 65_536;
/** Bytes of a CONTRACT_RUN's pair secret (the HMAC key of docs/spec/entanglement-sim.md §4). */
export const RUN_SECRET_BYTES = 32;
/** CONTRACT_RUN link bounds: the ranges of a RESOURCES link (docs/spec/contracts.md §3). */
export const RUN_LENGTH_M_MAX = 10_000_000;
export const RUN_LOSS_MDB_PER_KM_MAX = 10_000;
export const RUN_ATTEMPT_RATE_HZ_MAX = 10_000_000_000;
/** F = 1/4: a Werner pair of pure noise, p = (4F − 1)/3 = 0 (docs/spec/entanglement-sim.md §2). */
export const RUN_INITIAL_FIDELITY_PPM_MIN = 250_000;
/** A TELEPORT state's angles in microradians: θ up to π (rounded up), φ below 2π. */
export const RUN_THETA_URAD_MAX = 3_141_593;
export const RUN_PHI_URAD_MAX = 6_283_185;

/** A WINDOW's length: at most a day, the longest deadline a job may name. */
export const WINDOW_LENGTH_MS_MAX = DEADLINE_MS_MAX;
/** A WINDOW's tolerance and phase error in milliradians: below 2π (6 283.185…). */
export const WINDOW_PHASE_MRAD_MAX = 6_283;
