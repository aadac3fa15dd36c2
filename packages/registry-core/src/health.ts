/**
 * The heartbeat health report is @qcos/chips-codec's `HealthReport` (the CHIPS heartbeat body):
 * a HEARTBEAT record carries it unchanged, so a QAN folds what the node sent.
 */
export {
  EKS_LOSS_REASONS,
  type EksLossReason,
  FAULT_KINDS,
  type FaultKind,
  type HealthReport,
} from '@qcos/chips-codec';
