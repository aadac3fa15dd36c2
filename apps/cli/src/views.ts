/** The API shapes the CLI reads (see schemas/api/). */
export interface NodeView {
  alias: string;
  address: string;
  status: 'ACTIVE' | 'QUARANTINE';
  reason: string | null;
  reasonDetail?: string;
  lastHeartbeatMs: number | null;
  qubitCapacity: number;
  eks: { ok: boolean; lastSyncMs: number; lossReason?: string };
  avgFidelity: number;
  scope: string;
  nodeId: string;
  utilisationPct: number;
  faults: string[];
  goodHeartbeats: number;
  connected?: boolean;
  via?: string;
}

export interface RouteDecisionView {
  outcome: 'deliver' | 'soft-reject' | 'reject';
  alias?: string;
  address?: string;
  requested?: string;
  reason?: string;
  reroutedTo?: string;
  rerouteStage?: string;
}

export interface JobView {
  jobId: string;
  uri: string;
  status: 'dispatched' | 'completed' | 'failed' | 'rejected';
  decision: RouteDecisionView;
  submittedAtMs: number;
  completedAtMs?: number;
  result?: { counts: Record<string, number>; shots: number; executedBy: string };
  error?: { code: string; message: string };
}

export interface ResolveView {
  uri: string;
  target: { kind: 'node' | 'scope'; alias?: string; scope?: string };
  decision: RouteDecisionView;
}

export interface Etsi014Status {
  source_KME_ID: string;
  target_KME_ID: string;
  stored_key_count: number;
  key_size: number;
  max_key_count: number;
}
