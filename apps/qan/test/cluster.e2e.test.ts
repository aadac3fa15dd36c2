import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EtcdCluster, freePort, startEtcdCluster } from '@qcos/etcd-store';
import { hybridKeyFromSeed } from '@qcos/identity';
import {
  createGenesisDocument,
  DEFAULT_POLICY,
  type StatusPolicy,
  signOperatorAction,
} from '@qcos/registry-core';
import { openDatabase, sqliteSnapshotStore } from '@qcos/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, bearer } from './api-auth-fixture.js';
import {
  connectNode,
  getJson,
  hex,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  type TestNode,
  until,
  VENDOR_SEED,
} from './harness.js';

// Two QAN processes of one network on one block log in a real three-member etcd cluster: a node
// attached to QAN-1 is known to QAN-2, its quarantine at QAN-1 is QAN-2's too, and a QAN killed
// with SIGKILL catches up, when it comes back, to the blocks written without it.
interface Root {
  height: number;
  root: string;
}
interface NodeView {
  status: string;
  reason?: string;
  lastHeartbeatMs: number | null;
}
interface JobView {
  status: string;
  decision: { outcome: string; alias?: string };
  result?: { counts: Record<string, number>; shots: number; executedBy: string };
}
interface BlockList {
  height: number;
  blocks: { height: number; origin: string; records: { kind: string; alias?: string }[] }[];
}

const rigel: TestNode = { alias: 'rigel', scope: 'eu-west', seed: seed(11) };
const vega: TestNode = { alias: 'vega', scope: 'eu-west', seed: seed(13) };
const deneb: TestNode = { alias: 'deneb', scope: 'eu-west', seed: seed(14) };
/** The network's heartbeat timeout: silence this long gets a node a HEARTBEAT_TIMEOUT verdict. */
const TIMEOUT_MS = 3_000;
const AGENT_SCRIPT = fileURLToPath(new URL('../../dqn-agent/dist/index.js', import.meta.url));
const anchor = hybridKeyFromSeed(seed(60));
const qanSeeds = [seed(61), seed(62)];

describe('QANs sharing one registry in etcd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qan-cluster-'));
  const genesisFile = join(dir, 'genesis.qgd');
  let etcd: EtcdCluster;
  const qans: QanProcess[] = [];

  const runDir = (name: string) => {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  /** Transport ports chosen up front, so each QAN's config can list the others (`qanPeers`). */
  let ports: number[] = [];
  const config = (i: number) =>
    qanConfig(join(dir, `qan-${i + 1}`), [rigel, vega, deneb], {
      networkId: 'cluster',
      genesisFile,
      identitySeed: hex(qanSeeds[i] as Uint8Array),
      etcdEndpoints: [...etcd.endpoints],
      heartbeatTimeoutMs: TIMEOUT_MS,
      listen: `127.0.0.1:${ports[i]}`,
      qanPeers: ports.filter((_, j) => j !== i).map((p) => `127.0.0.1:${p}`),
      snapshotEvery: 4,
    });

  beforeAll(async () => {
    requireBuilt();
    if (!existsSync(AGENT_SCRIPT))
      throw new Error('build the agent first: pnpm --filter @qcos/dqn-agent build');
    writeFileSync(
      genesisFile,
      createGenesisDocument({
        networkId: 'cluster',
        anchorKey: anchor,
        policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: TIMEOUT_MS },
        members: qanSeeds.map((s) => ({
          role: 'QAN' as const,
          publicKey: hybridKeyFromSeed(s).publicKey,
          levelPpm: 1_000_000,
        })),
      }),
    );
    etcd = await startEtcdCluster({ dir: join(dir, 'etcd') });
    ports = [await freePort(), await freePort()];
    for (let i = 0; i < 2; i++) qans.push(await startQan(config(i), runDir(`run-${i + 1}`)));
  });
  afterAll(async () => {
    for (const q of qans) await q.stop();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Both QANs at the same height, with the same Merkle root at it. */
  const sameRoot = () =>
    until(async () => {
      const [a, b] = await Promise.all(
        qans.map((q) => getJson<Root>(`${q.http}/api/v1/merkle/root`)),
      );
      return a !== undefined && b !== undefined && a.height === b.height && a.root === b.root
        ? a
        : undefined;
    });

  it('a node registered and heartbeating at QAN-1 is ACTIVE at QAN-2, with the same root on both', async () => {
    const node = await connectNode((qans[0] as QanProcess).transport, rigel);
    // Heartbeats as an agent sends them, until the policy's good heartbeats make it ACTIVE.
    const view = await until(async () => {
      node.heartbeat();
      const v = await getJson<NodeView>(`${qans[1]?.http}/api/v1/nodes/rigel`);
      return v.status === 'ACTIVE' ? v : undefined;
    });
    expect(view.status).toBe('ACTIVE');
    const root = await sameRoot();
    expect(root.height).toBeGreaterThanOrEqual(1);

    // An EKS loss reported to QAN-1 quarantines the node on QAN-2 as well.
    node.heartbeat({
      eksOk: false,
      eksLossReason: 'EAVESDROPPER_DETECTED',
      eksLastSyncMs: 0,
      fidelity1qPpm: 999_000,
      fidelity2qPpm: 990_000,
      utilisationPct: 5,
      faults: [],
    });
    const quarantined = await until(async () => {
      const v = await getJson<NodeView>(`${qans[1]?.http}/api/v1/nodes/rigel`);
      return v.status === 'QUARANTINE' ? v : undefined;
    });
    expect(quarantined.reason).toBe('EKS_LOSS');
    await sameRoot();
    await node.close();
  });

  it('a job submitted to QAN-2 for a node attached to QAN-1 goes through QAN-1, and its result comes back', async () => {
    const [first, second] = qans as [QanProcess, QanProcess];
    const node = await connectNode(first.transport, deneb);
    await until(async () => {
      node.heartbeat();
      const v = await getJson<NodeView>(`${second.http}/api/v1/nodes/deneb`);
      return v.status === 'ACTIVE' ? v : undefined;
    });
    const submitted = await authedFetch(`${second.http}/api/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uri: 'q://deneb/run?shots=2', program: 'OPENQASM 2.0;' }),
    });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };
    const job = await until(async () => {
      const j = await getJson<JobView>(`${second.http}/api/v1/jobs/${jobId}`);
      return j.status === 'dispatched' ? undefined : j;
    });
    expect(job).toMatchObject({
      status: 'completed',
      decision: { outcome: 'deliver', alias: 'deneb' },
      result: { counts: { '00': 1, '11': 1 }, shots: 2, executedBy: 'deneb' },
    });
    // QAN-1 passed it on; QAN-2 sent it over its link to QAN-1, not to any session of its own.
    const passedOn = first.logLines().filter((l) => l['event'] === 'job_passed_on');
    expect(passedOn.map((l) => [l['alias'], l['jobId']])).toStrictEqual([['deneb', jobId]]);
    await node.close();
  });

  it('a DQN identity asking a QAN for a QAN session is refused, and so is a QAN outside the registry', async () => {
    const second = qans[1] as QanProcess;
    await expect(connectNode(second.transport, rigel, { scope: 'qan' })).rejects.toThrow();
    const outsider: TestNode = { alias: 'outsider', scope: 'qan', seed: seed(66) };
    await expect(connectNode(second.transport, outsider)).rejects.toThrow();
    const reasons = await until(async () => {
      const r = second
        .logLines()
        .filter((l) => l['event'] === 'peer_rejected')
        .map((l) => l['reason']);
      return r.length >= 2 ? r : undefined;
    });
    expect(reasons.slice(-2)).toStrictEqual(['UNTRUSTED_QAN', 'UNTRUSTED_QAN']);
  });

  it('an operator schedules protocol 2: both QANs fold the same rooted blocks, and a QAN with an empty data directory starts from the other’s snapshot', async () => {
    const [first, second] = qans as [QanProcess, QanProcess];
    const members = await getJson<{ genesisHash: string; policy: StatusPolicy }>(
      `${first.http}/api/v1/members`,
    );
    const at = (await sameRoot()).height + 6;
    const { policy } = members;
    const record = {
      kind: 'POLICY' as const,
      policy: { ...policy, version: policy.version + 1, protocol: 2, protocolHeight: at },
    };
    const signed = signOperatorAction(
      { genesisHash: Buffer.from(members.genesisHash, 'hex'), seq: 1, atMs: Date.now(), record },
      anchor,
    );
    const posted = await fetch(`${first.http}/api/v1/operator-actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer() },
      body: JSON.stringify({
        action: hex(signed.action),
        signerKey: hex(signed.signerKey),
        signature: hex(signed.signature),
      }),
    });
    expect(posted.status).toBe(202);
    // Heartbeats at QAN-1 drive blocks past the height and past QAN-1's next snapshot.
    const node = await connectNode(first.transport, rigel);
    await until(async () => {
      node.heartbeat();
      const r = await getJson<Root>(`${second.http}/api/v1/merkle/root`);
      return r.height >= at + 8 ? r : undefined;
    });
    await node.close();
    const around = (q: QanProcess) =>
      getJson<{ blocks: { version: number; hash: string; stateRoot?: string }[] }>(
        `${q.http}/api/v1/blocks?from=${at - 1}&limit=2`,
      );
    const [viaFirst, viaSecond] = await Promise.all([around(first), around(second)]);
    expect(viaSecond.blocks.map((b) => b.version)).toStrictEqual([1, 2]);
    expect(viaSecond.blocks[1]?.stateRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(viaSecond).toStrictEqual(viaFirst);

    // QAN-2 again, from an empty data directory and QAN-1's newest snapshot.
    await second.stop();
    const db = openDatabase(join(dir, 'qan-1', 'qan.db'));
    const snapshot = await sqliteSnapshotStore(db).latest();
    db.close();
    expect(snapshot?.height).toBeGreaterThanOrEqual(at);
    const snapshotFile = join(dir, 'handed-over.snapshot');
    writeFileSync(snapshotFile, snapshot?.bytes ?? new Uint8Array());
    const fresh = { ...config(1), dataDir: join(dir, 'qan-2-fresh'), snapshotFile };
    qans[1] = await startQan(fresh, runDir('run-2-fresh'));
    const after = await sameRoot();
    expect(after.height).toBeGreaterThanOrEqual(snapshot?.height ?? Number.POSITIVE_INFINITY);
    const recovered = (qans[1] as QanProcess)
      .logLines()
      .find((l) => l['msg'] === 'registry recovered from the block log');
    expect(recovered).toMatchObject({ fromSnapshot: snapshot?.height });
  });

  it('QAN-1 killed with SIGKILL: the node moves to QAN-2, blocks go on, and QAN-1 comes back to the same root', async () => {
    const first = qans[0] as QanProcess;
    const before = await sameRoot();
    await first.kill9();
    // Both QANs list rigel as a peer: its agent fails over to QAN-2, whose blocks go on.
    const node = await connectNode((qans[1] as QanProcess).transport, rigel);
    const during = await until(async () => {
      node.heartbeat();
      const r = await getJson<Root>(`${qans[1]?.http}/api/v1/merkle/root`);
      return r.height > before.height ? r : undefined;
    });
    await node.close();
    qans[0] = await startQan(config(0), runDir('run-1b'));
    const after = await sameRoot();
    expect(after.height).toBeGreaterThanOrEqual(during.height);
  });

  it('an agent listing both QANs fails over when its QAN is killed, and its node is never quarantined', async () => {
    const ports = qans.map((q) => `127.0.0.1:${q.transport}`).join(',');
    const tokenDir = mkdtempSync(join(tmpdir(), 'agent-token-'));
    const tokenFile = join(tokenDir, 'control.token');
    writeFileSync(tokenFile, `${'c'.repeat(64)}\n`, { mode: 0o600 });
    const agent = spawn(
      process.execPath,
      [
        AGENT_SCRIPT,
        '--alias',
        'vega',
        '--scope',
        'eu-west',
        '--connect',
        ports,
        '--control',
        '127.0.0.1:0',
        '--control-token-file',
        tokenFile,
        '--heartbeat-interval-ms',
        '200',
      ],
      {
        env: {
          ...process.env,
          QCOS_IDENTITY_SEED: hex(vega.seed),
          QCOS_VENDOR_SEED: hex(VENDOR_SEED),
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    try {
      const nodeAt = (q: QanProcess) => getJson<NodeView>(`${q.http}/api/v1/nodes/vega`);
      await until(
        async () => ((await nodeAt(qans[1] as QanProcess)).status === 'ACTIVE' ? true : undefined),
        30_000,
      );
      const killedAt = Date.now();
      await (qans[0] as QanProcess).kill9();
      // Heartbeats keep coming through QAN-2 until well past one timeout after the kill.
      const later = await until(async () => {
        const v = await nodeAt(qans[1] as QanProcess);
        return (v.lastHeartbeatMs ?? 0) > killedAt + TIMEOUT_MS + 1_000 ? v : undefined;
      }, 30_000);
      expect(later.status).toBe('ACTIVE');
      const verdicts = await recordsAbout(qans[1] as QanProcess, 'vega', 'HEARTBEAT_TIMEOUT');
      expect(verdicts).toStrictEqual([]);
      expect(
        (await recordsAbout(qans[1] as QanProcess, 'vega', 'HEARTBEAT')).length,
      ).toBeGreaterThan(0);
    } finally {
      agent.kill('SIGKILL');
      await exited;
      rmSync(tokenDir, { recursive: true, force: true });
    }
  });
});

/** The origin QAN of every record of `kind` about `alias` in the log, read through an API. */
async function recordsAbout(qan: QanProcess, alias: string, kind: string): Promise<string[]> {
  const found: string[] = [];
  for (let from = 1; ; from += 100) {
    const page = await getJson<BlockList>(`${qan.http}/api/v1/blocks?from=${from}&limit=100`);
    for (const b of page.blocks)
      for (const r of b.records) if (r.kind === kind && r.alias === alias) found.push(b.origin);
    if (from + 100 > page.height) return found;
  }
}
