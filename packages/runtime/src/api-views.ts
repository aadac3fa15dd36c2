/**
 * JSON shapes of the QAN's HTTP API, shared by the service that writes them and the clients
 * that read them; each matches a schema in schemas/api/.
 */

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

export interface ResolveView {
  uri: string;
  target: { kind: 'node' | 'scope'; alias?: string; scope?: string };
  decision: RouteDecisionView;
}

export type JobStatus = 'dispatched' | 'completed' | 'failed' | 'rejected';

export interface JobView {
  jobId: string;
  uri: string;
  status: JobStatus;
  decision: RouteDecisionView;
  submittedAtMs: number;
  completedAtMs?: number;
  result?: { counts: Record<string, number>; shots: number; executedBy: string };
  error?: { code: string; message: string };
}

export interface BlockView {
  height: number;
  hash: string;
  prevHash: string;
  origin: string;
  firstL: number;
  lastL: number;
  records: Record<string, unknown>[];
}

export interface MerkleRootView {
  height: number;
  root: string;
  nodeCount: number;
}

export interface MerkleProofView {
  alias: string;
  height: number;
  root: string;
  proof: Record<string, unknown>;
  valid?: boolean;
}

export interface InfoView {
  service: string;
  version: string;
  qanId: string;
  networkId: string;
  transportPort: number;
  secureTransport: string;
  policy: { heartbeatTimeoutMs: number; minFidelity: number; hysteresisHeartbeats: number };
}

export interface Etsi014Status {
  source_KME_ID: string;
  target_KME_ID: string;
  master_SAE_ID: string;
  slave_SAE_ID: string;
  key_size: number;
  stored_key_count: number;
  max_key_count: number;
  max_key_per_request: number;
  max_key_size: number;
  min_key_size: number;
  max_SAE_ID_count: number;
}

export interface Etsi014KeyContainer {
  keys: { key_ID: string; key: string }[];
}

export interface TrustView {
  observer: string;
  target: string;
  trustLevel: number;
  tier: 'trusted' | 'tentative' | 'untrusted' | 'invalid';
}
