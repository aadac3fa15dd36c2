import { accessSync, constants } from 'node:fs';

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

/** `path` if it is an executable; ETCD_NOT_INSTALLED with `message` (and the path) if not. */
export function requireExecutable(path: string, message: string): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new EtcdProcessError('ETCD_NOT_INSTALLED', message, { path });
  }
  return path;
}
