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
  /** One line for the OpenAPI operation and the Swagger UI list. */
  readonly summary: string;
  /** What the route does and its route-specific refusals; the access sentence is added from `access`. */
  readonly description: string;
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
  /**
   * The statuses of the operation's own refusals beyond those: 409 for a conflict with the
   * registry's state, 502 and 504 for a participant that failed or did not answer.
   */
  readonly refusals?: readonly (409 | 502 | 504)[];
}

/** Every endpoint of the QAN HTTP API (docs/spec/qan-api.md), by a stable name. */
export const QAN_ROUTES = {
  health: {
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness and the committed height',
    description:
      'Answers while the QAN runs: `status` is always `ok`, with the height of the last committed block and the process uptime. For load balancers and probes.',
    tag: 'system',
    access: 'public',
    status: 200,
    response: 'qcos-api-health',
    fails: false,
  },
  info: {
    method: 'GET',
    path: '/api/info',
    summary: "The QAN's identity and status policy",
    description:
      "The service name and version, this QAN's quid (`qanId`), the network it belongs to, its peer transport port and handshake, and the status policy it applies (heartbeat timeout, minimum fidelity, hysteresis).",
    tag: 'system',
    access: 'reader',
    status: 200,
    response: 'qcos-api-info',
    fails: false,
  },
  listNodes: {
    method: 'GET',
    path: '/api/v1/nodes',
    summary: "List the registry's nodes",
    description:
      'Every node of the registry as folded from the committed block log, with the height of the last block folded. Every QAN folding the same log answers the same entries.',
    tag: 'registry',
    access: 'reader',
    status: 200,
    response: 'qcos-api-node-list',
    fails: false,
  },
  getNode: {
    method: 'GET',
    path: '/api/v1/nodes/:alias',
    summary: 'Get one node by alias',
    description:
      "The registry entry of the node `alias`: the eight mandatory fields, its quarantine reason, identity and this QAN's view of its session. An alias not in the registry is `404 NODE_NOT_FOUND`.",
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
    summary: 'Resolve a Q-URI to a routing decision',
    description:
      "Parses the Q-URI and runs the Quantum Network Handler's routing over the current registry, with the job requirements the URI carries (`qubits`, `min-fidelity`, `reroute`) and the configured regional failover order. Changes nothing. A URI that does not parse is `400 BAD_Q_URI` with `quriCode` and `offset`.",
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
    summary: 'Resolve a Q-URI given in the query',
    description:
      'The same as `POST /api/v1/resolve`, with the Q-URI in the `uri` query parameter (percent-encoded).',
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
    summary: 'Submit a job',
    description:
      "Routes a `/run` Q-URI with its OpenQASM `program` to a node, which runs it, or runs a two-node `/link` job over a link contract of the caller's. Answers `202` with the job as dispatched (or rejected); poll `GET /api/v1/jobs/{jobId}` for its result. The caller becomes the job's submitter: only it and operators can read the job.",
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
    summary: 'Get a job',
    description:
      "The job's status (`dispatched`, `completed`, `failed`, `rejected`), its routing decision and, once finished, its result or error. Only its submitter and operators see it: for anyone else, as for an unknown or evicted id, the answer is `404 JOB_NOT_FOUND`.",
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
    summary: 'Request a resource contract',
    description:
      'Writes a `CONTRACT_REQUEST` for a link between two nodes or a coherence window across several and answers, once the block holding it is committed, the contract as the fold left it: `RESERVED` with its slots, or `REJECTED` with its reason. The caller must hold every scope in `scopes` (`403 CONTRACT_SCOPE_DENIED`) and have fewer than 64 holding contracts (`429 CONTRACT_LIMIT`); a request the fold refuses outright is `400 CONTRACT_INVALID` or `409 CONTRACT_REFUSED`.',
    tag: 'contracts',
    access: 'client',
    body: 'qcos-api-contract-request',
    status: 200,
    response: 'qcos-api-contract',
    fails: true,
    refusals: [409],
  },
  getContract: {
    method: 'GET',
    path: '/api/v1/contracts/:contractId',
    summary: 'Get a resource contract',
    description:
      'The contract as the registry holds it: terms and allocation while it holds resources (`RESERVED`, `ACTIVE`), final state and reason once ended. Only its requester and operators see it; anyone else, or a contract the state no longer keeps, gets `404 CONTRACT_NOT_FOUND`.',
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
    summary: 'Cancel a resource contract',
    description:
      'Writes `CONTRACT_RELEASE` with reason `CANCELLED` and answers the contract after the block (`RELEASED`). A contract that holds nothing is `409 CONTRACT_ENDED`. Its requester or an operator only.',
    tag: 'contracts',
    access: 'client',
    params: 'qcos-api-contract-path',
    status: 200,
    response: 'qcos-api-contract',
    fails: true,
    refusals: [409],
  },
  runContract: {
    method: 'POST',
    path: '/api/v1/contracts/:contractId/runs',
    summary: 'Run pairs over a link contract',
    description:
      "Has the participants of an `ACTIVE` link contract generate and use `pairs` entangled pairs now: a CHSH test (type `M` link) or teleportation of `state` (type `K` link), and answers the outcome computed from both participants' reports. Refusals: `409 CONTRACT_RUN_UNAVAILABLE`, `429 CONTRACT_RUN_BUSY`, `502 CONTRACT_RUN_FAILED`, `504 CONTRACT_RUN_TIMEOUT`.",
    tag: 'contracts',
    access: 'client',
    params: 'qcos-api-contract-path',
    body: 'qcos-api-contract-run-request',
    status: 200,
    response: 'qcos-api-contract-run',
    fails: true,
    refusals: [409, 502, 504],
  },
  nodeReservations: {
    method: 'GET',
    path: '/api/v1/nodes/:alias/reservations',
    summary: "List what holds a node's resources",
    description:
      "The contracts holding the node's memory slots (`RESERVED` or `ACTIVE`), by contract id, with the slots the node advertises. An unknown alias is `404 NODE_NOT_FOUND`.",
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
    summary: 'List committed blocks',
    description:
      'One page of the committed block log from height `from` (at most `limit` blocks, 100 at most, default 20), with the current height. Byte fields are hex.',
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
    summary: 'Get a block by height',
    description:
      "The committed block at `height`. No block there is `404 BLOCK_NOT_FOUND`; one pruned from the shared log that this QAN's archive does not hold is `404 BLOCK_PRUNED`.",
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
    summary: "Get the registry's Merkle root",
    description:
      'The RFC 6962-style Merkle root over the canonical node entries sorted by alias, now or, with `height`, right after the committed block at that height (`0`: the genesis). A height not committed is `404 BLOCK_NOT_FOUND`.',
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
    summary: "Get a node's inclusion proof",
    description:
      "An inclusion proof of the node's entry under the current Merkle root, which a relay or light client checks with `verifyEntryProof(root, proof)`; `valid` is the QAN's own check. An unknown alias is `404 NODE_NOT_FOUND`.",
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
    summary: 'Get relational trust towards a key',
    description:
      "Relational trust from `observer` (default: the network's genesis trust anchor) to `target`, the best product of edge levels over paths of at most 5 hops, and the tier the fold gives blocks from `target`.",
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
    summary: "List the network's keys",
    description:
      'Every key the registry knows, sorted by quid — the anchor, the QANs and the operators — with its relational trust from the anchor, whether it may act, and the last operator-action sequence folded for it; and the status policy in force.',
    tag: 'trust',
    access: 'reader',
    status: 200,
    response: 'qcos-api-members',
    fails: false,
  },
  submitOperatorAction: {
    method: 'POST',
    path: '/api/v1/operator-actions',
    summary: 'Submit a signed operator action',
    description:
      "Carries an operator action signed by the operator's own key into the log: the QAN checks it with the registry's rules, queues it for its next block and answers `202` once that block is committed. A malformed action is `400 OPERATOR_ACTION_INVALID`; one the fold refuses is `409 OPERATOR_ACTION_REFUSED`.",
    tag: 'registry',
    access: 'operator',
    body: 'qcos-api-operator-action-submit',
    status: 202,
    response: 'qcos-api-operator-action',
    fails: true,
    refusals: [409],
  },
  keyStatus: {
    method: 'GET',
    path: '/api/v1/keys/:slave_SAE_ID/status',
    summary: 'ETSI 014 Get status',
    description:
      "ETSI GS QKD 014 §5.1: the status of the key pool between the calling (master) SAE and `slave_SAE_ID`. An SAE outside the caller's pairings is `403 SAE_NOT_PAIRED`.",
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
    summary: 'ETSI 014 Get key (GET)',
    description:
      'ETSI GS QKD 014 §5.2, GET form: hands the calling master SAE `number` new keys of `size` bits shared with `slave_SAE_ID` (the standard defines this GET to consume keys). A short pool is `503 KEYS_EXHAUSTED`.',
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
    summary: 'ETSI 014 Get key',
    description:
      'ETSI GS QKD 014 §5.2: hands the calling master SAE new keys shared with `slave_SAE_ID`, as the Key request asks. A short pool is `503 KEYS_EXHAUSTED`; unsupported request fields are `400` with their code.',
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
    summary: 'ETSI 014 Get key with key IDs (GET)',
    description:
      'ETSI GS QKD 014 §5.3, GET form: hands the calling slave SAE the keys `master_SAE_ID` obtained, by their `key_ID` query parameters. An unknown key is `400 KEY_NOT_FOUND`.',
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
    summary: 'ETSI 014 Get key with key IDs',
    description:
      'ETSI GS QKD 014 §5.3: hands the calling slave SAE the keys `master_SAE_ID` obtained, by the key IDs in the body. An unknown key is `400 KEY_NOT_FOUND`.',
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
