import { quarantineReason, type RegistryState } from '@qcos/registry-core';
import {
  type Counter,
  counter,
  createMetricsRegistry,
  type Gauge,
  gauge,
  histogram,
  type Registry,
} from '@qcos/runtime';
import type { QkdLinkStats } from './keys/qkd-link-stats.js';

/** The QAN's Prometheus metrics (served on /metrics); docs/spec/qan-metrics.md lists them. */
export function createQanMetrics() {
  const registry: Registry = createMetricsRegistry('qcos_qan_');
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
      'Time to build, sign and commit one block (qcos_qan_block_commit_seconds is the commit alone)',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    ),
    commitSeconds: histogram(
      registry,
      'qcos_qan_block_commit_seconds',
      'Time to append one sealed block to the block log (SQLite or etcd) until it is durable',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
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
    quarantines: counter(
      registry,
      'qcos_qan_quarantines_total',
      'Nodes entering QUARANTINE (or changing quarantine reason), by the reason entered',
      ['reason'],
    ),
  };
}

export type QanMetrics = ReturnType<typeof createQanMetrics>;

/** What the scrape-time gauges read: the registry, the clock, the key pools, the QKD links. */
export interface QanScrapeSources {
  readonly state: () => RegistryState;
  readonly nowMs: () => number;
  /** Keys an ETSI 014 enc_keys call could deliver from the node's pool now. */
  readonly poolKeys: (alias: string) => Promise<number>;
  readonly links: QkdLinkStats;
}

/** Label values of a node's status series: reason `none` while ACTIVE. */
function statusLabels(entry: RegistryState['entries'][number]) {
  return {
    alias: entry.alias,
    scope: entry.scope,
    status: entry.status.state,
    reason: quarantineReason(entry) ?? 'none',
  };
}

/** Node status and heartbeat age, from the registry state at scrape time. */
function registerNodeGauges(registry: Registry, sources: QanScrapeSources): void {
  gauge(
    registry,
    'qcos_qan_node_status',
    'Registered node status: 1 on the series of its current status and reason (none when ACTIVE)',
    ['alias', 'scope', 'status', 'reason'],
    function collect(this: Gauge) {
      // Rebuilt at every scrape: a node's previous status series disappears when it changes.
      this.reset();
      for (const entry of sources.state().entries) this.set(statusLabels(entry), 1);
    },
  );
  gauge(
    registry,
    'qcos_qan_node_heartbeat_age_seconds',
    'Seconds since the last heartbeat recorded for the node (nodes that never sent one: none)',
    ['alias'],
    function collect(this: Gauge) {
      this.reset();
      const now = sources.nowMs();
      for (const entry of sources.state().entries) {
        if (entry.lastHeartbeatMs === null) continue;
        this.set({ alias: entry.alias }, Math.max(0, now - entry.lastHeartbeatMs) / 1000);
      }
    },
  );
  gauge(
    registry,
    'qcos_qan_key_pool_keys',
    "Keys available in the node's ETSI GS QKD 014 pool (stored, plus announced and not yet distilled)",
    ['alias'],
    async function collect(this: Gauge) {
      const entries = sources.state().entries;
      const counts = await Promise.all(entries.map((e) => sources.poolKeys(e.alias)));
      this.reset();
      for (const [i, e] of entries.entries()) this.set({ alias: e.alias }, counts[i] as number);
    },
  );
}

/** The QKD link gauges, from the newest EKS_SYNC of each link at scrape time. */
function registerLinkGauges(registry: Registry, links: QkdLinkStats): void {
  const perLink = (
    name: string,
    help: string,
    value: (s: ReturnType<typeof links.latest>[0]) => number,
  ) =>
    gauge(registry, name, help, ['alias'], function collect(this: Gauge) {
      this.reset();
      for (const sample of links.latest()) this.set({ alias: sample.alias }, value(sample));
    });
  perLink(
    'qcos_qan_qkd_qber',
    "Modelled QBER of the node's QKD link: eks-qkd-sim's analytic model of the link its last EKS_SYNC round ran over",
    (s) => s.qber,
  );
  perLink(
    'qcos_qan_qkd_secret_key_rate_bps',
    "Measured secret key rate of the node's QKD link: key bits newly announced in its last EKS_SYNC per second since the one before (0 when lost)",
    (s) => s.secretKeyRateBps,
  );
  perLink(
    'qcos_qan_qkd_link_up',
    "1 while the node's last EKS_SYNC reported its QKD link stable, 0 when it reported it lost",
    (s) => (s.state === 'stable' ? 1 : 0),
  );
}

/** Registers the gauges computed at scrape time in the QAN's registry. */
export function registerScrapeGauges(registry: Registry, sources: QanScrapeSources): void {
  registerNodeGauges(registry, sources);
  registerLinkGauges(registry, sources.links);
}

/**
 * Counts quarantine transitions in `quarantines`: a node entering QUARANTINE, or quarantined for
 * a new reason, counted once by that reason. `initial` is the state the QAN started from: what
 * it already held is not a transition seen here; a node registered later (into PROBATION) is.
 */
export class QuarantineTransitions {
  private readonly reasons = new Map<string, string | null>();

  constructor(
    private readonly quarantines: Counter,
    initial: RegistryState,
  ) {
    for (const entry of initial.entries) this.reasons.set(entry.alias, quarantineReason(entry));
  }

  /** A state just committed: counts every node whose quarantine reason changed to a new one. */
  observe(state: RegistryState): void {
    for (const entry of state.entries) {
      const reason = quarantineReason(entry);
      if (reason !== null && reason !== this.reasons.get(entry.alias))
        this.quarantines.inc({ reason });
      this.reasons.set(entry.alias, reason);
    }
  }
}
