import type { InfoView } from '@qcos/qan-api';
import type { StatusPolicy } from '@qcos/registry-core';
import type { QanConfig } from '../config.js';

export const QAN_VERSION = '0.1.0';

/** `/api/info`: who this QAN is, where its transport listens, and the status policy it folds with. */
export function qanInfo(
  config: QanConfig,
  qanId: string,
  transportPort: number,
  policy: StatusPolicy,
): InfoView {
  return {
    service: 'qcos-qan',
    version: QAN_VERSION,
    qanId,
    networkId: config.networkId,
    transportPort,
    secureTransport: config.insecureTransport
      ? 'insecure-plaintext'
      : 'pq-hybrid (X-Wing pqIK/pqXX, ML-DSA-65 attestation)',
    policy: {
      heartbeatTimeoutMs: policy.heartbeatIntervalMs,
      minFidelity: policy.minFidelityPpm / 1_000_000,
      hysteresisHeartbeats: policy.hysteresisHeartbeats,
    },
  };
}
