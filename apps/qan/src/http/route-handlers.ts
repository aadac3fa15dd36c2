import type { QanRouteHandlers } from '@qcos/qan-api';
import type { QanApi } from '../api/qan-api.js';
import { resolveResponse, submitResponse } from './job-outcomes.js';

/** Each route of the contract as one QanApi call: the HTTP side of the API, and nothing else. */
export function qanRouteHandlers(api: QanApi, startedAtMs: number): QanRouteHandlers {
  return {
    health: () => ({ status: 'ok', height: api.height(), uptimeMs: Date.now() - startedAtMs }),
    info: () => api.info(),
    listNodes: () => ({ height: api.height(), nodes: api.listNodes() }),
    getNode: ({ params }) => api.getNode(params.alias),
    resolve: ({ body }) => resolveResponse(api.resolve(body.uri)),
    resolveByQuery: ({ query }) => resolveResponse(api.resolve(query.uri)),
    submitJob: ({ body }) => submitResponse(api.submitJob(body.uri, body.program)),
    getJob: ({ params }) => api.getJob(params.jobId),
    listBlocks: async ({ query }) => ({
      height: api.height(),
      blocks: await api.blocks(query?.from ?? 0, query?.limit ?? 20),
    }),
    getBlock: ({ params }) => api.block(params.height),
    merkleRoot: ({ query }) => api.merkleRoot(query?.height),
    merkleProof: ({ params }) => api.merkleProof(params.alias),
    trust: ({ params, query }) => api.trust(params.target, query?.observer),
    members: () => api.members(),
    submitOperatorAction: ({ body }) => api.submitOperatorAction(body),
    // ETSI GS QKD 014: the QAN's KME delivers keys shared with the DQN named by SAE_ID.
    keyStatus: ({ params }) => api.keyStatus(params.SAE_ID),
    encKeysByQuery: ({ params, query }) =>
      api.encKeys(params.SAE_ID, query?.number ?? 1, query?.size),
    encKeys: ({ params, body }) => api.encKeys(params.SAE_ID, body?.number ?? 1, body?.size),
    decKeysByQuery: ({ params, query }) => api.decKeys(params.SAE_ID, query.key_ID),
    decKeys: ({ params, body }) =>
      api.decKeys(
        params.SAE_ID,
        body.key_IDs.map((k) => k.key_ID),
      ),
  };
}
