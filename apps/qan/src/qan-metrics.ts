import { counter, createMetricsRegistry, gauge, histogram, type Registry } from '@qcos/runtime';

/** The QAN's Prometheus metrics (served on /metrics). */
export function createQanMetrics() {
  const registry: Registry = createMetricsRegistry('qcos_qan_process_');
  return {
    registry,
    sessions: gauge(registry, 'qcos_qan_sessions', 'Authenticated peer sessions'),
    peersRejected: counter(
      registry,
      'qcos_qan_peers_rejected_total',
      'Peers refused at the handshake',
      ['reason'],
    ),
    packets: counter(registry, 'qcos_qan_packets_total', 'CHIPS packets received', ['type']),
    packetsRefused: counter(
      registry,
      'qcos_qan_packets_refused_total',
      'CHIPS packets refused unprocessed (rate_packets, rate_registry, unauthorised, unsupported)',
      ['reason'],
    ),
    blocks: counter(registry, 'qcos_qan_blocks_total', 'Registry blocks committed'),
    records: counter(registry, 'qcos_qan_records_total', 'Registry records committed', ['kind']),
    height: gauge(registry, 'qcos_qan_block_height', 'Height of the last committed block'),
    heartbeatLatency: histogram(
      registry,
      'qcos_qan_heartbeat_commit_seconds',
      'From heartbeat packet received to its block committed',
      [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5],
    ),
    sealSeconds: histogram(
      registry,
      'qcos_qan_block_seal_seconds',
      'Time to build, sign and commit one block',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    ),
    lostRaces: counter(
      registry,
      'qcos_qan_seal_lost_races_total',
      "Seals lost to another QAN's block at the same height (each folded, then re-sealed)",
    ),
    pendingRecords: gauge(
      registry,
      'qcos_qan_pending_records',
      'Records received and not yet in a committed block',
    ),
    relayKeys: counter(
      registry,
      'qcos_qan_relay_keys_total',
      'Node keys stored from relay announcements (stored), or announcements refused (by code)',
      ['outcome'],
    ),
    routes: counter(registry, 'qcos_qan_route_decisions_total', 'QNH routing decisions for jobs', [
      'outcome',
    ]),
  };
}

export type QanMetrics = ReturnType<typeof createQanMetrics>;
