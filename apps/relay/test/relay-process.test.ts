import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { PacketId } from '@qcos/chips-codec';
import { eksLinkOfWire, eksRoundSeed } from '@qcos/eks-qkd-sim';
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import {
  applyBlock,
  buildBlock,
  createGenesis,
  encodeBlock,
  merkleRoot,
  type RecordBody,
  signBlock,
} from '@qcos/registry-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlFetch, controlTokenFile } from '../../dqn-agent/test/support/control-token.js';
import { promtoolCheckMetrics, typedMetricNames } from '../../dqn-agent/test/support/promtool.js';
import { QanStandIn } from '../../dqn-agent/test/support/qan-stand-in.js';
import {
  readyLine,
  type ServiceProcess,
  spawnService,
} from '../../dqn-agent/test/support/service-process.js';
import { honestRound, hopLink } from '../src/qkd-round.js';

const RELAY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const AGENT = fileURLToPath(new URL('../../dqn-agent/src/index.ts', import.meta.url));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const qanKey = hybridKeyFromSeed(new Uint8Array(32).fill(0x51));
const QAN_ID = hybridQuid(qanKey.publicKey);
const AGENT_SEED = '22'.repeat(32);
const agentKey = hybridKeyFromSeed(Buffer.from(AGENT_SEED, 'hex'));
const AGENT_ID = hybridQuid(agentKey.publicKey);
const BELL =
  'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];creg c[2];h q[0];cx q[0],q[1];measure q->c;';

function header(destination: string, packetId: string) {
  return {
    destination,
    source: QAN_ID,
    packetId: packetId as PacketId,
    lamport: 100,
    seq: 0,
    scope: 'job:submit',
    hopLimit: 8,
    reroute: 'allow' as const,
  };
}

describe('relay process between a QAN stand-in and a real agent', () => {
  const qan = new QanStandIn({ id: QAN_ID, publicKey: qanKey.publicKey });
  let relay: ServiceProcess;
  let agent: ServiceProcess;
  let control = 0;
  const relayToken = controlTokenFile();
  const agentToken = controlTokenFile();
  const get = (path: string) =>
    controlFetch(relayToken.token, `http://127.0.0.1:${control}${path}`);

  beforeAll(async () => {
    const qanPort = await qan.start();
    relay = spawnService(
      RELAY,
      [
        '--qan',
        `127.0.0.1:${qanPort}`,
        '--listen',
        '127.0.0.1:0',
        '--control',
        '127.0.0.1:0',
        '--control-token-file',
        relayToken.file,
        '--scope',
        'us-east',
        '--qan-public-key',
        hex(qanKey.publicKey),
        '--peers',
        JSON.stringify([
          { role: 'dqn', name: 'vega', publicKey: hex(agentKey.publicKey), scopes: ['us-east'] },
        ]),
        '--insecure-transport',
        '--eks-relay',
        '--eks-interval-ms',
        '500',
      ],
      { QCOS_IDENTITY_SEED: '33'.repeat(32) },
    );
    const ready = await readyLine(relay.child);
    expect(ready).toMatchObject({
      event: 'ready',
      transport: expect.any(Number),
      control: expect.any(Number),
    });
    control = ready.control!;
    agent = spawnService(
      AGENT,
      [
        '--alias',
        'vega',
        '--scope',
        'us-east',
        '--qubits',
        '4',
        '--connect',
        `127.0.0.1:${ready.transport}`,
        '--control-token-file',
        agentToken.file,
        '--insecure-transport',
        '--heartbeat-interval-ms',
        '300',
        '--fidelity-1q',
        '1',
        '--fidelity-2q',
        '1',
        '--readout-error',
        '0',
      ],
      { QCOS_IDENTITY_SEED: AGENT_SEED },
    );
    expect((await readyLine(agent.child)).event).toBe('ready');
  }, 60_000);

  afterAll(async () => {
    for (const p of [agent, relay]) {
      if (p !== undefined && p.child.exitCode === null) {
        p.child.kill('SIGKILL');
        await once(p.child, 'exit');
      }
    }
    await qan.listener.close();
  }, 30_000);

  it("forwards the agent's heartbeats and EKS syncs to the QAN, one hop spent, source kept", async () => {
    const beat = await qan.next((p) => p.type === 'HEARTBEAT');
    expect(beat.header.source).toBe(AGENT_ID);
    expect(beat.header.hopLimit).toBe(15);
    const sync = await qan.next((p) => p.type === 'EKS_SYNC' && p.header.source === AGENT_ID);
    expect(sync.type === 'EKS_SYNC' && sync.body.status.state).toBe('stable');
  });

  it('serves metrics that promtool passes, process metrics prefixed once', async () => {
    await qan.next((p) => p.type === 'HEARTBEAT');
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    const body = await res.text();
    const names = typedMetricNames(body);
    expect(names).toContain('qcos_relay_process_cpu_seconds_total');
    expect(names).toContain('qcos_relay_packets_forwarded_total');
    expect(
      names.filter((n) => !n.startsWith('qcos_relay_') || n.includes('process_process')),
    ).toEqual([]);
    expect(promtoolCheckMetrics(body)).toEqual({ status: 0, problems: '' });
  });

  it('delivers a job by destination alias and carries the result back', async () => {
    const id = 'ab'.repeat(16);
    qan.session!.send({
      type: 'JOB_SUBMIT',
      header: header('vega', id),
      body: {
        quri: 'q://vega/run?shots=200',
        program: BELL,
        params: { shots: 200, minFidelityPpm: 0, qubits: null, deadlineMs: null, priority: 0 },
      },
    });
    const result = await qan.next((p) => p.type === 'JOB_RESULT' && p.body.jobId === id);
    expect(result.type === 'JOB_RESULT' && result.body.counts.map((c) => c.bits)).toEqual([
      '00',
      '11',
    ]);
  });

  it('NACKs a packet for a node it does not serve', async () => {
    const id = 'cd'.repeat(16);
    qan.session!.send({
      type: 'JOB_SUBMIT',
      header: header('sirius', id),
      body: {
        quri: 'q://sirius/run',
        program: BELL,
        params: { shots: 1, minFidelityPpm: 0, qubits: null, deadlineMs: null, priority: 0 },
      },
    });
    const nack = await qan.next((p) => p.type === 'NACK' && p.body.nackOf === id);
    expect(nack.type === 'NACK' && nack.body.code).toBe('UNKNOWN_DESTINATION');
  });

  it('folds pushed registry blocks into a replica with the QAN’s Merkle root and proofs', async () => {
    const genesis = createGenesis({ networkId: 'devnet', anchorPublicKey: qanKey.publicKey });
    const record = {
      kind: 'REGISTER',
      alias: 'vega',
      address: 'relay.local:7000',
      scope: 'us-east',
      qubitCapacity: 4,
      publicKey: agentKey.publicKey,
      atMs: 1_000,
    } as RecordBody;
    const block = signBlock(buildBlock(genesis, hybridQuid(qanKey.publicKey), [record]), qanKey);
    const state = applyBlock(genesis, block);
    qan.session!.send({
      type: 'REGISTRY_BLOCK',
      header: { ...header('relay-us-east', 'ef'.repeat(16)), scope: 'registry:block' },
      body: { height: 1, block: encodeBlock(block) },
    });
    const url = `http://127.0.0.1:${control}`;
    let root: { height: number; root: string } = { height: 0, root: '' };
    for (let i = 0; i < 100 && root.height < 1; i++) {
      root = (await (await get('/registry/root')).json()) as typeof root;
      if (root.height < 1) await new Promise((r) => setTimeout(r, 100));
    }
    expect(root).toEqual({ height: 1, root: hex(merkleRoot(state)), nodeCount: 1 });
    const node = (await (await get('/registry/nodes/vega')).json()) as Record<string, unknown>;
    expect(node).toMatchObject({
      alias: 'vega',
      height: 1,
      entry: { alias: 'vega', scope: 'us-east' },
    });
    expect((await get('/registry/nodes/nobody')).status).toBe(404);
    const anonymous = await fetch(`${url}/registry/root`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('TOKEN_REQUIRED');
    const wrong = await controlFetch(agentToken.token, `${url}/health`);
    expect(((await wrong.json()) as { code: string }).code).toBe('TOKEN_INVALID');
    const health = (await (await get('/health')).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      upstreamConnected: true,
      downstream: [{ nodeId: AGENT_ID, alias: 'vega' }],
    });
  });

  it('relays EKS keys: announcements the QAN can open with keys of its own hop', async () => {
    type Announcements = {
      announcements: { node: string; nodeKeyId: string; hopKeyId: string; announcement: string }[];
    };
    let body: Announcements = { announcements: [] };
    for (let i = 0; i < 200 && body.announcements.length === 0; i++) {
      body = (await (await get('/eks/announcements')).json()) as Announcements;
      if (body.announcements.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const first = body.announcements[0]!;
    expect(first).toMatchObject({
      node: AGENT_ID,
      announcement: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The QAN end of the relay hop reproduces the hop key from its own session: round 0 of it.
    const hopKeys = (await honestRound()(
      eksRoundSeed(qan.session!.peer.eksBinding, 0),
      hopLink(10),
    ))!;
    expect(hopKeys[0]?.id).toBe(first.hopKeyId);
    // The node's rounds were mirrored, each counted by outcome; an honest node is never too fast.
    const metrics = await (await get('/metrics')).text();
    const mirrored = /^qcos_relay_eks_node_rounds_total\{outcome="mirrored"\} (\d+)$/m.exec(
      metrics,
    );
    expect(Number(mirrored?.[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).not.toContain('outcome="too_fast"');
  });

  it('sends its hop rounds and announcements up its QAN session, each M padded with a key of a round the QAN can run', async () => {
    const RELAY_ID = hybridQuid(hybridKeyFromSeed(Buffer.from('33'.repeat(32), 'hex')).publicKey);
    const hopSync = await qan.next((p) => p.type === 'EKS_SYNC' && p.header.source === RELAY_ID);
    if (hopSync.type !== 'EKS_SYNC') throw new Error('not an EKS_SYNC');
    // The QAN end runs the round the relay named, from its own session's binding.
    const seed = eksRoundSeed(qan.session!.peer.eksBinding, hopSync.body.round);
    const hopKeys = (await honestRound()(seed, eksLinkOfWire(hopSync.body.link)))!;
    expect(hopSync.body.keyIds).toEqual(hopKeys.map((k) => k.id).sort());
    const relayed = await qan.next((p) => p.type === 'EKS_RELAY');
    if (relayed.type !== 'EKS_RELAY') throw new Error('not an EKS_RELAY');
    expect(relayed.header.source).toBe(RELAY_ID);
    const first = relayed.body.announcements[0]!;
    expect(first.node).toBe('vega');
    const hop = hopKeys.find((k) => k.id === first.hopKeyId);
    expect(hop).toBeDefined();
    // The control endpoint's copy of the same announcement: K_node ⊕ K_hop, the node named by id.
    type Announcements = {
      announcements: { node: string; nodeKeyId: string; announcement: string }[];
    };
    const listed = (await (await get('/eks/announcements')).json()) as Announcements;
    const same = listed.announcements.find((a) => a.nodeKeyId === first.nodeKeyId);
    expect(same).toMatchObject({ node: AGENT_ID, announcement: hex(first.announcement) });
  });

  it('both stop cleanly on SIGTERM', async () => {
    agent.child.kill('SIGTERM');
    relay.child.kill('SIGTERM');
    const [[a], [r]] = await Promise.all([once(agent.child, 'exit'), once(relay.child, 'exit')]);
    expect(a, agent.log()).toBe(0);
    expect(r, relay.log()).toBe(0);
    expect(relay.log()).toContain('"event":"stopped"');
  });
});
