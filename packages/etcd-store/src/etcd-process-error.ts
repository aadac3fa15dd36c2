/**
 * Failure to run local etcd members: `ETCD_NOT_INSTALLED` (no executable at the path),
 * `ETCD_START_FAILED` (a member exited, or the cluster did not serve within the timeout),
 * `ETCD_BACKUP_FAILED` (etcdctl could not save or restore a snapshot).
 */
export class EtcdProcessError extends Error {
  override readonly name = 'EtcdProcessError';
  readonly code: 'ETCD_NOT_INSTALLED' | 'ETCD_START_FAILED' | 'ETCD_BACKUP_FAILED';
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: EtcdProcessError['code'],
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
