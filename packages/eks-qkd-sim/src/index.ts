/**
 * @qcos/eks-qkd-sim — QKD physics and post-processing simulator that makes (and loses) the
 * Entangled Key State. Pure: deterministic from a seed, no I/O, no clock.
 */

export {
  type Bbm92Expectation,
  bbm92Expectation,
  type DecoyBb84Rates,
  decoyBb84Rates,
  expectedGainAndQber,
  plobBound,
  singlePhotonBb84KeyFraction,
} from './analytic.js';
export {
  type AnalyticModel,
  type AnalyticModelOptions,
  type DarkCountConvention,
  DEFAULT_ANALYTIC_MODEL,
  type KeyRateFormula,
} from './analytic-model.js';
export {
  type AttackExpectation,
  type ClassExpectation,
  expectedUnderAttack,
  pnsMatchingTransmittance,
  pnsMultiPhotonDetection,
} from './attacks-expected.js';
export { losslessResendClickProb } from './attacks-lossless-resend.js';
export {
  DECOY,
  type DetectionRecord,
  FLAG_ALICE_BASIS,
  FLAG_ALICE_BIT,
  FLAG_BOB_BASIS,
  FLAG_BOB_BIT,
  FLAG_EVE_GUESS,
  FLAG_EVE_KNOWS,
  FLAG_EVE_SHIFTED,
  MAX_DETECTIONS,
  MAX_PULSES,
  pnsForwardTransmittance,
  SIGNAL,
  simulateDecoyBb84,
  VACUUM,
} from './bb84-sim.js';
export { type Bbm92Report, type Bbm92Run, runBbm92 } from './bbm92.js';
export {
  ALICE_ANGLES,
  BOB_ANGLES,
  type CoincidenceRecord,
  type EntangledAttack,
  type EntangledLink,
  type EntangledSource,
  type PairStatistics,
  simulateBbm92,
} from './bbm92-sim.js';
export {
  type MaFungLo2007Parameters,
  maFungLo2007,
  type TwoModeBbm92Expectation,
  twoModeBbm92Expectation,
  twoModePairPmf,
} from './bbm92-two-mode.js';
export { bitsToBytes, bytesToBits, hammingDistance } from './bits.js';
export {
  type CascadeBlockSizes,
  type CascadeOptions,
  type CascadeResult,
  cascade,
  cascadeBlockSize,
  MAX_CASCADE_BITS,
  reconciliationEfficiency,
} from './cascade.js';
export { fromBase64, isUuidV4, toBase64, uuidV4 } from './codec.js';
export {
  type DecoyBb84Report,
  type DecoyBb84Run,
  type PerIntensity,
  runDecoyBb84,
} from './decoy-bb84.js';
export {
  type DecoyBounds,
  type DecoyObservation,
  decoyBounds,
  decoyBoundsOfExpected,
  type ExpectedClass,
} from './decoy-estimates.js';
export type { DecoyIntensities } from './decoy-intensities.js';
export {
  DEFAULT_EKS_LINK,
  decoyLinkOf,
  EKS_WIRE_LINK_LIMITS,
  type EksLink,
  type EksWireLink,
  eksLinkOfWire,
  eksWireLinkOf,
} from './eks-link.js';
export {
  EKS_LINK_SLACK_MS,
  EKS_LINK_TIMING,
  EKS_REPETITION_RATE_HZ,
  EKS_ROUND_PERIOD_LIMITS_MS,
  EksLinkClock,
  eksLinkRates,
  eksPulsesPerPeriod,
  eksRoundDurationMs,
} from './eks-link-time.js';
export {
  EKS_KEY_BYTES,
  EKS_ROUND_LABEL,
  type EksRoundKey,
  eksKeyId,
  eksRoundKeys,
  eksRoundSeed,
  MAX_EKS_ROUND,
} from './eks-round.js';
export { EXCESS_QBER_ATTACK, eksRoundLossReason } from './eks-round-loss.js';
export { type EksRoundOutcome, type EksRoundSide, runEksRound } from './eks-round-run.js';
export {
  checkEksFreshness,
  type EksLossReason,
  type EksStatus,
  type EksSyncInput,
  eksLossReasonOf,
  eksStatusOfPool,
  syncEks,
} from './eks-status.js';
export { binaryEntropy } from './entropy.js';
export { QkdError, type QkdErrorCode } from './errors.js';
export { VERIFICATION_TAG_BITS } from './finish.js';
export {
  type Lim2014KeyLength,
  type Lim2014Observation,
  lim2014AsymptoticLength,
  lim2014KeyLength,
  lim2014SamplingCorrection,
  type PerIntensityValue,
  validateLim2014Observation,
} from './finite-key-lim2014.js';
export {
  LIM_2014_START,
  LIM_2014_SYSTEM,
  type Lim2014Point,
  type Lim2014Settings,
  type Lim2014System,
  lim2014AsymptoticKeyRate,
  lim2014DetectionModel,
  lim2014ExpectedObservation,
  lim2014KeyRate,
  lim2014OptimalKeyRate,
} from './finite-key-lim2014-model.js';
export {
  type DecKeysRequest,
  type EncKeysRequest,
  type EtsiKey,
  type EtsiKeyContainer,
  type EtsiStatus,
  KeyPool,
  type KeyPoolConfig,
  MAX_POOL_BYTES,
  parseDecKeysRequest,
  parseEncKeysRequest,
} from './key-pool.js';
export {
  type GateModel,
  GHZ_GATED_TIMING,
  gateModelOf,
  type LinkTiming,
  MAX_BLOCKED_GATES,
  MAX_FAR_SPILL,
  validateLinkTiming,
} from './link-timing.js';
export {
  type Attack,
  backgroundYield,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  type DecoySource,
  type Detector,
  type DetectorAssignment,
  type Fibre,
  fibreTransmittance,
  type InterceptResendLine,
  MAX_PHOTON_NUMBER,
  type PnsEfficiency,
  totalTransmittance,
} from './physics.js';
export { seededRandomBytes, Xoshiro128 } from './prng.js';
export {
  MIN_SIFTED_BITS,
  type PostProcessingOptions,
  type ProtocolRun,
} from './protocol-options.js';
export {
  openRelayedKey,
  type RelayedKey,
  relayCapacity,
  relayFromPools,
  relayKey,
  relayRate,
} from './relay.js';
export type { AbortReason, QkdOutcome, ReconciliationReport } from './report.js';
export { poissonPmf, sampleBinomial, samplePoisson, thermalPmf } from './samplers.js';
export { type TimedRates, timedDecoyRates, timeToFillPool } from './timed-rates.js';
export { MAX_TOEPLITZ_INPUT_BITS, toeplitzHash, toeplitzHashReference } from './toeplitz.js';
