import { toHex } from '@qcos/identity';
import type {
  ClusterQan,
  ContractView,
  DashboardNode,
  JobView,
  NetworkEventName,
  NetworkEvents,
  NodeView,
  QkdSampleView,
  RouteCaller,
  TimelineEvent,
} from '@qcos/qan-api';
import { decodeBlock, type RecordBody, type RegistryState } from '@qcos/registry-core';
import { contractView } from '../contracts/contract-view.js';
import { blockEvents, type NodeStatuses, nodeStatuses } from './timeline.js';

/** Timeline events kept for a client that connects. */
export const TIMELINE_KEPT = 200;
/** Jobs a snapshot shows (newest first). */
export const JOBS_SHOWN = 50;
/** Ended contracts a snapshot shows beside the holding ones (newest first). */
export const ENDED_CONTRACTS_SHOWN = 20;

/** The QKD link samples this QAN keeps (QkdLinkStats). */
export interface QkdSamples {
  latest(): readonly QkdSampleView[];
  history(alias: string): readonly QkdSampleView[];
}

/** What the feed reads: the registry, the node views, key pools, QKD links, QAN links and jobs. */
export interface FeedSources {
  readonly qanId: string;
  readonly networkId: string;
  state(): RegistryState;
  nodes(): NodeView[];
  keyPool(alias: string): Promise<{ stored: number; announced: number }>;
  readonly qkd?: QkdSamples;
  /** Whether a QAN link to that QAN is up. */
  qanConnected(quid: string): boolean;
  /** The QAN whose blocks last carried the node's heartbeats (it holds the session). */
  servedBy(alias: string): string | undefined;
  newestJobs(limit: number): JobView[];
}

/** One watcher: `send` returns false when the watcher cannot keep up (the stream then ends it). */
export interface FeedSubscriber {
  readonly caller: RouteCaller;
  send<E extends NetworkEventName>(event: E, data: NetworkEvents[E]): boolean;
  close(): void;
}

/** Topics that are snapshots: sent when their content changes. */
type SnapshotTopic = 'nodes' | 'cluster' | 'jobs' | 'contracts';
const OPERATOR_TOPICS: ReadonlySet<NetworkEventName> = new Set(['jobs', 'contracts']);

/**
 * The dashboard's live view of the network, computed once per tick for every watcher (never once
 * per watcher) and pushed only when it changed: node snapshots, the cluster's QANs, the jobs and
 * contracts (operators only), and the appended timeline and QKD samples. Timeline events come from
 * the committed blocks as the registry folds them (`onBlock`), so each names its block and signer.
 * The tick runs only while someone watches.
 */
export class NetworkFeed {
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly timeline: TimelineEvent[] = [];
  private pendingTimeline: TimelineEvent[] = [];
  private statuses: NodeStatuses;
  /** The newest block each QAN signed that this QAN folded. */
  private readonly lastSigned = new Map<string, { height: number; stateRoot?: string }>();
  /** The snapshots every watcher has been sent, with their JSON to tell a change. */
  private readonly snapshots = new Map<
    SnapshotTopic,
    { json: string; data: NetworkEvents[SnapshotTopic] }
  >();
  private readonly qkdSentAt = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    private readonly sources: FeedSources,
    private readonly intervalMs = 500,
  ) {
    this.statuses = nodeStatuses(sources.state());
  }

  /** Hears of every block the registry commits (RegistryService onBlock). */
  onBlock(state: RegistryState, records: readonly RecordBody[], bytes: Uint8Array): void {
    const block = decodeBlock(bytes);
    const signer = block.origin;
    const events = blockEvents(this.statuses, state, records, signer);
    this.statuses = nodeStatuses(state);
    this.lastSigned.set(signer, {
      height: block.height,
      ...(block.stateRoot === undefined ? {} : { stateRoot: toHex(block.stateRoot) }),
    });
    if (events.length === 0) return;
    this.timeline.push(...events);
    this.timeline.splice(0, Math.max(0, this.timeline.length - TIMELINE_KEPT));
    if (this.subscribers.size > 0) this.pendingTimeline.push(...events);
  }

  get watchers(): number {
    return this.subscribers.size;
  }

  /**
   * Adds a watcher and sends it everything it may see; starts the tick for the first. The others
   * are brought up to date first, so the new watcher starts from what they all have and gets each
   * appended event once.
   */
  async subscribe(subscriber: FeedSubscriber): Promise<void> {
    const { qanId, networkId } = this.sources;
    const { name, roles } = subscriber.caller;
    await this.refresh();
    this.subscribers.add(subscriber);
    subscriber.send('hello', { qanId, networkId, caller: { name, roles } });
    this.deliver(subscriber, 'timeline', { events: [...this.timeline] });
    const qkd = this.sources.qkd;
    if (qkd !== undefined) {
      const samples = qkd.latest().flatMap((s) => qkd.history(s.alias));
      this.deliver(subscriber, 'qkd', { samples });
    }
    for (const [topic, { data }] of this.snapshots) {
      if (this.subscribers.has(subscriber)) this.deliver(subscriber, topic, data);
    }
    if (this.timer === undefined && this.subscribers.size > 0) {
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
      this.timer.unref();
    }
  }

  unsubscribe(subscriber: FeedSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.pendingTimeline = [];
    }
  }

  /** Ends every watcher's stream (QAN stop). */
  close(): void {
    for (const s of [...this.subscribers]) {
      s.close();
      this.unsubscribe(s);
    }
  }

  /** One tick: the snapshots that changed, the new timeline events and the new QKD samples. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.refresh();
    } finally {
      this.ticking = false;
    }
  }

  /** Sends every watcher what changed since the last refresh. */
  private async refresh(): Promise<void> {
    for (const [topic, data] of await this.snapshotsNow()) {
      const json = JSON.stringify(data);
      if (this.snapshots.get(topic)?.json === json) continue;
      this.snapshots.set(topic, { json, data });
      this.broadcast(topic, data);
    }
    this.flushAppended();
  }

  /** Sends the timeline events and QKD samples that came since the last flush. */
  private flushAppended(): void {
    if (this.pendingTimeline.length > 0) {
      this.broadcast('timeline', { events: this.pendingTimeline });
      this.pendingTimeline = [];
    }
    const samples = this.newQkdSamples();
    if (samples.length > 0) this.broadcast('qkd', { samples });
  }

  private broadcast<E extends NetworkEventName>(event: E, data: NetworkEvents[E]): void {
    for (const s of [...this.subscribers]) this.deliver(s, event, data);
  }

  /** Sends what the watcher may see; a watcher that cannot keep up is ended. */
  private deliver<E extends NetworkEventName>(s: FeedSubscriber, event: E, data: NetworkEvents[E]) {
    if (OPERATOR_TOPICS.has(event) && !s.caller.roles.includes('operator')) return;
    if (s.send(event, data)) return;
    s.close();
    this.unsubscribe(s);
  }

  private async snapshotsNow(): Promise<Array<[SnapshotTopic, NetworkEvents[SnapshotTopic]]>> {
    const state = this.sources.state();
    return [
      ['nodes', { height: state.height, nodes: await this.dashboardNodes() }],
      ['cluster', { height: state.height, qans: this.clusterQans(state) }],
      ['jobs', { jobs: this.sources.newestJobs(JOBS_SHOWN) }],
      ['contracts', { contracts: contractsOf(state) }],
    ];
  }

  private async dashboardNodes(): Promise<DashboardNode[]> {
    const latest = new Map((this.sources.qkd?.latest() ?? []).map((s) => [s.alias, s]));
    return Promise.all(
      this.sources.nodes().map(async (node) => {
        const qkd = latest.get(node.alias);
        const servedBy = this.sources.servedBy(node.alias);
        return {
          ...node,
          keyPool: await this.sources.keyPool(node.alias),
          ...(qkd === undefined ? {} : { qkd }),
          ...(servedBy === undefined || servedBy === this.sources.qanId ? {} : { servedBy }),
        };
      }),
    );
  }

  private clusterQans(state: RegistryState): ClusterQan[] {
    return [...state.qanKeys.keys()].sort().map((quid) => {
      const self = quid === this.sources.qanId;
      const lastBlock = this.lastSigned.get(quid);
      return {
        quid,
        self,
        connected: self || this.sources.qanConnected(quid),
        ...(lastBlock === undefined ? {} : { lastBlock }),
        // A block that carries a state root is folded here only if the root is the one this QAN
        // computes (BLOCK_STATE_ROOT otherwise): a folded block is a checked agreement at its
        // height. A protocol 1 block carries none, so nothing was checked.
        agrees: lastBlock?.stateRoot === undefined ? null : true,
      };
    });
  }

  /** QKD samples newer than the last one sent, per link. */
  private newQkdSamples(): QkdSampleView[] {
    const qkd = this.sources.qkd;
    if (qkd === undefined) return [];
    const fresh: QkdSampleView[] = [];
    for (const latest of qkd.latest()) {
      const sent = this.qkdSentAt.get(latest.alias) ?? Number.NEGATIVE_INFINITY;
      if (latest.atMs <= sent) continue;
      fresh.push(...qkd.history(latest.alias).filter((s) => s.atMs > sent));
      this.qkdSentAt.set(latest.alias, latest.atMs);
    }
    return fresh;
  }
}

/** The holding contracts and the newest ended ones, newest first. */
function contractsOf(state: RegistryState): ContractView[] {
  const { holding, ended } = state.contracts;
  const endedIds = [...ended.keys()].sort((a, b) => b - a).slice(0, ENDED_CONTRACTS_SHOWN);
  const ids = [...[...holding.keys()].sort((a, b) => b - a), ...endedIds];
  return ids.flatMap((id) => {
    const view = contractView(state, id);
    return view === undefined ? [] : [view];
  });
}
