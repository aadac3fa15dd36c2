import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { restoreSnapshot } from './etcd-backup.js';
import { EtcdProcessError, requireExecutable } from './etcd-process-error.js';

export { EtcdProcessError };

/** Where Debian's `etcd-server` package puts the server. */
export const DEFAULT_ETCD_BINARY = '/usr/bin/etcd';

/** How to get etcd on a Debian or Ubuntu machine; part of every ETCD_NOT_INSTALLED message. */
export const ETCD_INSTALL_HINT =
  'install it with `apt-get install etcd-server` (Debian, Ubuntu) or set QCOS_ETCD to its path';

/** The etcd executable to run: `binary`, else `$QCOS_ETCD`, else Debian's path; must exist. */
export function findEtcd(binary?: string): string {
  const path = binary ?? process.env.QCOS_ETCD ?? DEFAULT_ETCD_BINARY;
  return requireExecutable(path, `etcd is not installed at ${path}: ${ETCD_INSTALL_HINT}`);
}

export interface EtcdClusterOptions {
  /** Directory that holds each member's data directory and log (`<dir>/<name>`). */
  readonly dir: string;
  /** Number of members (default 3). */
  readonly size?: number;
  /** The etcd executable (default: `findEtcd()`). */
  readonly binary?: string;
  /** etcd's `--quota-backend-bytes`: the space quota past which it refuses writes. */
  readonly quotaBackendBytes?: number;
  /** How long to wait for the cluster to serve a linearizable read (default 30 s). */
  readonly startTimeoutMs?: number;
  /**
   * A snapshot file (`saveSnapshot`) every member is restored from before it starts: a new
   * cluster holding the backed-up keyspace. The members' data directories must not exist yet.
   */
  readonly restoreFrom?: string;
}

/** One local etcd member: its URLs and its process, stopped and started by PID. */
export interface EtcdMember {
  readonly name: string;
  /** URL clients use: `http://127.0.0.1:<port>`. */
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  /** PID of the running process, `undefined` while stopped. */
  readonly pid: number | undefined;
  /** Sends `signal` (default SIGTERM) to the process and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again on the same data directory and ports (after `stop`). */
  start(): void;
}

/** A local etcd cluster on 127.0.0.1. */
export interface EtcdCluster {
  readonly members: readonly EtcdMember[];
  /** Every member's client URL, for an `Etcd3` client's `hosts`. */
  readonly endpoints: readonly string[];
  /** Resolves once a linearizable read through every member succeeds. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops every member (SIGTERM, then SIGKILL after 5 s); keeps the data directories. */
  stop(): Promise<void>;
}

/** A port on 127.0.0.1 that was free a moment ago (the kernel's choice for port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

function memberArgs(
  m: { name: string; clientUrl: string; peerUrl: string; dataDir: string },
  initialCluster: string,
  options: EtcdClusterOptions,
): string[] {
  const args = [
    `--name=${m.name}`,
    `--data-dir=${m.dataDir}`,
    `--listen-client-urls=${m.clientUrl}`,
    `--advertise-client-urls=${m.clientUrl}`,
    `--listen-peer-urls=${m.peerUrl}`,
    `--initial-advertise-peer-urls=${m.peerUrl}`,
    `--initial-cluster=${initialCluster}`,
    '--initial-cluster-state=new',
    '--initial-cluster-token=qcos',
    '--logger=zap',
    '--log-level=warn',
    // etcd's own defaults, written out: a shorter election timeout would fail over faster, but
    // on a loaded two-core machine (a whole test suite at once) it starts needless elections.
    '--heartbeat-interval=100',
    '--election-timeout=1000',
  ];
  if (options.quotaBackendBytes !== undefined) {
    args.push(`--quota-backend-bytes=${options.quotaBackendBytes}`);
  }
  return args;
}

// Members still running when this process exits are killed with it: a test runner or devnet that
// stops without stopping its cluster must not leave etcd processes behind.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

class LocalMember implements EtcdMember {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly clientUrl: string,
    readonly peerUrl: string,
    readonly dataDir: string,
    private readonly binary: string,
    private readonly args: readonly string[],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.child !== undefined) return;
    mkdirSync(this.dataDir, { recursive: true });
    const log = openSync(join(this.dataDir, '..', `${this.name}.log`), 'a');
    const child = spawn(this.binary, [...this.args], { stdio: ['ignore', log, log] });
    closeSync(log);
    killOnExit(child);
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined) return;
    process.kill(child.pid, signal);
    const timer = setTimeout(() => child.pid !== undefined && child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Waits until a linearizable read through `member` succeeds; fails if it exits or `deadline` passes. */
async function awaitServing(member: EtcdMember, deadline: number): Promise<void> {
  const endpoint = member.clientUrl;
  const client = new Etcd3({ hosts: endpoint, dialTimeout: 1_000 });
  try {
    for (;;) {
      try {
        await client
          .get('qcos-probe')
          .options({ deadline: Date.now() + 1_000 })
          .string();
        return;
      } catch (error) {
        const why =
          member.pid === undefined
            ? 'exited'
            : Date.now() > deadline
              ? 'did not serve in time'
              : '';
        if (why !== '') {
          const log = join(member.dataDir, '..', `${member.name}.log`);
          throw new EtcdProcessError(
            'ETCD_START_FAILED',
            `etcd member ${member.name} ${why} (log: ${log})`,
            {
              member: member.name,
              endpoint,
              cause: String(error),
            },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.close();
  }
}

/**
 * Starts `size` etcd members on 127.0.0.1 with ports the kernel chose, each with its data in
 * `<dir>/<name>` and its log in `<dir>/<name>.log`, and waits until they serve. They listen on
 * loopback without TLS: only processes on this machine can reach them (see docs/cluster.md for a
 * deployment across machines).
 */
export async function startEtcdCluster(options: EtcdClusterOptions): Promise<EtcdCluster> {
  const binary = findEtcd(options.binary);
  const size = options.size ?? 3;
  const specs = [];
  for (let i = 0; i < size; i++) {
    const name = `etcd-${i + 1}`;
    const [client, peer] = [await freePort(), await freePort()];
    specs.push({
      name,
      clientUrl: `http://127.0.0.1:${client}`,
      peerUrl: `http://127.0.0.1:${peer}`,
      dataDir: join(options.dir, name),
    });
  }
  const initialCluster = specs.map((s) => `${s.name}=${s.peerUrl}`).join(',');
  const { restoreFrom } = options;
  if (restoreFrom !== undefined)
    for (const s of specs) await restoreSnapshot(restoreFrom, s, initialCluster);
  const members = specs.map(
    (s) =>
      new LocalMember(
        s.name,
        s.clientUrl,
        s.peerUrl,
        s.dataDir,
        binary,
        memberArgs(s, initialCluster, options),
      ),
  );
  const cluster: EtcdCluster = {
    members,
    endpoints: members.map((m) => m.clientUrl),
    ready: async (timeoutMs = options.startTimeoutMs ?? 30_000) => {
      const deadline = Date.now() + timeoutMs;
      await Promise.all(
        members.filter((m) => m.pid !== undefined).map((m) => awaitServing(m, deadline)),
      );
    },
    stop: async () => {
      await Promise.all(members.map((m) => m.stop()));
    },
  };
  for (const m of members) m.start();
  try {
    await cluster.ready();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
