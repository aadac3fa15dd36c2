export type { BlockRetention } from './block-retention.js';
export {
  DEFAULT_ETCDCTL_BINARY,
  DEFAULT_SNAPSHOT_TIMEOUT_MS,
  type EtcdctlOptions,
  findEtcdctl,
  type RestoredMember,
  restoreSnapshot,
  saveSnapshot,
} from './etcd-backup.js';
export {
  DEFAULT_MAX_BLOCK_BYTES,
  type EtcdBlockLog,
  type EtcdBlockLogOptions,
  etcdBlockLog,
} from './etcd-block-log.js';
export {
  compactAndDefragment,
  type MemberSpace,
  type SpaceReclaimed,
} from './etcd-maintenance.js';
export {
  DEFAULT_ETCD_BINARY,
  ETCD_INSTALL_HINT,
  type EtcdCluster,
  type EtcdClusterOptions,
  type EtcdMember,
  EtcdProcessError,
  findEtcd,
  freePort,
  startEtcdCluster,
} from './etcd-process.js';
