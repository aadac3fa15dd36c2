import { counter, createMetricsRegistry, gauge, type Registry } from '@qcos/runtime';

/** The relay's Prometheus metrics (GET /metrics on its control endpoint). */
export function createRelayMetrics(registry: Registry = createMetricsRegistry('qcos_relay_')) {
  return {
    registry,
    forwarded: counter(registry, 'qcos_relay_packets_forwarded_total', 'Packets forwarded', [
      'direction',
      'type',
    ]),
    refused: counter(registry, 'qcos_relay_packets_refused_total', 'Packets refused with a NACK', [
      'code',
    ]),
    dropped: counter(registry, 'qcos_relay_packets_dropped_total', 'Packets dropped (no session)', [
      'direction',
    ]),
    blocks: counter(registry, 'qcos_relay_registry_blocks_total', 'Registry blocks received', [
      'outcome',
    ]),
    eksNodeRounds: counter(
      registry,
      'qcos_relay_eks_node_rounds_total',
      "Nodes' EKS_SYNC rounds by what the relay made of them: mirrored, ignored (not forward), lost, too_fast (faster than the link's source runs), pool_refused, session_closed",
      ['outcome'],
    ),
    downstream: gauge(registry, 'qcos_relay_downstream_sessions', 'Connected DQN sessions'),
    upstream: gauge(registry, 'qcos_relay_upstream_connected', '1 while the QAN session is up'),
    height: gauge(registry, 'qcos_relay_registry_height', 'Height of the registry replica'),
  };
}

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
