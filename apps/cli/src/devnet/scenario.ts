import {
  createQanApiClient,
  type JobView,
  type MerkleRootView,
  type NodeView,
  type QanApiClient,
} from '@qcos/qan-api';
import { contractSteps, singleQanStage } from './contract-steps.js';
import { DEVNET_MASTER_SAE } from './credentials.js';
import type { DevnetNetwork } from './network.js';
import { operatorSteps } from './operator-steps.js';
import { BELL_PROGRAM, GHZ3_PROGRAM } from './programs.js';
import { waitFor } from './wait.js';

/** The outcome of one scenario step: what was checked and what was seen. */
export interface StepResult {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

export type Step = { readonly name: string; readonly run: () => Promise<string> };

/** Fails the step with `message` unless `condition` holds. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function node(api: QanApiClient, alias: string): Promise<NodeView> {
  return api.getNode({ params: { alias } });
}

export async function waitStatus(
  api: QanApiClient,
  alias: string,
  status: NodeView['status'],
  reason: string | null,
  timeoutMs: number,
): Promise<NodeView> {
  return waitFor(
    `${alias} ${status}${reason === null ? '' : ` (${reason})`}`,
    async () => {
      const n = await node(api, alias);
      return n.status === status && (reason === null || n.reason === reason) ? n : undefined;
    },
    timeoutMs,
  );
}

export async function runJob(api: QanApiClient, uri: string, program: string): Promise<JobView> {
  const submitted = await api.submitJob({ body: { uri, program } });
  if (submitted.status !== 'dispatched') return submitted;
  return waitFor(
    `job ${submitted.jobId}`,
    async () => {
      const j = await api.getJob({ params: { jobId: submitted.jobId } });
      return j.status === 'dispatched' ? undefined : j;
    },
    25_000,
  );
}

/** Fraction of shots in the given outcomes. */
export function share(job: JobView, outcomes: readonly string[]): number {
  const counts = job.result?.counts ?? {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return total === 0 ? 0 : outcomes.reduce((a, o) => a + (counts[o] ?? 0), 0) / total;
}

/** What every step reads: the network under test, its API, and the timings it runs with. */
interface ScenarioContext {
  readonly net: DevnetNetwork;
  readonly api: QanApiClient;
  readonly t: DevnetNetwork['timings'];
  /** Long enough for a quarantined node to come back: timeout, hysteresis, and slack. */
  readonly recoverMs: number;
}

const allNodesActive = ({ net, api }: ScenarioContext): Step => ({
  name: 'all four nodes register and become ACTIVE',
  run: async () => {
    for (const n of net.topology.nodes) await waitStatus(api, n.alias, 'ACTIVE', null, 45_000);
    return net.topology.nodes.map((n) => n.alias).join(', ');
  },
});

const bellDelivered = ({ api }: ScenarioContext): Step => ({
  name: 'Bell job for q://rigel is delivered to rigel',
  run: async () => {
    const job = await runJob(api, 'q://rigel/run?shots=400', BELL_PROGRAM);
    check(
      job.decision.outcome === 'deliver' && job.decision.alias === 'rigel',
      `decision ${JSON.stringify(job.decision)}`,
    );
    check(
      job.status === 'completed' && job.result?.executedBy === 'rigel',
      `job ${job.status} ${JSON.stringify(job.error)}`,
    );
    const correlated = share(job, ['00', '11']);
    check(correlated > 0.85, `Bell correlation only ${correlated.toFixed(2)}`);
    return `deliver → rigel, P(00|11) = ${correlated.toFixed(3)}`;
  },
});

const ghzInScope = ({ net, api }: ScenarioContext): Step => ({
  name: 'GHZ job for q://*.us-east lands on a us-east node',
  run: async () => {
    const job = await runJob(api, 'q://*.us-east/run?shots=300&qubits=3', GHZ3_PROGRAM);
    const alias = job.decision.alias ?? '';
    check(
      job.decision.outcome === 'deliver' && ['vega', 'altair'].includes(alias),
      `decision ${JSON.stringify(job.decision)}`,
    );
    check(job.status === 'completed', `job ${job.status} ${JSON.stringify(job.error)}`);
    const via = net.relay === undefined ? 'direct' : 'via relay';
    return `deliver → ${alias} (${via}), P(000|111) = ${share(job, ['000', '111']).toFixed(3)}`;
  },
});

const eavesdropperQuarantines = ({ net, api }: ScenarioContext): Step => ({
  name: 'eavesdropper on rigel’s QKD link → EKS lost → QUARANTINE',
  run: async () => {
    await net.setFaults('rigel', { eavesdropper: 0.5 });
    const n = await waitStatus(api, 'rigel', 'QUARANTINE', 'EKS_LOSS', 20_000);
    return `rigel QUARANTINE (${n.reason}: ${n.eks.lossReason ?? n.reasonDetail ?? '?'})`;
  },
});

/** Submits a job for rigel (quarantined for EKS loss) at `api`: soft-rejected, run by sirius. */
export async function rigelRerouted(api: QanApiClient): Promise<string> {
  const job = await runJob(api, 'q://rigel/run?shots=200', BELL_PROGRAM);
  const d = job.decision;
  check(d.outcome === 'soft-reject' && d.reason === 'EKS_LOSS', `decision ${JSON.stringify(d)}`);
  check(d.reroutedTo === 'sirius', `re-routed to ${d.reroutedTo ?? 'nobody'}`);
  check(
    job.status === 'completed' && job.result?.executedBy === 'sirius',
    `job ${job.status} ${JSON.stringify(job.error)}`,
  );
  return `soft-reject (EKS_LOSS) → re-routed ${d.rerouteStage ?? ''} to sirius, completed`;
}

const softRejectReroutes = ({ api }: ScenarioContext): Step => ({
  name: 'job for rigel is soft-rejected and re-routed to sirius',
  run: () => rigelRerouted(api),
});

const vegaTimesOut = ({ net, api, t }: ScenarioContext): Step => ({
  name: 'vega killed → HEARTBEAT_TIMEOUT → QUARANTINE',
  run: async () => {
    await net.killAgent('vega');
    const n = await waitStatus(
      api,
      'vega',
      'QUARANTINE',
      'HEARTBEAT_TIMEOUT',
      t.heartbeatTimeoutMs + 15_000,
    );
    return `vega QUARANTINE (${n.reason})`;
  },
});

const vegaRecovers = ({ net, api, t, recoverMs }: ScenarioContext): Step => ({
  name: `vega restarted → ACTIVE after ${t.hysteresisHeartbeats} good heartbeats`,
  run: async () => {
    const vega = net.topology.nodes.find((n) => n.alias === 'vega');
    check(vega !== undefined, 'vega not in topology');
    await net.startAgent(vega!);
    const n = await waitStatus(api, 'vega', 'ACTIVE', null, recoverMs);
    check(n.goodHeartbeats >= t.hysteresisHeartbeats, `only ${n.goodHeartbeats} good heartbeats`);
    return `vega ACTIVE (${n.goodHeartbeats} good heartbeats)`;
  },
});

const rigelRecovers = ({ net, api, recoverMs }: ScenarioContext): Step => ({
  name: 'eavesdropper removed → rigel re-syncs its EKS → ACTIVE',
  run: async () => {
    await net.setFaults('rigel', { eavesdropper: 0 });
    const n = await waitStatus(api, 'rigel', 'ACTIVE', null, recoverMs);
    return `rigel ACTIVE, EKS ok=${n.eks.ok}`;
  },
});

/** The error code a refused call ends with ('accepted' if it was not refused). */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const anonymousRefused = ({ net, api }: ScenarioContext): Step => ({
  name: 'anonymous and unpaired callers are refused: no job, no keys',
  run: async () => {
    const anonymous = createQanApiClient(api.baseUrl);
    const job = await refusal(
      anonymous.submitJob({ body: { uri: 'q://rigel/run', program: BELL_PROGRAM } }),
    );
    check(job === 'TOKEN_REQUIRED', `anonymous job submission: ${job}`);
    const keys = await refusal(anonymous.encKeys({ params: { slave_SAE_ID: 'sirius' } }));
    check(keys === 'CLIENT_CERTIFICATE_REQUIRED', `keys on the plain listener: ${keys}`);
    // sirius is a slave SAE: it may not take keys of another node's pool as a master.
    const unpaired = await refusal(
      net.saeApi('sirius').encKeys({ params: { slave_SAE_ID: 'vega' }, body: { number: 1 } }),
    );
    check(unpaired === 'SAE_NOT_PAIRED', `sirius taking vega's keys: ${unpaired}`);
    return `job ${job}, keys ${keys}, unpaired SAE ${unpaired}`;
  },
});

const etsiKeysOnce = ({ net }: ScenarioContext): Step => ({
  name: 'ETSI GS QKD 014 over mutual TLS: sirius’s keys taken once by the master SAE, fetched once by sirius',
  run: async () => {
    const master = net.saeApi(DEVNET_MASTER_SAE);
    const sirius = net.saeApi('sirius');
    const before = await master.keyStatus({ params: { slave_SAE_ID: 'sirius' } });
    check(before.stored_key_count >= 2, `status reports ${before.stored_key_count} keys`);
    const enc = await master.encKeys({ params: { slave_SAE_ID: 'sirius' }, body: { number: 2 } });
    check(enc.keys.length === 2, `enc_keys gave ${enc.keys.length} keys`);
    check(
      enc.keys.every((k) => Buffer.from(k.key, 'base64').length === 32),
      'keys are not 256-bit',
    );
    const request = {
      params: { master_SAE_ID: DEVNET_MASTER_SAE },
      body: { key_IDs: enc.keys.map((k) => ({ key_ID: k.key_ID })) },
    };
    const dec = await sirius.decKeys(request);
    check(
      dec.keys.map((k) => k.key).join() === enc.keys.map((k) => k.key).join(),
      'dec_keys returned other keys',
    );
    const again = await refusal(sirius.decKeys(request));
    check(again === 'KEY_NOT_FOUND', `second dec_keys: ${again}`);
    return `2 keys delivered and fetched; a second fetch is KEY_NOT_FOUND; status showed ${before.stored_key_count} keys before`;
  },
});

const relayedKeys = ({ net }: ScenarioContext): Step => ({
  name: 'altair behind the relay: its keys reach the QAN through the relay’s announcements',
  run: async () => {
    const master = net.saeApi(DEVNET_MASTER_SAE);
    // The relay pads each of altair's keys with a hop key it shares with the QAN (EKS_RELAY);
    // the QAN's pool for altair fills as announcements arrive.
    const status = await waitFor(
      'keys for altair',
      async () => {
        const s = await master.keyStatus({ params: { slave_SAE_ID: 'altair' } });
        return s.stored_key_count >= 1 ? s : undefined;
      },
      30_000,
      500,
    );
    const enc = await master.encKeys({ params: { slave_SAE_ID: 'altair' }, body: { number: 1 } });
    const request = {
      params: { master_SAE_ID: DEVNET_MASTER_SAE },
      body: { key_IDs: enc.keys.map((k) => ({ key_ID: k.key_ID })) },
    };
    const dec = await net.saeApi('altair').decKeys(request);
    check(dec.keys[0]?.key === enc.keys[0]?.key, 'altair fetched another key');
    return `${status.stored_key_count} keys in altair’s pool; 1 taken by the master SAE and fetched by altair`;
  },
});

const relayReplicaRoot = ({ net, api }: ScenarioContext): Step => ({
  name: 'relay’s registry replica has the QAN’s signed Merkle root',
  run: async () => {
    const relayUrl = net.relayControlUrl;
    check(relayUrl !== undefined, `relay not running: ${net.relayProblem ?? 'unknown'}`);
    // The replica folds every block the QAN streams; at whatever height it has reached, its
    // root must be the root the QAN computed at that height.
    const replica = await waitFor(
      'relay replica',
      async () => {
        const r = await net.relayControl('/registry/root');
        const root = r.ok ? ((await r.json()) as MerkleRootView) : undefined;
        return root !== undefined && root.height > 0 && root.nodeCount === 4 ? root : undefined;
      },
      15_000,
    );
    const qan = await api.merkleRoot({ query: { height: replica.height } });
    check(
      qan.root === replica.root,
      `height ${replica.height}: relay ${replica.root}, QAN ${qan.root}`,
    );
    return `height ${replica.height}, root ${replica.root.slice(0, 16)}…, ${replica.nodeCount} nodes`;
  },
});

/**
 * The devnet scenario: jobs delivered; an eavesdropper on rigel's QKD link → EKS lost →
 * QUARANTINE → a job for rigel soft-rejected and re-routed to sirius; vega killed →
 * HEARTBEAT_TIMEOUT → quarantined; vega back → ACTIVE after hysteresis; the eavesdropper gone →
 * rigel ACTIVE again; the operator puts sirius into maintenance and back and grants and revokes
 * a trust edge, each signed with its own key. Every check reads the QAN's API.
 */
export function scenarioSteps(net: DevnetNetwork, api: QanApiClient): Step[] {
  const t = net.timings;
  const recoverMs =
    t.heartbeatTimeoutMs + (t.hysteresisHeartbeats + 6) * t.heartbeatIntervalMs + 10_000;
  const context: ScenarioContext = { net, api, t, recoverMs };
  return [
    allNodesActive,
    bellDelivered,
    ghzInScope,
    eavesdropperQuarantines,
    softRejectReroutes,
    vegaTimesOut,
    vegaRecovers,
    rigelRecovers,
    anonymousRefused,
    etsiKeysOnce,
    relayedKeys,
  ]
    .map((step) => step(context))
    .concat(
      operatorSteps(net, api, recoverMs),
      contractSteps(net, singleQanStage(api), recoverMs),
      relayReplicaRoot(context),
    );
}

/** Runs the steps in order; stops at the first failure (later steps depend on earlier ones). */
export async function runScenario(
  steps: readonly Step[],
  onStep: (result: StepResult, index: number, total: number) => void,
  onStart?: (name: string) => void,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [i, step] of steps.entries()) {
    onStart?.(step.name);
    const started = Date.now();
    let result: StepResult;
    try {
      result = { step: step.name, ok: true, detail: await step.run(), ms: Date.now() - started };
    } catch (error) {
      result = {
        step: step.name,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
        ms: Date.now() - started,
      };
    }
    results.push(result);
    onStep(result, i, steps.length);
    if (!result.ok) break;
  }
  return results;
}
