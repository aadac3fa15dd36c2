import type { ApiSchemaId, ApiType } from './types.js';

/** The error statuses a route that can fail documents (every one answers with `qcos-api-error`). */
export const ERROR_STATUSES = [400, 404, 413, 429] as const;

/** The statuses every route that needs a credential documents: unauthenticated, not permitted. */
export const AUTH_ERROR_STATUSES = [401, 403] as const;

/**
 * The error statuses of the ETSI GS QKD 014 routes (§5: 400, 401, 503; 403 for an authenticated
 * SAE asking for a pairing not its own), each answered with `qcos-api-etsi014-error`.
 */
export const ETSI014_ERROR_STATUSES = [400, 401, 403, 503] as const;

/**
 * Who may call a route (docs/spec/qan-api.md §1.1). `public`: anyone. `reader`: any bearer
 * token (reader, client or operator), or anyone when the QAN enables anonymous reads. `client`:
 * a client or operator token. `operator`: an operator token. `sae`: an SAE authenticated by its
 * TLS client certificate on the ETSI 014 listener, and nothing else.
 */
export type RouteAccess = 'public' | 'reader' | 'client' | 'operator' | 'sae';

/** Who made a request, as the server established it: a token's principal or an SAE's certificate. */
export interface RouteCaller {
  /** The principal's name, the SAE_ID of an SAE, or `anonymous`. */
  readonly name: string;
  /** The roles the credential carries (none for anonymous). */
  readonly roles: readonly RouteAccess[];
  /** The node scopes the principal may request resource contracts under (none when absent). */
  readonly scopes?: readonly string[];
}

/** One endpoint of the API: its path (`:name` segments are path parameters) and the schemas of its parts. */
export interface RouteContract {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** OpenAPI tag. */
  readonly tag:
    | 'system'
    | 'registry'
    | 'routing'
    | 'jobs'
    | 'contracts'
    | 'log'
    | 'trust'
    | 'etsi-014';
  /** Who may call it; a server refuses to serve a route without one (default deny). */
  readonly access: RouteAccess;
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
    access: 'public',
    status: 200,
    response: 'qcos-api-health',
    fails: false,
  },
  info: {
    method: 'GET',
    path: '/api/info',
    tag: 'system',
    access: 'reader',
    status: 200,
    response: 'qcos-api-info',
    fails: false,
  },
  listNodes: {
    method: 'GET',
    path: '/api/v1/nodes',
    tag: 'registry',
    access: 'reader',
    status: 200,
    response: 'qcos-api-node-list',
    fails: false,
  },
  getNode: {
    method: 'GET',
    path: '/api/v1/nodes/:alias',
    tag: 'registry',
    access: 'reader',
    params: 'qcos-api-alias-path',
    status: 200,
    response: 'qcos-api-node',
    fails: true,
  },
  resolve: {
    method: 'POST',
    path: '/api/v1/resolve',
    tag: 'routing',
    access: 'reader',
    body: 'qcos-api-resolve-request',
    status: 200,
    response: 'qcos-api-resolve-response',
    fails: true,
  },
  resolveByQuery: {
    method: 'GET',
    path: '/api/v1/resolve',
    tag: 'routing',
    access: 'reader',
    query: 'qcos-api-resolve-request',
    status: 200,
    response: 'qcos-api-resolve-response',
    fails: true,
  },
  submitJob: {
    method: 'POST',
    path: '/api/v1/jobs',
    tag: 'jobs',
    access: 'client',
    body: 'qcos-api-job-submit',
    status: 202,
    response: 'qcos-api-job',
    fails: true,
  },
  getJob: {
    method: 'GET',
    path: '/api/v1/jobs/:jobId',
    tag: 'jobs',
    access: 'client',
    params: 'qcos-api-job-path',
    status: 200,
    response: 'qcos-api-job',
    fails: true,
  },
  requestContract: {
    method: 'POST',
    path: '/api/v1/contracts',
    tag: 'contracts',
    access: 'client',
    body: 'qcos-api-contract-request',
    status: 200,
    response: 'qcos-api-contract',
    fails: true,
  },
  getContract: {
    method: 'GET',
    path: '/api/v1/contracts/:contractId',
    tag: 'contracts',
    access: 'client',
    params: 'qcos-api-contract-path',
    status: 200,
    response: 'qcos-api-contract',
    fails: true,
  },
  cancelContract: {
    method: 'POST',
    path: '/api/v1/contracts/:contractId/cancel',
    tag: 'contracts',
    access: 'client',
    params: 'qcos-api-contract-path',
    status: 200,
    response: 'qcos-api-contract',
    fails: true,
  },
  runContract: {
    method: 'POST',
    path: '/api/v1/contracts/:contractId/runs',
    tag: 'contracts',
    access: 'client',
    params: 'qcos-api-contract-path',
    body: 'qcos-api-contract-run-request',
    status: 200,
    response: 'qcos-api-contract-run',
    fails: true,
  },
  nodeReservations: {
    method: 'GET',
    path: '/api/v1/nodes/:alias/reservations',
    tag: 'contracts',
    access: 'reader',
    params: 'qcos-api-alias-path',
    status: 200,
    response: 'qcos-api-reservation-list',
    fails: true,
  },
  listBlocks: {
    method: 'GET',
    path: '/api/v1/blocks',
    tag: 'log',
    access: 'reader',
    query: 'qcos-api-block-page-query',
    status: 200,
    response: 'qcos-api-block-list',
    fails: true,
  },
  getBlock: {
    method: 'GET',
    path: '/api/v1/blocks/:height',
    tag: 'log',
    access: 'reader',
    params: 'qcos-api-height-path',
    status: 200,
    response: 'qcos-api-block',
    fails: true,
  },
  merkleRoot: {
    method: 'GET',
    path: '/api/v1/merkle/root',
    tag: 'log',
    access: 'reader',
    query: 'qcos-api-merkle-root-query',
    status: 200,
    response: 'qcos-api-merkle-root',
    fails: true,
  },
  merkleProof: {
    method: 'GET',
    path: '/api/v1/merkle/proof/:alias',
    tag: 'log',
    access: 'reader',
    params: 'qcos-api-alias-path',
    status: 200,
    response: 'qcos-api-merkle-proof',
    fails: true,
  },
  trust: {
    method: 'GET',
    path: '/api/v1/trust/:target',
    tag: 'trust',
    access: 'reader',
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
    access: 'reader',
    status: 200,
    response: 'qcos-api-members',
    fails: false,
  },
  submitOperatorAction: {
    method: 'POST',
    path: '/api/v1/operator-actions',
    tag: 'registry',
    access: 'operator',
    body: 'qcos-api-operator-action-submit',
    status: 202,
    response: 'qcos-api-operator-action',
    fails: true,
  },
  keyStatus: {
    method: 'GET',
    path: '/api/v1/keys/:slave_SAE_ID/status',
    tag: 'etsi-014',
    access: 'sae',
    params: 'qcos-api-slave-sae-path',
    status: 200,
    response: 'qcos-api-etsi014-status',
    fails: true,
  },
  encKeysByQuery: {
    method: 'GET',
    path: '/api/v1/keys/:slave_SAE_ID/enc_keys',
    tag: 'etsi-014',
    access: 'sae',
    params: 'qcos-api-slave-sae-path',
    query: 'qcos-api-etsi014-key-query',
    status: 200,
    response: 'qcos-api-etsi014-key-container',
    fails: true,
  },
  encKeys: {
    method: 'POST',
    path: '/api/v1/keys/:slave_SAE_ID/enc_keys',
    tag: 'etsi-014',
    access: 'sae',
    params: 'qcos-api-slave-sae-path',
    body: 'qcos-api-etsi014-key-request',
    status: 200,
    response: 'qcos-api-etsi014-key-container',
    fails: true,
  },
  decKeysByQuery: {
    method: 'GET',
    path: '/api/v1/keys/:master_SAE_ID/dec_keys',
    tag: 'etsi-014',
    access: 'sae',
    params: 'qcos-api-master-sae-path',
    query: 'qcos-api-etsi014-key-id-query',
    status: 200,
    response: 'qcos-api-etsi014-key-container',
    fails: true,
  },
  decKeys: {
    method: 'POST',
    path: '/api/v1/keys/:master_SAE_ID/dec_keys',
    tag: 'etsi-014',
    access: 'sae',
    params: 'qcos-api-master-sae-path',
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
    caller: RouteCaller,
  ) => RouteResponse<K> | Promise<RouteResponse<K>>;
};
