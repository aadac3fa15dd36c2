export {
  type CanonicalLimits,
  type CanonicalValue,
  DEFAULT_CANONICAL_LIMITS,
  decodeCanonical,
  encodeCanonical,
  MAX_DEPTH_CEILING,
} from './canonical.js';
export { type DecodePacketOptions, decodePacket } from './decode-packet.js';
export { encodePacket } from './encode-packet.js';
export { ChipsError, type ChipsErrorCode } from './errors.js';
export { isBitstring, isCapabilityScope, isQUriText } from './fields.js';
export { forwardedPacket } from './forwarding.js';
export {
  DEFAULT_MAX_FRAME_BYTES,
  encodeFrame,
  FRAME_HEADER_BYTES,
  FrameDecoder,
  type FrameDecoderOptions,
} from './frame.js';
export { HeaderStamper, type RandomBytes, type StampRequest } from './header-stamper.js';
export {
  EKS_LOSS_REASONS,
  type EksLossReason,
  FAULT_KINDS,
  type FaultKind,
  HEALTH_REPORT_FIELDS,
  type HealthReport,
  isEksLossReason,
  isFaultKind,
  isHealthReport,
  PPM_MAX,
  UTILISATION_MAX,
  validateHealthReport,
} from './health-report.js';
export { isKeyId, isNodeId, isPacketId, type KeyId, type NodeId, type PacketId } from './ids.js';
export { LamportClock, MAX_LAMPORT } from './lamport-clock.js';
export * from './limits.js';
export { nackDetail, truncateUtf8 } from './nack-detail.js';
export {
  type AckBody,
  type AckPacket,
  type BlochDirection,
  CHIPS_CONTRACT_RUN_VERSION,
  CHIPS_EKS_RELAY_VERSION,
  CHIPS_EKS_SYNC_VERSION,
  CHIPS_VERSION,
  CHIPS_WINDOW_VERSION,
  CONTRACT_RUN_USES,
  type ContractRunBody,
  type ContractRunLink,
  type ContractRunPacket,
  type ContractRunUse,
  chipsVersionOf,
  type EksRelayAnnouncement,
  type EksRelayBody,
  type EksRelayPacket,
  type EksSyncBody,
  type EksSyncLink,
  type EksSyncPacket,
  type EksSyncStatus,
  type EntanglementRequestBody,
  type EntanglementRequestPacket,
  type HeartbeatBody,
  type HeartbeatPacket,
  type JobParams,
  type JobResultBody,
  type JobResultPacket,
  type JobSubmitBody,
  type JobSubmitPacket,
  type MeasurementCount,
  type MeasurementResultBody,
  type MeasurementResultPacket,
  NACK_CODES,
  type NackBody,
  type NackCode,
  type NackPacket,
  PACKET_TYPES,
  type Packet,
  type PacketHeader,
  type PacketType,
  type RegistryBlockBody,
  type RegistryBlockPacket,
  type ReroutePolicy,
  SOFT_REJECT_REASONS,
  type SoftRejectBody,
  type SoftRejectPacket,
  type SoftRejectReason,
  WINDOW_STEPS,
  type WindowBody,
  type WindowPacket,
  type WindowStep,
} from './packet.js';
export { SequenceNumbers } from './sequence-numbers.js';
