import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HealthReport, KeyId, Packet, PacketId } from '@qcos/chips-codec';
import {
  DEFAULT_EKS_LINK,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
  eksWireLinkOf,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import { hybridKeyFromSeed } from '@qcos/identity';
import { trustRoots } from '@qcos/pq-transport';
import {
  chipsPacketCodec,
  connectSecure,
  pqInitiatorHandshake,
  provisionNodeIdentity,
  type SecureConnection,
} from '@qcos/runtime';
import { authedFetch, writeTestCredentials } from './api-auth-fixture.js';

/** Test harness: a real QAN process (the built bundle) and in-process nodes over real PQ sessions. */
export const QAN_SCRIPT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

export function requireBuilt(): void {
  if (!existsSync(QAN_SCRIPT))
    throw new Error('build the QAN first: pnpm --filter @qcos/qan build');
}

export const seed = (n: number) => new Uint8Array(32).fill(n);
export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const VENDOR_SEED = seed(250);
export const vendorPublicKey = hybridKeyFromSeed(VENDOR_SEED).publicKey;

export interface TestNode {
  readonly alias: string;
  readonly scope: string;
  readonly seed: Uint8Array;
}

export interface QanProcess {
  readonly http: string;
  /** The ETSI 014 key delivery listener (https), when the config gives its TLS files. */
  readonly etsi014?: string;
  readonly transport: number;
  readonly logFile: string;
  readonly child: ChildProcess;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  logLines(): Record<string, unknown>[];
}

export function qanConfig(
  dataDir: string,
  nodes: readonly TestNode[],
  extra: Record<string, unknown> = {},
) {
  return {
    dataDir,
    identitySeed: hex(seed(1)),
    vendorSeed: hex(VENDOR_SEED),
    vendorRoots: [hex(vendorPublicKey)],
    peers: nodes.map((n) => ({
      role: 'dqn',
      name: n.alias,
      publicKey: hex(hybridKeyFromSeed(n.seed).publicKey),
      scopes: [n.scope],
      qubits: 20,
    })),
    heartbeatTimeoutMs: 1_500,
    hysteresisHeartbeats: 3,
    blockIntervalMs: 50,
    listen: '127.0.0.1:0',
    http: '127.0.0.1:0',
    ...extra,
  };
}

/** Starts the QAN bundle with a config file; resolves on its ready line. */
export async function startQan(
  config: Record<string, unknown>,
  dir = mkdtempSync(join(tmpdir(), 'qan-e2e-')),
): Promise<QanProcess> {
  const configFile = join(dir, `config-${Date.now()}.json`);
  const logFile = join(dir, 'qan.log');
  // Every test QAN knows the test principals (api-auth-fixture.ts), unless a test sets its own.
  const credentialsFile = config['credentialsFile'] ?? writeTestCredentials(dir);
  // The config holds seeds: owner-only, or the QAN refuses it (CONFIG_FILE_PERMISSIONS).
  writeFileSync(configFile, JSON.stringify({ ...config, credentialsFile, logFile }), {
    mode: 0o600,
  });
  const child = spawn(process.execPath, [QAN_SCRIPT, '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ http: number; transport: number; etsi014?: number }>(
    (resolve, reject) => {
      let buffer = '';
      child.stdout?.on('data', (d) => {
        buffer += String(d);
        const line = buffer.split('\n').find((l) => l.includes('"ready"'));
        if (line !== undefined) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`qan exited ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error(`qan not ready: ${stderr}`)), 30_000);
    },
  );
  return {
    http: `http://127.0.0.1:${ready.http}`,
    ...(ready.etsi014 === undefined ? {} : { etsi014: `https://127.0.0.1:${ready.etsi014}` }),
    transport: ready.transport,
    logFile,
    child,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    logLines() {
      if (!existsSync(logFile)) return [];
      return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}

const GOOD_REPORT = (): HealthReport => ({
  eksOk: true,
  eksLastSyncMs: Date.now(),
  fidelity1qPpm: 999_000,
  fidelity2qPpm: 990_000,
  utilisationPct: 5,
  faults: [],
});

/**
 * A node's attested identity (from its seed and the test vendor, or `vendorSeed`) and a real PQ
 * session to the QAN transport on `port`, bound to `scope` (default: the node's).
 */
export async function openNodeSession(
  port: number,
  node: TestNode,
  options: {
    measurement: string;
    handshakeTimeoutMs: number;
    vendorSeed?: Uint8Array;
    scope?: string;
  },
): Promise<{ connection: SecureConnection<Packet>; quid: string }> {
  const provisioned = provisionNodeIdentity({
    subject: node.alias,
    identitySeed: node.seed,
    vendorSeed: options.vendorSeed ?? VENDOR_SEED,
    hardwareId: `qpu:${node.alias}`,
    measurement: options.measurement,
    now: Date.now(),
  });
  const connection = await connectSecure<Packet>({
    host: '127.0.0.1',
    port,
    codec: chipsPacketCodec,
    handshakeTimeoutMs: options.handshakeTimeoutMs,
    handshake: pqInitiatorHandshake({
      identity: provisioned.identity,
      trustRoots: trustRoots([vendorPublicKey]),
      scope: options.scope ?? node.scope,
    }),
  });
  return { connection, quid: provisioned.quid };
}

/** A node speaking CHIPS over a real PQ session: heartbeats on demand, answers jobs with fixed counts. */
export async function connectNode(
  port: number,
  node: TestNode,
  options: { vendorSeed?: Uint8Array; scope?: string } = {},
): Promise<{
  connection: SecureConnection<Packet>;
  /** A header from this node to the QAN under `scope` (its Lamport time and seq advanced). */
  header(scope: string): Packet['header'];
  heartbeat(report?: HealthReport): void;
  eksSync(round: number): { keyId: string; key: Uint8Array }[];
  close(): Promise<void>;
}> {
  const { connection, quid } = await openNodeSession(port, node, {
    measurement: 'test-node',
    handshakeTimeoutMs: 10_000,
    ...options,
  });
  let seq = 0;
  const header = (scope: string) => ({
    destination: 'qan',
    source: quid as never,
    packetId: hex(crypto.getRandomValues(new Uint8Array(16))) as PacketId,
    lamport: ++seq,
    seq,
    scope,
    hopLimit: 4,
    reroute: 'deny' as const,
  });
  connection.onPacket((p) => {
    if (p.type !== 'JOB_SUBMIT') return;
    connection.send({
      type: 'JOB_RESULT',
      header: header('job:result'),
      body: {
        jobId: p.header.packetId,
        shots: 2,
        counts: [
          { bits: '00', count: 1 },
          { bits: '11', count: 1 },
        ],
      },
    });
  });
  return {
    connection,
    header,
    heartbeat: (report = GOOD_REPORT()) =>
      connection.send({ type: 'HEARTBEAT', header: header('node:heartbeat'), body: { report } }),
    /** Runs QKD round `round` as the agent does (Alice) and announces its key_IDs in EKS_SYNC. */
    eksSync: (round) => {
      const link = eksWireLinkOf(DEFAULT_EKS_LINK);
      const seed = eksRoundSeed(connection.peer.eksBinding, round);
      const outcome = runEksRound(seed, eksLinkOfWire(link), 'alice');
      if (!outcome.ok) throw new Error(`round aborted: ${outcome.reason}`);
      const keys = eksRoundKeys(seed, outcome.key).map((k) => ({ keyId: k.id, key: k.key }));
      const keyIds = keys.map((k) => k.keyId as KeyId).sort();
      const status = {
        state: 'stable',
        lastSyncMs: Date.now(),
        keyBitsAvailable: keys.length * 256,
      } as const;
      connection.send({
        type: 'EKS_SYNC',
        header: header('eks:sync'),
        body: { status, keyIds, round, link },
      });
      return keys;
    },
    close: () => connection.close(),
  };
}

/** GET with the operator's token (every token route allows it). */
export async function getJson<T>(url: string): Promise<T> {
  const r = await authedFetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

export async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
