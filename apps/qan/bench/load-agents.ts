/**
 * What the QAN load benchmarks share: synthetic agents with real identities over real
 * post-quantum sessions (heartbeats only: they report a healthy EKS and run no QKD rounds), the
 * CPU time of a process, quantiles, and the QAN's heartbeat-commit histogram from /metrics.
 */
import { readFileSync } from 'node:fs';
import type { Packet } from '@qcos/chips-codec';
import type { SecureConnection } from '@qcos/runtime';
import { authedFetch } from '../test/api-auth-fixture.js';
import { hex, openNodeSession, type TestNode } from '../test/harness.js';

export function agentSeed(i: number): Uint8Array {
  const s = new Uint8Array(32);
  new DataView(s.buffer).setUint32(0, i + 1);
  s[31] = 0xa5;
  return s;
}

export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
}

export function quantile(sorted: number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}

/** Cumulative bucket counts of the QAN's heartbeat commit histogram, from /metrics. */
export async function commitBuckets(http: string): Promise<Map<number, number>> {
  // /metrics is a reader route: the test principals' token (every bench QAN knows them).
  const response = await authedFetch(`${http}/metrics`);
  if (!response.ok) throw new Error(`${http}/metrics: HTTP ${response.status}`);
  const text = await response.text();
  const out = new Map<number, number>();
  for (const m of text.matchAll(
    /^qcos_qan_heartbeat_commit_seconds_bucket\{le="([^"]+)"\} (\d+)/gm,
  )) {
    out.set(m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2]));
  }
  return out;
}

/** The bucket bound under which fraction q of the observations in (before, after] fall. */
export function bucketQuantile(
  before: Map<number, number>,
  after: Map<number, number>,
  q: number,
): string {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total =
    (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0);
  for (const b of bounds) {
    const n = (after.get(b) ?? 0) - (before.get(b) ?? 0);
    if (n >= q * total)
      return b === Number.POSITIVE_INFINITY ? '> 5 s' : `≤ ${(b * 1000).toFixed(0)} ms`;
  }
  return 'n/a';
}

export interface Agent {
  connection: SecureConnection<Packet>;
  beat(): void;
}

/** One simulated agent: a real identity and a real PQ session; records send → ACK latency. */
export async function connectAgent(
  port: number,
  node: TestNode,
  onAck: (ms: number) => void,
): Promise<Agent> {
  const { connection, quid } = await openNodeSession(port, node, {
    measurement: 'bench-agent',
    handshakeTimeoutMs: 120_000,
  });
  const sentAt = new Map<string, number>();
  let seq = 0;
  connection.onPacket((p) => {
    if (p.type !== 'ACK') return;
    const t = sentAt.get(p.body.ackOf);
    if (t === undefined) return;
    sentAt.delete(p.body.ackOf);
    onAck(performance.now() - t);
  });
  return {
    connection,
    beat() {
      const packetId = hex(crypto.getRandomValues(new Uint8Array(16)));
      sentAt.set(packetId, performance.now());
      seq++;
      connection.send({
        type: 'HEARTBEAT',
        header: {
          destination: 'qan',
          source: quid as never,
          packetId: packetId as never,
          lamport: seq,
          seq,
          scope: 'node:heartbeat',
          hopLimit: 4,
          reroute: 'deny',
        },
        body: {
          report: {
            eksOk: true,
            eksLastSyncMs: Date.now(),
            fidelity1qPpm: 999_000,
            fidelity2qPpm: 990_000,
            utilisationPct: 10,
            faults: [],
          },
        },
      });
    },
  };
}

/** The value of an unlabelled metric on a QAN's /metrics (NaN when absent). */
export async function metricValue(http: string, name: string): Promise<number> {
  const response = await authedFetch(`${http}/metrics`);
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
}

/** Each agent heartbeats this often. */
export const HEARTBEAT_MS = 1_000;
/** Handshakes opened at once: each provisions an identity and runs ML-DSA and X-Wing. */
const CONNECT_CONCURRENCY = 8;

/** Connects agent i to the QAN transport port `portOf(i)`, a few handshakes at a time. */
export async function connectAll(
  portOf: (i: number) => number,
  nodes: readonly TestNode[],
  onAck: (ms: number) => void,
): Promise<Agent[]> {
  const agents: Agent[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < nodes.length; i = next++)
      agents[i] = await connectAgent(portOf(i), nodes[i] as TestNode, onAck);
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  return agents;
}

/** Starts every agent heartbeating at HEARTBEAT_MS, phases spread over the interval; returns each one's stopper. */
export function beatEach(agents: readonly Agent[]): (() => void)[] {
  return agents.map((a, i) => {
    let t: NodeJS.Timeout | undefined;
    const start = setTimeout(
      () => {
        a.beat();
        t = setInterval(() => a.beat(), HEARTBEAT_MS);
      },
      (i * HEARTBEAT_MS) / agents.length,
    );
    return () => {
      clearTimeout(start);
      clearInterval(t);
    };
  });
}
