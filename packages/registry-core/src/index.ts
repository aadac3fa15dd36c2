/**
 * @qcos/registry-core — the Distributed Node Registry as a deterministic, signed, replayable
 * state machine, with QNH routing. Pure: no I/O, no clock; time and keys are inputs.
 */
export {
  BLOCK_SIGNATURE_CONTEXT,
  BLOCK_VERSION,
  BLOCK_VERSIONS,
  type Block,
  type BlockSigner,
  blockBodyBytes,
  blockHash,
  buildBlock,
  compareConcurrentBlocks,
  decodeBlock,
  encodeBlock,
  hybridBlockSigner,
  signBlock,
  signBlockWith,
  type UnsignedBlock,
} from './block.js';
export { encodeEntry, entryToCanonical } from './canonical.js';
export { REJECT_REASONS, type RejectReason } from './contracts/admission.js';
export {
  type Contract,
  type ContractBook,
  type ContractTerms,
  contractsOf,
  EMPTY_BOOK,
  ENDED_KEPT,
  type EndedContract,
  type FinalState,
  type HoldingState,
  type NodeResources,
  slotsAt,
} from './contracts/contract-book.js';
export {
  type AdvertisedLink,
  type Basis,
  CONTRACT_LIMITS,
  type ContractExpireRecord,
  type ContractKind,
  type ContractReadyRecord,
  type ContractRecord,
  type ContractReleaseRecord,
  type ContractRenewRecord,
  type ContractRequestRecord,
  type ContractRevokeRecord,
  type LinkTerms,
  type PairType,
  RELEASE_REASONS,
  REVOKE_REASONS,
  type ReleaseReason,
  type ResourcesRecord,
  type RevokeReason,
  type WindowEnvelope,
  type WindowTerms,
} from './contracts/contract-records.js';
export { deadlineOf } from './contracts/contract-rules.js';
export { expiryVerdicts } from './contracts/expiry.js';
export {
  avgFidelity,
  capacityClass,
  type EksState,
  isActive,
  type NodeEntry,
  type NodeStatus,
  QUARANTINE_REASONS,
  type QuarantineCause,
  type QuarantineReason,
  quarantineReason,
} from './entry.js';
export { decodeEntry } from './entry-codec.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';
export { CONTRACTS_PROTOCOL } from './fold/record-rules.js';
export {
  type ApplyContext,
  type ApplyResult,
  applyBlock,
  applyUnsignedBlock,
  type SignatureCheck,
  tryApplyBlock,
  type UnsignedApplyContext,
} from './fold.js';
export {
  createGenesisDocument,
  decodeGenesisDocument,
  GENESIS_SIGNATURE_CONTEXT,
  type GenesisDocument,
  type GenesisDocumentParams,
  type GenesisMember,
  genesisFromDocument,
} from './genesis-document.js';
export type { EksLossReason, FaultKind, HealthReport } from './health.js';
export { isStaleHeartbeat, nextHeartbeatAtMs } from './heartbeat-time.js';
export { isLabel, isNetworkAddress } from './labels.js';
export * from './limits.js';
export { EMPTY_ROOT, leafHash, nodeHash, rootFromPath, rootOfLeaves } from './merkle.js';
export {
  decodeOperatorAction,
  encodeOperatorAction,
  OPERATOR_ACTION_CONTEXT,
  OPERATOR_RECORD_KINDS,
  type OperatorAction,
  type OperatorActionBody,
  type OperatorRecordBody,
  openOperatorAction,
  operatorActionId,
  signOperatorAction,
  verifyOperatorSignature,
} from './operator-action.js';
export { checkOperatorAction } from './operator-check.js';
export {
  blockVersionAt,
  DEFAULT_POLICY,
  evaluateStatus,
  failingCondition,
  fidelitySample,
  MAX_PROTOCOL,
  nextAvgFidelity,
  policyProblem,
  type StatusPolicy,
} from './policy.js';
export { type EntryProof, merkleRoot, proveEntry, verifyEntryProof } from './proofs.js';
export {
  CONTRACT_KINDS,
  compareRecordOrder,
  MEMBER_ROLES,
  type MemberRole,
  RECORD_KINDS,
  type RecordBody,
  type RecordKind,
  type RegistryRecord,
  validateRecord,
  validateRecordBody,
} from './records.js';
export {
  compareRank,
  type JobRequirements,
  type QUriTarget,
  type RerouteTier,
  type RouteDecision,
  type RouteOptions,
  type RouteTarget,
  routeJob,
  type SoftRejectReason,
} from './routing.js';
export type { RoutingIndex } from './routing-index.js';
export {
  MAX_SEAL_TRIALS,
  type RefusedRecord,
  type SealParams,
  type SealResult,
  sealBlock,
} from './seal.js';
export { decodeSnapshot, encodeSnapshot } from './snapshot.js';
export { verifySnapshot, verifySnapshotState } from './snapshot-check.js';
export {
  createGenesis,
  type GenesisParams,
  genesisHash,
  getEntry,
  type RegistryState,
} from './state.js';
export { stateRoot } from './state-root.js';
export { findTimedOutNodes, type TimedOutNode, timeoutVerdicts } from './timeout.js';
export {
  DEFAULT_TIER_THRESHOLDS,
  defaultTierOf,
  mayWrite,
  relationalTrustPpm,
  type TierOf,
  type TierThresholds,
  type TrustTier,
} from './trust.js';
export { trustGraphTierOf } from './trust-graph-tier.js';
export { foldStored, type LogFold, voidBlock } from './void-block.js';
