import type { FastifyInstance } from 'fastify';
import type { QanApi } from '../views.js';
import { errorResponses, ref } from './schemas.js';

const alias = { type: 'string', minLength: 1, maxLength: 63 } as const;
const saeParams = {
  type: 'object',
  required: ['SAE_ID'],
  properties: { SAE_ID: { type: 'string', minLength: 1, maxLength: 63 } },
} as const;
const MAX_BLOCKS_PER_PAGE = 100;

/** The API's routes: each is a thin adapter from HTTP to one QanApi call. */
export function registerRoutes(app: FastifyInstance, api: QanApi, startedAtMs: number): void {
  app.get(
    '/api/health',
    { schema: { tags: ['system'], response: { 200: ref('qcos-api-health') } } },
    () => ({ status: 'ok', height: api.height(), uptimeMs: Date.now() - startedAtMs }),
  );
  app.get(
    '/api/info',
    { schema: { tags: ['system'], response: { 200: ref('qcos-api-info') } } },
    () => api.info(),
  );

  app.get(
    '/api/v1/nodes',
    {
      schema: {
        tags: ['registry'],
        response: {
          200: {
            type: 'object',
            required: ['height', 'nodes'],
            properties: {
              height: { type: 'integer' },
              nodes: { type: 'array', items: ref('qcos-api-node') },
            },
          },
        },
      },
    },
    () => ({ height: api.height(), nodes: api.listNodes() }),
  );
  app.get<{ Params: { alias: string } }>(
    '/api/v1/nodes/:alias',
    {
      schema: {
        tags: ['registry'],
        params: { type: 'object', required: ['alias'], properties: { alias } },
        response: { 200: ref('qcos-api-node'), ...errorResponses },
      },
    },
    (request) => api.getNode(request.params.alias),
  );

  app.post<{ Body: { uri: string } }>(
    '/api/v1/resolve',
    {
      schema: {
        tags: ['routing'],
        body: ref('qcos-api-resolve-request'),
        response: { 200: ref('qcos-api-resolve-response'), ...errorResponses },
      },
    },
    (request) => api.resolve(request.body.uri),
  );
  app.get<{ Querystring: { uri: string } }>(
    '/api/v1/resolve',
    {
      schema: {
        tags: ['routing'],
        querystring: ref('qcos-api-resolve-request'),
        response: { 200: ref('qcos-api-resolve-response'), ...errorResponses },
      },
    },
    (request) => api.resolve(request.query.uri),
  );

  app.post<{ Body: { uri: string; program: string } }>(
    '/api/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        body: ref('qcos-api-job-submit'),
        response: { 202: ref('qcos-api-job'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = api.submitJob(request.body.uri, request.body.program);
      void reply.status(202);
      return job;
    },
  );
  app.get<{ Params: { jobId: string } }>(
    '/api/v1/jobs/:jobId',
    {
      schema: {
        tags: ['jobs'],
        params: {
          type: 'object',
          required: ['jobId'],
          properties: { jobId: { type: 'string', maxLength: 64 } },
        },
        response: { 200: ref('qcos-api-job'), ...errorResponses },
      },
    },
    (request) => api.getJob(request.params.jobId),
  );

  app.get<{ Querystring: { from?: number; limit?: number } }>(
    '/api/v1/blocks',
    {
      schema: {
        tags: ['log'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_BLOCKS_PER_PAGE, default: 20 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['height', 'blocks'],
            properties: {
              height: { type: 'integer' },
              blocks: { type: 'array', items: ref('qcos-api-block') },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      height: api.height(),
      blocks: await api.blocks(request.query.from ?? 0, request.query.limit ?? 20),
    }),
  );
  app.get<{ Params: { height: number } }>(
    '/api/v1/blocks/:height',
    {
      schema: {
        tags: ['log'],
        params: {
          type: 'object',
          required: ['height'],
          properties: { height: { type: 'integer', minimum: 0 } },
        },
        response: { 200: ref('qcos-api-block'), ...errorResponses },
      },
    },
    (request) => api.block(request.params.height),
  );
  app.get<{ Querystring: { height?: number } }>(
    '/api/v1/merkle/root',
    {
      schema: {
        tags: ['log'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            height: {
              type: 'integer',
              minimum: 0,
              description: 'Root after folding the log up to this height (replayed from genesis).',
            },
          },
        },
        response: { 200: ref('qcos-api-merkle-root'), ...errorResponses },
      },
    },
    (request) => api.merkleRoot(request.query.height),
  );
  app.get<{ Params: { alias: string } }>(
    '/api/v1/merkle/proof/:alias',
    {
      schema: {
        tags: ['log'],
        params: { type: 'object', required: ['alias'], properties: { alias } },
        response: { 200: ref('qcos-api-merkle-proof'), ...errorResponses },
      },
    },
    (request) => api.merkleProof(request.params.alias),
  );

  const quid = { type: 'string', pattern: '^[0-9a-f]{16}$' } as const;
  app.get<{ Params: { target: string }; Querystring: { observer?: string } }>(
    '/api/v1/trust/:target',
    {
      schema: {
        tags: ['trust'],
        params: { type: 'object', required: ['target'], properties: { target: quid } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { observer: quid },
        },
        response: { 200: ref('qcos-api-trust'), ...errorResponses },
      },
    },
    (request) => api.trust(request.params.target, request.query.observer),
  );

  // ETSI GS QKD 014: the QAN's KME delivers keys shared with the DQN named by SAE_ID.
  app.get<{ Params: { SAE_ID: string } }>(
    '/api/v1/keys/:SAE_ID/status',
    {
      schema: {
        tags: ['etsi-014'],
        params: saeParams,
        response: { 200: ref('qcos-api-etsi014-status'), ...errorResponses },
      },
    },
    (request) => api.keyStatus(request.params.SAE_ID),
  );
  const keyContainer = { 200: ref('qcos-api-etsi014-key-container'), ...errorResponses };
  app.get<{ Params: { SAE_ID: string }; Querystring: { number?: number; size?: number } }>(
    '/api/v1/keys/:SAE_ID/enc_keys',
    {
      schema: {
        tags: ['etsi-014'],
        params: saeParams,
        querystring: ref('qcos-api-etsi014-key-request'),
        response: keyContainer,
      },
    },
    (request) => api.encKeys(request.params.SAE_ID, request.query.number ?? 1, request.query.size),
  );
  app.post<{ Params: { SAE_ID: string }; Body: { number?: number; size?: number } }>(
    '/api/v1/keys/:SAE_ID/enc_keys',
    {
      schema: {
        tags: ['etsi-014'],
        params: saeParams,
        body: ref('qcos-api-etsi014-key-request'),
        response: keyContainer,
      },
    },
    (request) => api.encKeys(request.params.SAE_ID, request.body.number ?? 1, request.body.size),
  );
  app.get<{ Params: { SAE_ID: string }; Querystring: { key_ID: string | string[] } }>(
    '/api/v1/keys/:SAE_ID/dec_keys',
    {
      schema: {
        tags: ['etsi-014'],
        params: saeParams,
        querystring: {
          type: 'object',
          required: ['key_ID'],
          properties: {
            key_ID: {
              type: 'array',
              minItems: 1,
              maxItems: 128,
              items: { type: 'string', format: 'uuid' },
            },
          },
        },
        response: keyContainer,
      },
    },
    (request) => {
      const ids = request.query.key_ID;
      return api.decKeys(request.params.SAE_ID, Array.isArray(ids) ? ids : [ids]);
    },
  );
  app.post<{ Params: { SAE_ID: string }; Body: { key_IDs: { key_ID: string }[] } }>(
    '/api/v1/keys/:SAE_ID/dec_keys',
    {
      schema: {
        tags: ['etsi-014'],
        params: saeParams,
        body: ref('qcos-api-etsi014-key-ids'),
        response: keyContainer,
      },
    },
    (request) =>
      api.decKeys(
        request.params.SAE_ID,
        request.body.key_IDs.map((k) => k.key_ID),
      ),
  );
}
