export { QUriError, type QUriErrorCode } from './error.js';
export { format } from './format.js';
export { isJobId, MAX_JOB_ID_LENGTH } from './job-id.js';
export { isDqnAlias, isGeoScope, MAX_LABEL_LENGTH } from './label.js';
export { MAX_QURI_LENGTH } from './lexical.js';
export { normalize } from './normalize.js';
export {
  CONTRACT_RANGE,
  DEADLINE_MS_RANGE,
  DEFAULT_PARAMS,
  type IntRange,
  type LinkUse,
  MIN_FIDELITY_MAX_FRACTION_DIGITS,
  MIN_FIDELITY_PPM_RANGE,
  PAIRS_RANGE,
  PHI_URAD_RANGE,
  PRIORITY_RANGE,
  QUBITS_RANGE,
  type QUriLinkParams,
  type QUriParams,
  type ReroutePolicy,
  SHOTS_RANGE,
  THETA_URAD_RANGE,
} from './params.js';
export { isQUri, parse } from './parse.js';
export type { QUri, QUriOperation } from './quri.js';
export type { QUriTarget } from './target.js';
