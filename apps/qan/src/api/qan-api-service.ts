import { type BlockLog, isStoreError, type StoredBlock } from '@qcos/interface';
import type { BlockView, InfoView } from '@qcos/qan-api';
import type { ContractDesk } from '../contracts/contract-desk.js';
import type { ContractRuns } from '../contracts/contract-runs.js';
import { reservationsView } from '../contracts/contract-view.js';
import type { JobRouter } from '../jobs/job-router.js';
import type { KeyDelivery } from '../keys/key-delivery.js';
import type { SessionHub } from '../peers/session-hub.js';
import { storedBlockView } from '../registry/block-view.js';
import { nodeView } from '../registry/node-view.js';
import { membersView, submitOperatorAction } from '../registry/operator-actions.js';
import { merkleProofView, merkleRootView, trustView } from '../registry/proof-view.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { QanApi } from './qan-api.js';
import { QanError } from './qan-error.js';

export interface QanApiServiceParts {
  /** `/api/info`; read on every call, since the transport port is known only once it listens. */
  readonly info: () => InfoView;
  readonly registry: RegistryService;
  /** The registry's block log. */
  readonly log: BlockLog;
  readonly sessions: SessionHub;
  readonly jobs: JobRouter;
  readonly keys: KeyDelivery;
  readonly contracts: ContractDesk;
  readonly runs: ContractRuns;
}

const nodeNotFound = (alias: string) =>
  new QanError('NODE_NOT_FOUND', `no node ${alias} in the registry`, { alias });
/** Runs a read of blocks from `height`; a height retention removed is BLOCK_PRUNED. */
async function unlessPruned<T>(height: number, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isStoreError(error, 'STORE_PRUNED')) throw error;
    throw new QanError('BLOCK_PRUNED', `block ${height} is no longer held by this QAN`, {
      height,
      base: error.details['base'],
    });
  }
}

const blockNotFound = (height: number | undefined) =>
  new QanError('BLOCK_NOT_FOUND', `no block at height ${height}`, { height });

/** The QAN's API over its registry, block log, sessions, job router and key pools. */
export function createQanApi(parts: QanApiServiceParts): QanApi {
  const { registry, log, sessions, jobs, keys, contracts, runs } = parts;
  return {
    info: parts.info,
    height: () => registry.state.height,
    listNodes: () => registry.state.entries.map((e) => nodeView(e, sessions.route(e.alias))),
    getNode: (alias) => {
      const e = registry.entry(alias);
      if (e === undefined) throw nodeNotFound(alias);
      return nodeView(e, sessions.route(alias));
    },
    resolve: (uri) => jobs.resolve(uri),
    submitJob: (uri, program, caller) => jobs.submit(uri, program, caller.name),
    getJob: (jobId, caller) => {
      const job = jobs.get(jobId);
      // Another client's job is answered as if it did not exist: a job id says nothing.
      const mayRead = caller.roles.includes('operator') || jobs.submitterOf(jobId) === caller.name;
      if (job === undefined || !mayRead)
        throw new QanError('JOB_NOT_FOUND', `no job ${jobId}`, { jobId });
      return job;
    },
    requestContract: (body, caller) => contracts.request(body, caller),
    getContract: (id, caller) => contracts.get(id, caller),
    cancelContract: (id, caller) => contracts.cancel(id, caller),
    runContract: (id, request, caller) => runs.run(id, request, caller),
    nodeReservations: (alias) => {
      if (registry.entry(alias) === undefined) throw nodeNotFound(alias);
      return reservationsView(registry.state, alias);
    },
    blocks: async (from, limit) => {
      const views: BlockView[] = [];
      const start = Math.max(1, from);
      await unlessPruned(start, async () => {
        for await (const b of log.range(start, start + limit)) views.push(storedBlockView(b.bytes));
      });
      return views;
    },
    block: async (height) => {
      let stored: StoredBlock | undefined;
      await unlessPruned(height, async () => {
        for await (const b of log.range(height, height + 1)) stored = b;
      });
      if (stored === undefined) throw blockNotFound(height);
      return storedBlockView(stored.bytes);
    },
    merkleRoot: async (height) => {
      const at = height ?? registry.state.height;
      const root = await unlessPruned(at, () => registry.rootAt(at));
      if (root === undefined) throw blockNotFound(height);
      return merkleRootView(root);
    },
    merkleProof: (alias) => {
      const proof = merkleProofView(registry.state, alias);
      if (proof === undefined) throw nodeNotFound(alias);
      return proof;
    },
    trust: (target, observer) => trustView(registry.state, target, observer),
    members: () => membersView(registry.state),
    submitOperatorAction: (body) => submitOperatorAction(registry, body),
    keyStatus: (master, slave) => keys.status(master, slave),
    encKeys: (master, slave, request) => keys.encKeys(master, slave, request),
    decKeys: (slave, master, ids) => keys.decKeys(slave, master, ids),
  };
}
