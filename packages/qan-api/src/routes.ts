import type { ApiSchemaId, ApiType } from './types.js';

/** The error statuses a route that can fail documents (every one answers with `qcos-api-error`). */
export const ERROR_STATUSES = [400, 404, 413, 429] as const;

/** One endpoint of the API: its path (`:name` segments are path parameters) and the schemas of its parts. */
export interface RouteContract {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** OpenAPI tag. */
  readonly tag: 'system' | 'registry' | 'routing' | 'jobs' | 'log' | 'trust' | 'etsi-014';
  readonly params?: ApiSchemaId;
  readonly query?: ApiSchemaId;
  readonly body?: ApiSchemaId;
  /** The success status and the schema of its body. */
  readonly status: 200 | 202;
  readonly response: ApiSchemaId;
  /** Whether the route documents the ERROR_STATUSES. */
  readonly fails: boolean;
}

/** Every endpoint of the QAN HTTP API (docs/spec/qan-api.md), by a stable name. */
export const QAN_ROUTES = {
  health: {
    method: 'GET',
    path: '/api/health',
    tag: 'system',
    status: 200,
    response: 'qcos-api-health',
    fails: false,
  },
  info: {
    method: 'GET',
    path: '/api/info',
    tag: 'system',
    status: 200,
    response: 'qcos-api-info',
    fails: false,
  },
  listNodes: {
    method: 'GET',
    path: '/api/v1/nodes',
    tag: 'registry',
    status: 200,
    response: 'qcos-api-node-list',
    fails: false,
  },
  getNode: {
    method: 'GET',
    path: '/api/v1/nodes/:alias',
    tag: 'registry',
    params: 'qcos-api-alias-path',
    status: 200,
    response: 'qcos-api-node',
    fails: true,
  },
  resolve: {
    method: 'POST',
    path: '/api/v1/resolve',
    tag: 'routing',
    body: 'qcos-api-resolve-request',
    status: 200,
    response: 'qcos-api-resolve-response',
    fails: true,
  },
  resolveByQuery: {
    method: 'GET',
    path: '/api/v1/resolve',
    tag: 'routing',
    query: 'qcos-api-resolve-request',
    status: 200,
    response: 'qcos-api-resolve-response',
    fails: true,
  },
  submitJob: {
    method: 'POST',
    path: '/api/v1/jobs',
    tag: 'jobs',
    body: 'qcos-api-job-submit',
    status: 202,
    response: 'qcos-api-job',
    fails: true,
  },
  getJob: {
    method: 'GET',
    path: '/api/v1/jobs/:jobId',
    tag: 'jobs',
    params: 'qcos-api-job-path',
    status: 200,
    response: 'qcos-api-job',
    fails: true,
  },
  listBlocks: {
    method: 'GET',
    path: '/api/v1/blocks',
    tag: 'log',
    query: 'qcos-api-block-page-query',
    status: 200,
    response: 'qcos-api-block-list',
    fails: true,
  },
  getBlock: {
    method: 'GET',
    path: '/api/v1/blocks/:height',
    tag: 'log',
    params: 'qcos-api-height-path',
    status: 200,
    response: 'qcos-api-block',
    fails: true,
  },
  merkleRoot: {
    method: 'GET',
    path: '/api/v1/merkle/root',
    tag: 'log',
    query: 'qcos-api-merkle-root-query',
    status: 200,
    response: 'qcos-api-merkle-root',
    fails: true,
  },
  merkleProof: {
    method: 'GET',
    path: '/api/v1/merkle/proof/:alias',
    tag: 'log',
    params: 'qcos-api-alias-path',
    status: 200,
    response: 'qcos-api-merkle-proof',
    fails: true,
  },
  trust: {
    method: 'GET',
    path: '/api/v1/trust/:target',
    tag: 'trust',
    params: 'qcos-api-trust-path',
    query: 'qcos-api-trust-query',
    status: 200,
    response: 'qcos-api-trust',
    fails: true,
  },
  members: {
    method: 'GET',
    path: '/api/v1/members',
    tag: 'trust',
    status: 200,
    response: 'qcos-api-members',
    fails: false,
  },
  submitOperatorAction: {
    method: 'POST',
    path: '/api/v1/operator-actions',
    tag: 'registry',
    body: 'qcos-api-operator-action-submit',
    status: 202,
    response: 'qcos-api-operator-action',
    fails: true,
  },
  keyStatus: {
    method: 'GET',
    path: '/api/v1/keys/:SAE_ID/status',
    tag: 'etsi-014',
    params: 'qcos-api-sae-path',
    status: 200,
    response: 'qcos-api-etsi014-status',
    fails: true,
  },
  encKeysByQuery: {
    method: 'GET',
    path: '/api/v1/keys/:SAE_ID/enc_keys',
    tag: 'etsi-014',
    params: 'qcos-api-sae-path',
    query: 'qcos-api-etsi014-key-request',
    status: 200,
    response: 'qcos-api-etsi014-key-container',
    fails: true,
  },
  encKeys: {
    method: 'POST',
    path: '/api/v1/keys/:SAE_ID/enc_keys',
    tag: 'etsi-014',
    params: 'qcos-api-sae-path',
    body: 'qcos-api-etsi014-key-request',
    status: 200,
    response: 'qcos-api-etsi014-key-container',
    fails: true,
  },
  decKeysByQuery: {
    method: 'GET',
    path: '/api/v1/keys/:SAE_ID/dec_keys',
    tag: 'etsi-014',
    params: 'qcos-api-sae-path',
    query: 'qcos-api-etsi014-key-id-query',
    status: 200,
    response: 'qcos-api-etsi014-key-container',
    fails: true,
  },
  decKeys: {
    method: 'POST',
    path: '/api/v1/keys/:SAE_ID/dec_keys',
    tag: 'etsi-014',
    params: 'qcos-api-sae-path',
    body: 'qcos-api-etsi014-key-ids',
    status: 200,
    response: 'qcos-api-etsi014-key-container',
    fails: true,
  },
} as const satisfies Record<string, RouteContract>;

export type QanRouteName = keyof typeof QAN_ROUTES;
type Route<K extends QanRouteName> = (typeof QAN_ROUTES)[K];

/** `{part: T}` when the route has that part; optional when every property of T is. */
type Part<R, Field extends 'params' | 'query' | 'body'> = R extends {
  readonly [F in Field]: infer Id extends ApiSchemaId;
}
  ? object extends ApiType<Id>
    ? { [F in Field]?: ApiType<Id> }
    : { [F in Field]: ApiType<Id> }
  : { [F in Field]?: never };

/** Each route's request and response types, derived once per route. */
type RouteTypes = {
  [K in QanRouteName]: {
    request: Part<Route<K>, 'params'> & Part<Route<K>, 'query'> & Part<Route<K>, 'body'>;
    response: ApiType<Route<K>['response']>;
  };
};

/** What a call of route K sends: its path parameters, query and body, as the schemas type them. */
export type RouteRequest<K extends QanRouteName> = RouteTypes[K]['request'];

/** The body of route K's success response. */
export type RouteResponse<K extends QanRouteName> = RouteTypes[K]['response'];

/** A server's implementation of every route: exactly one handler per route name. */
export type QanRouteHandlers = {
  readonly [K in QanRouteName]: (
    request: RouteRequest<K>,
  ) => RouteResponse<K> | Promise<RouteResponse<K>>;
};
