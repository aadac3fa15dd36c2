import { StoreError } from '@qcos/interface';

/**
 * Runs one etcd request (a call of the etcd3 client, which never throws a store error itself):
 * any failure (no quorum, a member down, the deadline, the space quota) is STORE_UNAVAILABLE,
 * and for a write its outcome is unknown.
 */
export async function request<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreError('STORE_UNAVAILABLE', `etcd ${what} failed: ${message}`, {
      cause: message,
    });
  }
}
