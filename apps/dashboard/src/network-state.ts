import type {
  ClusterQan,
  ContractView,
  DashboardNode,
  JobView,
  NetworkEventName,
  NetworkEvents,
  QkdSampleView,
  TimelineEvent,
} from '@qcos/qan-api';

/** Timeline events the page keeps (the QAN sends at most this many on connect). */
export const TIMELINE_SHOWN = 200;
/** QKD samples kept per link for the plots. */
export const QKD_SAMPLES_KEPT = 240;

/** Everything the page shows, folded from the QAN's event stream. */
export interface NetworkState {
  readonly hello?: NetworkEvents['hello'];
  readonly height: number;
  readonly nodes: readonly DashboardNode[];
  readonly cluster: readonly ClusterQan[];
  /** Newest last. */
  readonly timeline: readonly TimelineEvent[];
  readonly jobs: readonly JobView[];
  readonly contracts: readonly ContractView[];
  /** Per link, oldest first. */
  readonly qkd: Readonly<Record<string, readonly QkdSampleView[]>>;
}

export const EMPTY_STATE: NetworkState = {
  height: 0,
  nodes: [],
  cluster: [],
  timeline: [],
  jobs: [],
  contracts: [],
  qkd: {},
};

/** Appends samples per link, in time order, keeping the newest QKD_SAMPLES_KEPT of each. */
function appendQkd(
  qkd: NetworkState['qkd'],
  samples: readonly QkdSampleView[],
): NetworkState['qkd'] {
  const next: Record<string, QkdSampleView[]> = {};
  for (const [alias, list] of Object.entries(qkd)) next[alias] = [...list];
  for (const sample of samples) {
    const list = next[sample.alias] ?? [];
    const last = list[list.length - 1];
    // A sample the page already holds (a reconnect resends the kept history) is not repeated.
    if (last !== undefined && sample.atMs <= last.atMs) continue;
    list.push(sample);
    next[sample.alias] = list.slice(-QKD_SAMPLES_KEPT);
  }
  return next;
}

/** The state after one event: snapshots replace, `timeline` and `qkd` append. */
export function applyEvent<E extends NetworkEventName>(
  state: NetworkState,
  event: E,
  data: NetworkEvents[E],
): NetworkState {
  switch (event) {
    case 'hello':
      // A new stream (first or after a reconnect) resends the timeline: start it afresh.
      return { ...state, hello: data as NetworkEvents['hello'], timeline: [] };
    case 'nodes': {
      const d = data as NetworkEvents['nodes'];
      return { ...state, height: d.height, nodes: d.nodes };
    }
    case 'cluster':
      return { ...state, cluster: (data as NetworkEvents['cluster']).qans };
    case 'timeline': {
      const events = [...state.timeline, ...(data as NetworkEvents['timeline']).events];
      return { ...state, timeline: events.slice(-TIMELINE_SHOWN) };
    }
    case 'jobs':
      return { ...state, jobs: (data as NetworkEvents['jobs']).jobs };
    case 'contracts':
      return { ...state, contracts: (data as NetworkEvents['contracts']).contracts };
    case 'qkd':
      return { ...state, qkd: appendQkd(state.qkd, (data as NetworkEvents['qkd']).samples) };
    default:
      return state;
  }
}

export const EVENT_NAMES: readonly NetworkEventName[] = [
  'hello',
  'nodes',
  'cluster',
  'timeline',
  'jobs',
  'contracts',
  'qkd',
];
