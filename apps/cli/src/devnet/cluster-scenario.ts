import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex, hybridQuid } from '@qcos/identity';
import type { NodeView, QanApiClient } from '@qcos/qan-api';
import { type ContractStage, contractSteps } from './contract-steps.js';
import type { DevnetNetwork, RunningQan } from './network.js';
import { BELL_PROGRAM } from './programs.js';
import { check, rigelRerouted, runJob, type Step, waitStatus } from './scenario.js';
import { waitFor } from './wait.js';

/** What every cluster step reads: the network and the timings it runs with. */
interface ClusterContext {
  readonly net: DevnetNetwork;
  readonly t: DevnetNetwork['timings'];
}

/** The running QANs with their 1-based names. */
function runningQans(net: DevnetNetwork): { name: string; qan: RunningQan }[] {
  return net.qans.flatMap((qan, i) => (qan === undefined ? [] : [{ name: `QAN-${i + 1}`, qan }]));
}

function qanApi(net: DevnetNetwork, index: number): QanApiClient {
  const qan = net.qans[index];
  if (qan === undefined) throw new Error(`QAN-${index + 1} is not running`);
  return qan.api;
}

/** Waits until `alias` has `status` (and `reason`) on every running QAN. */
async function statusEverywhere(
  net: DevnetNetwork,
  alias: string,
  status: NodeView['status'],
  reason: string | null,
  timeoutMs: number,
): Promise<string> {
  const qans = runningQans(net);
  for (const { qan } of qans) await waitStatus(qan.api, alias, status, reason, timeoutMs);
  return qans.map((q) => q.name).join(', ');
}

/**
 * Every running QAN has the same Merkle root at the lowest head among them (blocks keep coming,
 * so heads differ by the blocks in flight; at a height all have folded, the roots must agree).
 */
async function sameRoot(net: DevnetNetwork): Promise<string> {
  const qans = runningQans(net);
  const heads = await Promise.all(qans.map(({ qan }) => qan.api.merkleRoot({ query: {} })));
  const height = Math.min(...heads.map((h) => h.height));
  check(height > 0, 'no block committed yet');
  const roots = await Promise.all(qans.map(({ qan }) => qan.api.merkleRoot({ query: { height } })));
  const differ = roots.filter((r) => r.root !== roots[0]?.root);
  check(
    differ.length === 0,
    `height ${height}: ${qans.map((q, i) => `${q.name} ${roots[i]?.root.slice(0, 16)}`).join(', ')}`,
  );
  const top = Math.max(...heads.map((h) => h.height));
  return `${qans.length} QANs, heads ${height}–${top}, root at ${height} ${roots[0]?.root.slice(0, 16)}… on all`;
}

/** Records of `kind` in the blocks from `fromHeight` on, as `api` serves them: alias and origin. */
async function recordsOfKind(
  api: QanApiClient,
  kind: string,
  fromHeight: number,
): Promise<{ alias: string; origin: string }[]> {
  const found: { alias: string; origin: string }[] = [];
  for (let from = Math.max(1, fromHeight); ; from += 100) {
    const page = await api.listBlocks({ query: { from, limit: 100 } });
    for (const block of page.blocks)
      for (const r of block.records)
        if (r.kind === kind)
          found.push({ alias: typeof r.alias === 'string' ? r.alias : '?', origin: block.origin });
    if (from + 100 > page.height) return found;
  }
}

/** The quid the blocks of QAN `index` carry as their origin. */
function qanQuid(net: DevnetNetwork, index: number): string {
  return hybridQuid(fromHex(net.topology.qans[index]?.publicKeyHex ?? ''));
}

const allActiveEverywhere = ({ net }: ClusterContext): Step => ({
  name: 'all four nodes register, each at its own QAN, and are ACTIVE on every QAN',
  run: async () => {
    for (const n of net.topology.nodes)
      await statusEverywhere(net, n.alias, 'ACTIVE', null, 45_000);
    const at = net.topology.nodes.map((n) =>
      n.behindRelay
        ? `${n.alias}@relay→QAN-${(net.topology.relay.qans[0] ?? 0) + 1}`
        : `${n.alias}@QAN-${(n.qans[0] ?? 0) + 1}`,
    );
    return at.join(', ');
  },
});

const sameRootStep =
  (label: string) =>
  ({ net }: ClusterContext): Step => ({
    name: label,
    run: () => waitFor('the same root on every QAN', () => sameRoot(net), 15_000, 300),
  });

const eavesdropperOnQan2 = ({ net }: ClusterContext): Step => ({
  name: 'eavesdropper on rigel (attached to QAN-2) → QUARANTINE (EKS_LOSS) on every QAN',
  run: async () => {
    await net.setFaults('rigel', { eavesdropper: 0.5 });
    return `rigel QUARANTINE on ${await statusEverywhere(net, 'rigel', 'QUARANTINE', 'EKS_LOSS', 20_000)}`;
  },
});

const rerouteAtQan1 = ({ net }: ClusterContext): Step => ({
  name: 'job for rigel submitted to QAN-1 is soft-rejected and re-routed to sirius',
  run: async () => `QAN-1: ${await rigelRerouted(qanApi(net, 0))}`,
});

/** The job ids QAN `index` passed on to its nodes for other QANs, from its log. */
function passedOnBy(net: DevnetNetwork, index: number): string[] {
  const file = join(net.dataDir, 'logs', `${net.qanName(index)}.log`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"job_passed_on"'))
    .map((line) => String((JSON.parse(line) as { jobId?: unknown }).jobId));
}

/** A job for `alias` submitted to QAN `at` completes on `alias`, passed on by QAN `holder`. */
async function deliveredThrough(
  net: DevnetNetwork,
  at: number,
  alias: string,
  holder: number,
): Promise<void> {
  const job = await runJob(qanApi(net, at), `q://${alias}/run?shots=200`, BELL_PROGRAM);
  check(
    job.status === 'completed' && job.result?.executedBy === alias,
    `${alias} from QAN-${at + 1}: ${job.status} ${JSON.stringify(job.error)}`,
  );
  check(
    passedOnBy(net, holder).includes(job.jobId),
    `QAN-${holder + 1} did not pass on the job for ${alias}`,
  );
}

const deliveredAcrossQans = ({ net }: ClusterContext): Step => ({
  name: 'jobs submitted to QAN-1 and QAN-2 for nodes attached to QAN-3 go through QAN-3',
  run: async () => {
    await deliveredThrough(net, 0, 'altair', 2);
    await deliveredThrough(net, 1, 'vega', 2);
    return 'altair: QAN-1 → QAN-3 → altair; vega: QAN-2 → QAN-3 → relay → vega; both completed';
  },
});

/** The nodes that reach the network through QAN `index`, directly or through the relay. */
function attachedTo(net: DevnetNetwork, index: number): string[] {
  const relayFirst = net.topology.relay.qans[0] === index && net.relay !== undefined;
  return net.topology.nodes
    .filter((n) => (n.behindRelay && net.relay !== undefined ? relayFirst : n.qans[0] === index))
    .map((n) => n.alias);
}

const qan3Killed = ({ net, t }: ClusterContext): Step => ({
  name: 'QAN-3 killed (SIGKILL) → its DQNs and the relay fail over to QAN-1 and stay ACTIVE',
  run: async () => {
    const moved = attachedTo(net, 2);
    check(moved.length > 0, 'no node is attached to QAN-3');
    const api = qanApi(net, 0);
    const heightAtKill = (await api.merkleRoot({ query: {} })).height;
    const killedAt = Date.now();
    await net.killQan(2);
    // Heartbeats must keep arriving through QAN-1 until well past one timeout after the kill.
    for (const alias of moved)
      await waitFor(
        `${alias} heartbeating through another QAN`,
        async () => {
          const n = await api.getNode({ params: { alias } });
          return (n.lastHeartbeatMs ?? 0) > killedAt + t.heartbeatTimeoutMs + 1_000 ? n : undefined;
        },
        t.heartbeatTimeoutMs + 20_000,
      );
    const views = await Promise.all(moved.map((alias) => api.getNode({ params: { alias } })));
    check(
      views.every((v) => v.status === 'ACTIVE'),
      views.map((v) => `${v.alias} ${v.status}`).join(', '),
    );
    const verdicts = await recordsOfKind(api, 'HEARTBEAT_TIMEOUT', heightAtKill);
    check(verdicts.length === 0, `HEARTBEAT_TIMEOUT verdicts for ${verdicts.map((v) => v.alias)}`);
    // Their latest heartbeats were sealed by QAN-1: the QAN their sessions moved to.
    const heartbeats = await recordsOfKind(api, 'HEARTBEAT', heightAtKill);
    for (const alias of moved) {
      const last = heartbeats.filter((h) => h.alias === alias).at(-1);
      check(
        last?.origin === qanQuid(net, 0),
        `${alias}'s last heartbeat sealed by ${last?.origin}`,
      );
    }
    return `${moved.join(' and ')} ACTIVE, heartbeats now sealed by QAN-1, no HEARTBEAT_TIMEOUT verdict`;
  },
});

const followsTheFailover = ({ net }: ClusterContext): Step => ({
  name: 'after the failover, a job for altair submitted to QAN-2 goes through QAN-1',
  run: async () => {
    await deliveredThrough(net, 1, 'altair', 0);
    return 'altair: QAN-2 → QAN-1 → altair, completed';
  },
});

const etcdMemberKilled = ({ net }: ClusterContext): Step => ({
  name: 'one etcd member killed (SIGKILL) → blocks keep committing',
  run: async () => {
    const member = net.etcd?.members[2];
    check(member !== undefined, 'no etcd cluster');
    const before = await Promise.all(
      runningQans(net).map(({ qan }) => qan.api.merkleRoot({ query: {} })),
    );
    await member!.stop('SIGKILL');
    const target = Math.max(...before.map((r) => r.height)) + 5;
    const after = await waitFor(
      `blocks past height ${target} on every QAN`,
      async () => {
        const heads = await Promise.all(
          runningQans(net).map(({ qan }) => qan.api.merkleRoot({ query: {} })),
        );
        return heads.every((h) => h.height >= target) ? heads : undefined;
      },
      30_000,
    );
    return `${member!.name} killed; heads ${before.map((r) => r.height).join('/')} → ${after.map((r) => r.height).join('/')}`;
  },
});

const rigelBack = ({ net, t }: ClusterContext): Step => ({
  name: 'eavesdropper removed → rigel ACTIVE again on every QAN',
  run: async () => {
    await net.setFaults('rigel', { eavesdropper: 0 });
    const recoverMs =
      t.heartbeatTimeoutMs + (t.hysteresisHeartbeats + 6) * t.heartbeatIntervalMs + 10_000;
    return `rigel ACTIVE on ${await statusEverywhere(net, 'rigel', 'ACTIVE', null, recoverMs)}`;
  },
});

const qan3Restarted = ({ net }: ClusterContext): Step => ({
  name: 'QAN-3 restarted (etcd member still down) → catches up to the same root',
  run: async () => {
    await net.startQan(2);
    return waitFor('the same root on every QAN', () => sameRoot(net), 20_000, 300);
  },
});

/**
 * The cluster scenario: three QANs on one registry in etcd agree on its root; an EKS loss at one
 * QAN quarantines the node on all, and another QAN soft-rejects and re-routes a job for it; a QAN
 * crash moves its DQNs to another QAN before any timeout; an etcd member crash does not stop
 * commits; the crashed QAN comes back to the same root.
 */
/**
 * The contract steps on the cluster: the two racing requests go to QAN-1 and QAN-2, the links
 * join altair and vega (both attached to QAN-3, which runs them), and each window participant
 * reports to its own home QAN. rigel is left out: the eavesdropper still quarantines it.
 */
function clusterStage(net: DevnetNetwork): ContractStage {
  const homeIndex = (alias: string) => [0, 1, 2].find((i) => attachedTo(net, i).includes(alias));
  return {
    racers: [qanApi(net, 0), qanApi(net, 1)],
    conflict: ['sirius', 'altair'],
    window: ['sirius', 'altair', 'vega'],
    victim: 'sirius',
    linkQan: qanApi(net, 2),
    link: ['altair', 'vega'],
    linkScope: 'us-east',
    homeOf: (alias) => qanApi(net, homeIndex(alias) ?? 0),
    everyQan: [0, 1, 2].map((i) => qanApi(net, i)),
  };
}

export function clusterScenarioSteps(net: DevnetNetwork): Step[] {
  const context: ClusterContext = { net, t: net.timings };
  const t = net.timings;
  const recoverMs =
    t.heartbeatTimeoutMs + (t.hysteresisHeartbeats + 6) * t.heartbeatIntervalMs + 10_000;
  return [
    allActiveEverywhere,
    sameRootStep('every QAN folds the same blocks: same Merkle root'),
    eavesdropperOnQan2,
    rerouteAtQan1,
    deliveredAcrossQans,
  ]
    .map((step) => step(context))
    .concat(contractSteps(net, clusterStage(net), recoverMs))
    .concat(clusterTail(context));
}

/** The steps after the contract steps: QAN and etcd faults, and recovery. */
function clusterTail(context: ClusterContext): Step[] {
  return [qan3Killed, followsTheFailover, etcdMemberKilled, rigelBack, qan3Restarted].map((step) =>
    step(context),
  );
}
