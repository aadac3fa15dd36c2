import type { ContractView, JobView, NodeView } from './types.js';

/**
 * The QAN's live event stream (GET /api/v1/events, text/event-stream; docs/spec/qan-api.md §8):
 * the SSE event name and the JSON `data` of each. Snapshot events replace what the client holds;
 * `timeline` and `qkd` append.
 */
export interface NetworkEvents {
  /** First event of every stream: who is watching which QAN. */
  readonly hello: {
    readonly qanId: string;
    readonly networkId: string;
    readonly caller: { readonly name: string; readonly roles: readonly string[] };
  };
  /** Snapshot: every registered node with its key pool and QKD link. */
  readonly nodes: { readonly height: number; readonly nodes: readonly DashboardNode[] };
  /** Snapshot: the QANs the registry knows and where each stands. */
  readonly cluster: { readonly height: number; readonly qans: readonly ClusterQan[] };
  /** Appended: registry events, newest last (on connect: the newest ones kept, at most 200). */
  readonly timeline: { readonly events: readonly TimelineEvent[] };
  /** Snapshot, operators only: the newest jobs this QAN routed, newest first (at most 50). */
  readonly jobs: { readonly jobs: readonly JobView[] };
  /** Snapshot, operators only: the contracts the registry holds. */
  readonly contracts: { readonly contracts: readonly ContractView[] };
  /** Appended: QKD link samples, oldest first (on connect: each link's kept history). */
  readonly qkd: { readonly samples: readonly QkdSampleView[] };
}

export type NetworkEventName = keyof NetworkEvents;

/** A node as the dashboard shows it: the registry's view, its key pool and its QKD link. */
export type DashboardNode = NodeView & {
  /** Keys stored in the node's ETSI 014 pool, and keys announced but not yet distilled here. */
  readonly keyPool?: { readonly stored: number; readonly announced: number };
  /** The newest sample of the node's QKD link with this QAN (direct nodes). */
  readonly qkd?: QkdSampleView;
  /** Quid of the QAN that holds the node's session, when another QAN of the cluster does. */
  readonly servedBy?: string;
};

/** One QKD link sample: the QBER the link's model gives, and the key rate measured. */
export interface QkdSampleView {
  readonly alias: string;
  readonly atMs: number;
  readonly state: 'stable' | 'lost';
  readonly qber: number;
  readonly secretKeyRateBps: number;
  readonly lossReason?: string;
}

/** A QAN of the registry: whether this QAN has a link to it, and the last block it signed. */
export interface ClusterQan {
  readonly quid: string;
  /** The QAN serving this stream. */
  readonly self: boolean;
  /** A live QAN link (always true for self). */
  readonly connected: boolean;
  /** The newest block it signed that this QAN folded. */
  readonly lastBlock?: { readonly height: number; readonly stateRoot?: string };
  /** Its state root at that height equals this QAN's (null: that height's root is not kept). */
  readonly agrees: boolean | null;
}

/**
 * One registry event, from a committed block: a record other than routine heartbeats and key
 * syncs, or a node's status change that the block's fold made.
 */
export interface TimelineEvent {
  readonly height: number;
  /** Quid of the QAN that signed the block. */
  readonly signer: string;
  /** The record's kind, or QUARANTINE / RECOVERY for a status change. */
  readonly kind: string;
  readonly alias?: string;
  /** A short reading of the event (reason, fault, operator and action). */
  readonly detail: string;
}
