import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EtcdCluster, freePort, startEtcdCluster } from '@qcos/etcd-store';
import { createQanApiClient, type QanApiClient } from '@qcos/qan-api';
import { mtlsFetch } from '@qcos/runtime';
import { type DevnetCredentials, issueDevnetCredentials } from './credentials.js';
import { type DevnetGenesis, writeDevnetGenesis } from './devnet-genesis.js';
import { readyPort, type ServiceProcess, spawnService } from './service-process.js';
import {
  type DevnetNode,
  type DevnetTimings,
  type DevnetTopology,
  devnetResources,
} from './topology.js';

/** Where the service bundles are, relative to this CLI's bundle (apps/cli/dist/index.js). */
export const APP_SCRIPTS = {
  qan: fileURLToPath(new URL('../../qan/dist/index.js', import.meta.url)),
  relay: fileURLToPath(new URL('../../relay/dist/index.js', import.meta.url)),
  agent: fileURLToPath(new URL('../../dqn-agent/dist/index.js', import.meta.url)),
};

export interface RunningAgent {
  readonly node: DevnetNode;
  readonly process: ServiceProcess;
  readonly controlUrl: string;
  /** The bearer token of its control endpoint. */
  readonly controlToken: string;
}

/** One running QAN of the devnet: its process, its HTTP API and its transport port. */
export interface RunningQan {
  readonly process: ServiceProcess;
  readonly http: string;
  /** Its API with the devnet operator's token. */
  readonly api: QanApiClient;
  readonly transport: number;
}

/** The processes of a running devnet and how to reach them. */
export class DevnetNetwork {
  /** The QANs by index; a killed one is `undefined`. */
  readonly qans: (RunningQan | undefined)[] = [];
  /** The etcd members the cluster's QANs keep their one registry in (cluster only). */
  etcd: EtcdCluster | undefined;
  relay: ServiceProcess | undefined;
  /** Why the relay is not running, when it is not. */
  relayProblem: string | undefined;
  readonly agents = new Map<string, RunningAgent>();
  /** The devnet's tokens and SAE certificates (issued by startQans). */
  credentials: DevnetCredentials | undefined;
  /** The ETSI 014 key delivery listener of QAN-1 (mutual TLS). */
  kmeUrl: string | undefined;
  private relayTransport = 0;
  /** The transport port of each QAN of a cluster, chosen up front so each can list the others. */
  private qanPorts: number[] = [];
  /** The genesis document the QANs and the relay start from, and the anchor and operator keys. */
  readonly genesis: DevnetGenesis;
  /** Control tokens by service name, each also in an owner-only file the service reads. */
  private readonly controlTokens = new Map<string, string>();

  constructor(
    readonly topology: DevnetTopology,
    readonly timings: DevnetTimings,
    readonly dataDir: string,
    readonly options: {
      readonly insecureTransport?: boolean;
      readonly log?: (line: string) => void;
    } = {},
  ) {
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    this.genesis = writeDevnetGenesis(dataDir, topology, timings);
  }

  /** Several QANs share one registry in etcd; a single QAN keeps it in its own SQLite file. */
  get cluster(): boolean {
    return this.topology.qans.length > 1;
  }

  /** QAN-1's API (with the operator's token): what the single devnet's scenario reads. */
  get api(): QanApiClient | undefined {
    return this.qans[0]?.api;
  }

  /** The service name of QAN `index` (its log file, its config file). */
  qanName(index: number): string {
    return this.cluster ? `qan-${index + 1}` : 'qan';
  }

  private logFile(name: string): string {
    return join(this.dataDir, 'logs', `${name}.log`);
  }

  /** Config files hold seeds: written owner-only, as the services require of any secret file. */
  private writePrivateConfig(name: string, config: object): string {
    const file = join(this.dataDir, name);
    writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600); // the mode above applies only when the file is created
    return file;
  }

  /**
   * A fresh control token for one service, written to `<dataDir>/tokens/<name>.token` (mode
   * 0600); returns the flags that point the service at the file. The token never appears on a
   * command line.
   */
  private controlTokenFlags(name: string): string[] {
    const file = this.controlTokenFile(name);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const token = randomBytes(32).toString('hex');
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    this.controlTokens.set(name, token);
    return ['--control-token-file', file];
  }

  /** Where a service's control token is kept. */
  private controlTokenFile(name: string): string {
    return join(this.dataDir, 'tokens', `${name}.token`);
  }

  /** A request to a service's control endpoint, with its token. */
  controlFetch(name: string, url: string, init: RequestInit = {}): Promise<Response> {
    const token = this.controlTokens.get(name);
    if (token === undefined) throw new Error(`no control token for ${name}`);
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers });
  }

  /** GET `path` on the relay's control endpoint (with its token). */
  relayControl(path: string): Promise<Response> {
    const url = this.relayControlUrl;
    if (url === undefined || this.relay === undefined) throw new Error('relay not running');
    return this.controlFetch(this.relay.name, `${url}${path}`);
  }

  private get transportFlags(): string[] {
    return this.options.insecureTransport === true ? ['--insecure-transport'] : [];
  }

  /** The ETSI 014 API as SAE `saeId`, presenting its devnet certificate. */
  saeApi(saeId: string): QanApiClient {
    if (this.kmeUrl === undefined || this.credentials === undefined)
      throw new Error('QAN not running');
    return createQanApiClient(this.kmeUrl, { fetch: mtlsFetch(this.credentials.sae(saeId)) });
  }

  /**
   * Starts the QANs (after the etcd members, in a cluster) with fresh devnet credentials, and
   * writes the CLI's context for QAN-1.
   */
  async startQans(): Promise<void> {
    const aliases = this.topology.nodes.map((n) => n.alias);
    const credentials = await issueDevnetCredentials(this.dataDir, aliases);
    this.credentials = credentials;
    if (this.cluster) {
      this.etcd = await startEtcdCluster({ dir: join(this.dataDir, 'etcd') });
      for (const _ of this.topology.qans) this.qanPorts.push(await freePort());
    }
    for (const index of this.topology.qans.keys()) await this.startQan(index);
    const first = this.qans[0]!;
    this.kmeUrl = `https://127.0.0.1:${readyPort(first.process, 'etsi014')}`;
    credentials.writeContext(first.http, this.kmeUrl);
  }

  /** The config every QAN shares (its peers, policy timings, credentials) plus its own identity. */
  private qanConfig(index: number): object {
    const t = this.topology;
    const shared = this.credentials?.qanConfig ?? {};
    const etcd =
      this.etcd === undefined
        ? {}
        : {
            etcdEndpoints: [...this.etcd.endpoints],
            etcdPrefix: '/qcos/devnet/',
            // The other QANs, for jobs to nodes attached to them.
            qanPeers: this.qanPorts.filter((_, i) => i !== index).map((p) => `127.0.0.1:${p}`),
          };
    return {
      ...shared,
      ...etcd,
      dataDir: join(this.dataDir, this.qanName(index)),
      networkId: 'devnet',
      genesisFile: this.genesis.file,
      identitySeed: t.qans[index]?.seedHex,
      vendorSeed: t.vendorSeedHex,
      vendorRoots: [t.vendorPublicKeyHex],
      peers: [
        ...t.nodes.map((n) => ({
          role: 'dqn',
          name: n.alias,
          publicKey: n.publicKeyHex,
          scopes: [n.scope],
          qubits: n.qubits,
          resources: devnetResources(n.alias),
        })),
        {
          role: 'relay',
          name: t.relay.name,
          publicKey: t.relay.publicKeyHex,
          scopes: [t.relay.scope],
        },
      ],
      heartbeatTimeoutMs: this.timings.heartbeatTimeoutMs,
      hysteresisHeartbeats: this.timings.hysteresisHeartbeats,
      blockIntervalMs: 200,
      jobTimeoutMs: 20_000,
      failoverOrder: ['eu-west', 'us-east'],
    };
  }

  /** Starts (or restarts, on the same data directory) QAN `index`. */
  async startQan(index: number): Promise<RunningQan> {
    const name = this.qanName(index);
    const configFile = join(this.dataDir, `${name}.config.json`);
    // A single QAN keeps the config of an earlier run in the same data directory; a cluster's
    // QANs are told this run's etcd ports.
    if (this.cluster || !existsSync(configFile))
      this.writePrivateConfig(`${name}.config.json`, this.qanConfig(index));
    const process = await spawnService({
      name,
      script: APP_SCRIPTS.qan,
      args: [
        '--config',
        configFile,
        '--listen',
        `127.0.0.1:${this.qanPorts[index] ?? 0}`,
        '--http',
        '127.0.0.1:0',
        '--etsi014-listen',
        '127.0.0.1:0',
        ...this.transportFlags,
      ],
      logFile: this.logFile(name),
      // A restarted QAN folds the whole log before it reports ready.
      readyTimeoutMs: 60_000,
    });
    const http = `http://127.0.0.1:${readyPort(process, 'http')}`;
    const qan: RunningQan = {
      process,
      http,
      api: createQanApiClient(http, { token: this.credentials?.tokens.operator }),
      transport: readyPort(process, 'transport'),
    };
    this.qans[index] = qan;
    return qan;
  }

  /** SIGKILL of QAN `index`: a crash, as far as its agents and the other QANs can tell. */
  async killQan(index: number): Promise<void> {
    await this.qans[index]?.process.kill();
    this.qans[index] = undefined;
  }

  /** `host:port` of the QANs in `order` that are running, comma-separated, for a connect list. */
  private qanList(order: readonly number[]): string {
    const ports = order.map((i) => this.qans[i]?.transport).filter((p) => p !== undefined);
    return ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  /** Starts the relay; on failure the devnet carries on with its nodes connected directly. */
  async startRelay(): Promise<void> {
    if (!existsSync(APP_SCRIPTS.relay)) {
      this.relayProblem = 'relay bundle not built';
      return;
    }
    const t = this.topology;
    const configFile = this.writePrivateConfig('relay.config.json', {
      qan: this.qanList(t.relay.qans),
      listen: '127.0.0.1:0',
      scope: t.relay.scope,
      name: t.relay.name,
      identitySeed: t.relay.seedHex,
      vendorSeed: t.vendorSeedHex,
      vendorRoots: [t.vendorPublicKeyHex],
      qanPublicKey: t.relay.qans.map((i) => t.qans[i]?.publicKeyHex).join(','),
      networkId: 'devnet',
      genesisFile: this.genesis.file,
      // The relay pads its nodes' keys for the QAN (EKS_RELAY), so nodes behind it get pools.
      eksRelay: true,
      eksIntervalMs: this.timings.eksIntervalMs,
      heartbeatTimeoutMs: this.timings.heartbeatTimeoutMs,
      hysteresisHeartbeats: this.timings.hysteresisHeartbeats,
      peers: t.nodes
        .filter((n) => n.behindRelay)
        .map((n) => ({
          role: 'dqn',
          name: n.alias,
          publicKey: n.publicKeyHex,
          scopes: [n.scope],
        })),
    });
    try {
      this.relay = await spawnService({
        name: 'relay',
        script: APP_SCRIPTS.relay,
        args: ['--config', configFile, ...this.controlTokenFlags('relay'), ...this.transportFlags],
        logFile: this.logFile('relay'),
        readyTimeoutMs: 15_000,
      });
      this.relayTransport = readyPort(this.relay, 'transport');
    } catch (error) {
      this.relay = undefined;
      this.relayProblem = error instanceof Error ? error.message : String(error);
    }
  }

  /** The relay's read-only control endpoint, when the relay runs. */
  get relayControlUrl(): string | undefined {
    return this.relay === undefined
      ? undefined
      : `http://127.0.0.1:${readyPort(this.relay, 'control')}`;
  }

  /** Starts (or restarts) one agent with its fixed seed, so it comes back as the same node. */
  async startAgent(node: DevnetNode): Promise<RunningAgent> {
    const viaRelay = node.behindRelay && this.relay !== undefined;
    const upstream = viaRelay ? `127.0.0.1:${this.relayTransport}` : this.qanList(node.qans);
    // Seeds never go on a command line (every local user could read them with ps).
    const secrets = this.writePrivateConfig(`${node.alias}.secrets.json`, {
      identitySeed: node.seedHex,
      vendorSeed: this.topology.vendorSeedHex,
    });
    const process = await spawnService({
      name: node.alias,
      script: APP_SCRIPTS.agent,
      args: [
        '--alias',
        node.alias,
        '--scope',
        node.scope,
        '--qubits',
        String(node.qubits),
        '--connect',
        upstream,
        '--control',
        '127.0.0.1:0',
        ...this.controlTokenFlags(node.alias),
        '--config',
        secrets,
        '--heartbeat-interval-ms',
        String(this.timings.heartbeatIntervalMs),
        '--eks-interval-ms',
        String(this.timings.eksIntervalMs),
        ...this.transportFlags,
      ],
      logFile: this.logFile(node.alias),
    });
    const agent = {
      node,
      process,
      controlUrl: `http://127.0.0.1:${readyPort(process, 'control')}`,
      controlToken: this.controlTokens.get(node.alias)!,
    };
    this.agents.set(node.alias, agent);
    this.credentials?.recordAgent(node.alias, agent.controlUrl, this.controlTokenFile(node.alias));
    return agent;
  }

  async start(): Promise<void> {
    await this.startQans();
    await this.startRelay();
    // ML-DSA key generation makes agent start-up CPU-bound; start them one after another.
    for (const node of this.topology.nodes) await this.startAgent(node);
  }

  /** Sets faults on an agent through its control endpoint. */
  async setFaults(alias: string, faults: Record<string, unknown>): Promise<void> {
    const agent = this.agents.get(alias);
    if (agent === undefined) throw new Error(`no running agent ${alias}`);
    const response = await fetch(`${agent.controlUrl}/faults`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${agent.controlToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(faults),
    });
    if (!response.ok)
      throw new Error(`faults on ${alias}: HTTP ${response.status} ${await response.text()}`);
  }

  async killAgent(alias: string): Promise<void> {
    const agent = this.agents.get(alias);
    if (agent === undefined) return;
    await agent.process.kill();
    this.agents.delete(alias);
  }

  /** Stops everything: agents first, then the relay, then the QANs, then the etcd members. */
  async stop(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.process.stop()));
    this.agents.clear();
    await this.relay?.stop();
    await Promise.all(this.qans.map((q) => q?.process.stop()));
    await this.etcd?.stop();
  }
}
