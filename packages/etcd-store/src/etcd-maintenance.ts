/**
 * Giving etcd's disk space back after retention (docs/spec/etcd-block-log.md §5). Deleting keys
 * frees nothing by itself: etcd keeps every revision until its history is compacted, and a
 * compacted database file keeps its size (the freed pages are reused) until each member is
 * defragmented. etcd goes read-only for everyone once the file reaches its space quota, so a log
 * that is pruned must also be compacted, and defragmented to shrink a file that already grew.
 */
import type { Etcd3 } from 'etcd3';
import { request } from './etcd-request.js';

export interface MemberSpace {
  readonly endpoint: string;
  /** Size of the member's database file before and after its defragmentation, in bytes. */
  readonly dbSizeBefore: number;
  readonly dbSizeAfter: number;
}

export interface SpaceReclaimed {
  /** The revision etcd's history was compacted to (everything older is gone). */
  readonly revision: number;
  readonly members: readonly MemberSpace[];
}

/**
 * Compacts the history of the cluster behind `client` up to its current revision (waiting until
 * it is applied on disk), then defragments each member of `endpoints`, one at a time (a member
 * answers nothing while it defragments, so the others keep the quorum), each through a client
 * `connect(endpoint)` makes for it alone and closes after. Failures are STORE_UNAVAILABLE.
 * Watches that are live are not affected; one that resumes from a compacted revision must
 * read again from the head (the block log's feeds do: they read before they wait).
 */
export async function compactAndDefragment(
  client: Etcd3,
  endpoints: readonly string[],
  connect: (endpoint: string) => Etcd3,
): Promise<SpaceReclaimed> {
  const status = await request('status', () => client.maintenance.status());
  const revision = Number(status.header.revision);
  await request('compact', () =>
    client.kv.compact({ revision: String(revision), physical: true }).catch((error: Error) => {
      // Compacted to this revision or beyond already (another QAN did it): nothing to do.
      if (!/compacted/.test(error.message)) throw error;
    }),
  );
  const members: MemberSpace[] = [];
  for (const endpoint of endpoints) {
    const one = connect(endpoint);
    try {
      const before = await request('status', () => one.maintenance.status());
      await request('defragment', () => one.maintenance.defragment());
      const after = await request('status', () => one.maintenance.status());
      members.push({
        endpoint,
        dbSizeBefore: Number(before.dbSize),
        dbSizeAfter: Number(after.dbSize),
      });
    } finally {
      one.close();
    }
  }
  return { revision, members };
}
