import { readFileSync } from 'node:fs';
import {
  compactAndDefragment,
  DEFAULT_MAX_BLOCK_BYTES,
  etcdBlockLog,
  type SpaceReclaimed,
} from '@qcos/etcd-store';
import type { BlockLog } from '@qcos/interface';
import { assertPrivateFile, type Database, RuntimeError, sqliteBlockLog } from '@qcos/runtime';
import { Etcd3, type IOptions } from 'etcd3';
import type { QanConfig } from '../config.js';

/** The QAN's block log and what must be released with it. */
export interface QanBlockLog {
  readonly log: BlockLog;
  /** Where the log lives, for the logs: `sqlite` or `etcd`. */
  readonly kind: 'sqlite' | 'etcd';
  /** Largest encoded block the log takes, when it is below the registry's own limit. */
  readonly maxBlockBytes?: number;
  /** A shared log's retention: prune below a height, then give etcd's space back. */
  readonly retention?: SharedLogRetention;
  /** Closes the log, then its connection (the database is closed by its owner). */
  close(): Promise<void>;
}

export interface SharedLogRetention {
  /** Deletes the blocks below `below` from the shared log; resolves with the new base. */
  prune(below: number): Promise<number>;
  /** Compacts etcd's history and defragments each member. */
  reclaim(): Promise<SpaceReclaimed>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

const invalid = (field: string, message: string): never => {
  throw new RuntimeError('CONFIG_INVALID', message, { field });
};

/**
 * The etcd client's TLS material. Whoever reaches etcd can write the next height, so etcd is for
 * QANs only: plain http is accepted only to a loopback address, any other endpoint must be https
 * with the CA that signs etcd's certificates (and, with --client-cert-auth, this QAN's own).
 */
function etcdCredentials(config: QanConfig): IOptions['credentials'] {
  for (const url of config.etcdEndpoints) {
    const { protocol, host } = new URL(url);
    const hostname = host.replace(/:\d+$/, '');
    if (protocol === 'http:' && !LOOPBACK_HOSTS.has(hostname))
      invalid('etcdEndpoints', `${url}: plain http to etcd is allowed only on loopback; use https`);
    if (protocol === 'https:' && config.etcdCaFile === undefined)
      invalid('etcdCaFile', `${url}: an https endpoint needs etcdCaFile`);
  }
  if ((config.etcdCertFile === undefined) !== (config.etcdKeyFile === undefined))
    invalid('etcdKeyFile', 'etcdCertFile and etcdKeyFile go together');
  if (config.etcdCaFile === undefined) return undefined;
  if (config.etcdKeyFile !== undefined) assertPrivateFile(config.etcdKeyFile, 'etcdKeyFile');
  return {
    rootCertificate: readFileSync(config.etcdCaFile),
    ...(config.etcdCertFile !== undefined && config.etcdKeyFile !== undefined
      ? {
          certChain: readFileSync(config.etcdCertFile),
          privateKey: readFileSync(config.etcdKeyFile),
        }
      : {}),
  };
}

/**
 * The block log the configuration names: with `etcdEndpoints`, the network's log in etcd, shared
 * with every other QAN of the network; otherwise the embedded log in the QAN's own database.
 */
export function openQanBlockLog(config: QanConfig, db: Database): QanBlockLog {
  if (config.etcdEndpoints.length === 0) {
    const log = sqliteBlockLog(db);
    return { log, kind: 'sqlite', close: () => log.close() };
  }
  const credentials = etcdCredentials(config);
  const connect = (hosts: string | string[]) =>
    new Etcd3({ hosts, ...(credentials !== undefined ? { credentials } : {}) });
  const client = connect([...config.etcdEndpoints]);
  const log = etcdBlockLog(client, {
    prefix: config.etcdPrefix ?? `/qcos/${config.networkId}/log/`,
  });
  return {
    log,
    kind: 'etcd',
    maxBlockBytes: DEFAULT_MAX_BLOCK_BYTES,
    retention: {
      prune: (below) => log.prune(below),
      reclaim: () => compactAndDefragment(client, config.etcdEndpoints, connect),
    },
    close: async () => {
      await log.close();
      client.close();
    },
  };
}
