export { EntanglementError, type EntanglementErrorCode } from './errors.js';
export {
  attemptPeriodMs,
  attemptSuccessProbability,
  checkLink,
  FIBRE_KM_PER_MS,
  type HeraldedPair,
  type LinkModel,
  meanGenerationMs,
  sampleHeraldedPair,
} from './heralded-link.js';
export { measurePair, type Outcome } from './measure-pair.js';
export { MAX_PAIR_DRAWS, pairDraws } from './pair-draws.js';
export {
  type Bloch,
  measureAlong,
  type PauliBits,
  type TeleportDraw,
  teleportDraw,
  teleportedState,
} from './teleport.js';
export {
  chshValue,
  cutoffMs,
  fidelityAfter,
  teleportationFidelity,
  wernerParameter,
} from './werner.js';
