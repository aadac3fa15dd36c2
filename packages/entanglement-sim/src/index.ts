export {
  type BasisIndex,
  basisAngle,
  CHSH_PAIR_DRAWS,
  type ChshEstimate,
  type Correlator,
  chshEstimate,
  chshPair,
  type SideReport,
} from './chsh-run.js';
export { EntanglementError, type EntanglementErrorCode } from './errors.js';
export {
  type AdvertisedLinkUnits,
  attemptPeriodMs,
  attemptSuccessProbability,
  checkLink,
  FIBRE_KM_PER_MS,
  type HeraldedPair,
  heraldedFidelity,
  type LinkModel,
  linkFromUnits,
  meanGenerationMs,
  sampleHeraldedPair,
} from './heralded-link.js';
export { measurePair, type Outcome } from './measure-pair.js';
export { MAX_PAIR_DRAWS, pairDraws } from './pair-draws.js';
export {
  type Bloch,
  blochFromAngles,
  measureAlong,
  type PauliBits,
  TELEPORT_PAIR_DRAWS,
  type TeleportDraw,
  teleportDraw,
  teleportedState,
  teleportReceive,
  teleportSend,
} from './teleport.js';
export {
  chshValue,
  cutoffMs,
  fidelityAfter,
  teleportationFidelity,
  wernerParameter,
} from './werner.js';
