import { counter, createMetricsRegistry, gauge, type Registry } from '@qcos/runtime';

/** The agent's Prometheus metrics (served at GET /metrics on the control endpoint). */
export function createAgentMetrics(registry: Registry = createMetricsRegistry('qcos_dqn_')) {
  return {
    registry,
    heartbeatsSent: counter(registry, 'qcos_dqn_heartbeats_sent_total', 'Heartbeats sent'),
    eksRounds: counter(registry, 'qcos_dqn_eks_rounds_total', 'QKD rounds run', ['outcome']),
    jobs: counter(registry, 'qcos_dqn_jobs_total', 'Jobs received', ['outcome']),
    connected: gauge(registry, 'qcos_dqn_connected', '1 while the session to the QAN is up'),
    qkdQber: gauge(
      registry,
      'qcos_dqn_qkd_qber',
      "Measured QBER of the node's last QKD round (its parameter estimate, an upper bound)",
    ),
    secretKeyBytes: counter(
      registry,
      'qcos_dqn_qkd_secret_key_bytes_total',
      'Measured secret key distilled by QKD rounds, in bytes (whole 32-byte keys added to the pool)',
    ),
  };
}

export type AgentMetrics = ReturnType<typeof createAgentMetrics>;
