import { execFile } from 'node:child_process';
import { EtcdProcessError, requireExecutable } from './etcd-process-error.js';

/** Where Debian's `etcd-client` package puts etcdctl. */
export const DEFAULT_ETCDCTL_BINARY = '/usr/bin/etcdctl';

/** How long a snapshot command may take (a large keyspace on a slow disk) before it fails. */
export const DEFAULT_SNAPSHOT_TIMEOUT_MS = 120_000;

/** Which etcdctl and how long to let it run. */
export interface EtcdctlOptions {
  /** The etcdctl executable (default: `findEtcdctl()`). */
  readonly binary?: string;
  /** Kill it and fail after this long (default 120 s): etcdctl keeps dialling a dead member. */
  readonly timeoutMs?: number;
}

/** The etcdctl executable: `binary`, else `$QCOS_ETCDCTL`, else Debian's path; must exist. */
export function findEtcdctl(binary?: string): string {
  const path = binary ?? process.env.QCOS_ETCDCTL ?? DEFAULT_ETCDCTL_BINARY;
  return requireExecutable(
    path,
    `no etcdctl at ${path}: install it with \`apt-get install etcd-client\` (Debian, Ubuntu) or set QCOS_ETCDCTL to its path`,
  );
}

/** Runs etcdctl (API v3); fails with ETCD_BACKUP_FAILED, naming `what`, if it does. */
function etcdctl(what: string, args: readonly string[], options: EtcdctlOptions): Promise<void> {
  const binary = findEtcdctl(options.binary);
  const timeout = options.timeoutMs ?? DEFAULT_SNAPSHOT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      [...args],
      { env: { ...process.env, ETCDCTL_API: '3' }, timeout, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error === null) return resolve();
        const last = `${stderr}${stdout}`.trim().split('\n').at(-1) ?? '';
        const why = error.killed ? `no answer within ${timeout} ms` : last || error.message;
        reject(
          new EtcdProcessError('ETCD_BACKUP_FAILED', `etcdctl ${what} failed: ${why}`, {
            command: what,
            exitCode: error.code ?? null,
          }),
        );
      },
    );
  });
}

/**
 * Saves a consistent snapshot of the whole keyspace (every block, the head) from the member at
 * `endpoint` to `file` (`etcdctl snapshot save`): the backup of a cluster's block log.
 */
export function saveSnapshot(
  endpoint: string,
  file: string,
  options: EtcdctlOptions = {},
): Promise<void> {
  return etcdctl('snapshot save', [`--endpoints=${endpoint}`, 'snapshot', 'save', file], options);
}

/** One member to restore a snapshot into (its name, peer URL and a data directory not yet there). */
export interface RestoredMember {
  readonly name: string;
  readonly peerUrl: string;
  readonly dataDir: string;
}

/**
 * Writes the data directory of `member` of a new cluster `initialCluster` from `file`
 * (`etcdctl snapshot restore`); every member of the new cluster is restored from the same file.
 */
export function restoreSnapshot(
  file: string,
  member: RestoredMember,
  initialCluster: string,
  options: EtcdctlOptions = {},
): Promise<void> {
  return etcdctl(
    'snapshot restore',
    [
      'snapshot',
      'restore',
      file,
      `--name=${member.name}`,
      `--initial-cluster=${initialCluster}`,
      '--initial-cluster-token=qcos',
      `--initial-advertise-peer-urls=${member.peerUrl}`,
      `--data-dir=${member.dataDir}`,
    ],
    options,
  );
}
