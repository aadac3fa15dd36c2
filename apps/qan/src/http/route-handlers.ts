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
    submitJob: ({ body }, caller) => submitResponse(api.submitJob(body.uri, body.program, caller)),
    getJob: ({ params }, caller) => api.getJob(params.jobId, caller),
    requestContract: ({ body }, caller) => api.requestContract(body, caller),
    getContract: ({ params }, caller) => api.getContract(params.contractId, caller),
    cancelContract: ({ params }, caller) => api.cancelContract(params.contractId, caller),
    runContract: ({ params, body }, caller) => api.runContract(params.contractId, body, caller),
    nodeReservations: ({ params }) => api.nodeReservations(params.alias),
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
    // ETSI GS QKD 014: the caller is the SAE its client certificate names. status and enc_keys
    // are the master's (the path names the slave), dec_keys the slave's (the path names the master).
    keyStatus: ({ params }, sae) => api.keyStatus(sae.name, params.slave_SAE_ID),
    encKeysByQuery: ({ params, query }, sae) =>
      api.encKeys(sae.name, params.slave_SAE_ID, query ?? {}),
    encKeys: ({ params, body }, sae) => api.encKeys(sae.name, params.slave_SAE_ID, body ?? {}),
    decKeysByQuery: ({ params, query }, sae) =>
      api.decKeys(sae.name, params.master_SAE_ID, query.key_ID),
    decKeys: ({ params, body }, sae) =>
      api.decKeys(
        sae.name,
        params.master_SAE_ID,
        body.key_IDs.map((k) => k.key_ID),
      ),
  };
}
