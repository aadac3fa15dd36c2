/**
 * What the QAN's OpenAPI document says besides the schemas: the document's info, servers, tags
 * and security schemes, and each operation's id, texts and security, derived from QAN_ROUTES.
 * The QAN serves the document (GET /openapi.json); docs/api/openapi.json is a copy of it.
 */
import {
  AUTH_ERROR_STATUSES,
  ERROR_STATUSES,
  ETSI014_ERROR_STATUSES,
  type RouteAccess,
  type RouteContract,
} from './routes.js';

/** The document's `info`: what the API is, its licence and who answers for it. */
export const QAN_API_INFO = {
  title: 'QCOS QAN API',
  description:
    'The HTTP API of a Quantum Authority Node (QAN): the Distributed Node Registry, Q-URI routing, jobs, resource contracts, the block log and its Merkle proofs, relational trust, operator actions, and ETSI GS QKD 014 key delivery. Errors are `{code, message, details}` with a stable UPPER_SNAKE `code` (key delivery: the ETSI GS QKD 014 error body). The normative text is docs/spec/qan-api.md.',
  license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  contact: {
    name: 'QCOS network stack maintainers',
    url: 'https://github.com/qcos-network/qcos/issues',
  },
} as const;

/** The HTTP API listener (QanConfig `http`); the URL is a variable, as each QAN has its own. */
export const QAN_API_SERVERS = [
  {
    url: '{qan}',
    description: "A QAN's HTTP API listener",
    variables: {
      qan: {
        default: 'http://127.0.0.1:8400',
        description: "The QAN's URL as `qcos devnet` prints it (QanConfig `http`).",
      },
    },
  },
] as const;

/** The ETSI GS QKD 014 listener (QanConfig `etsi014Listen`): HTTPS with client certificates. */
export const ETSI014_SERVERS = [
  {
    url: '{kme}',
    description: "A QAN's ETSI GS QKD 014 key delivery listener (mutual TLS)",
    variables: {
      kme: {
        default: 'https://127.0.0.1:8401',
        description: 'The KME URL as `qcos devnet` prints it (QanConfig `etsi014Listen`).',
      },
    },
  },
] as const;

/** Every tag of QAN_ROUTES with what its routes are about, in the order readers meet them. */
export const QAN_API_TAGS = [
  { name: 'system', description: 'Liveness and what this QAN is.' },
  {
    name: 'registry',
    description:
      'The Distributed Node Registry as folded from the block log, and the signed operator actions that change it.',
  },
  {
    name: 'routing',
    description: 'Resolving a Q-URI to the node that would take a job (changes nothing).',
  },
  { name: 'jobs', description: 'Circuit jobs and two-node link jobs, owned by their submitter.' },
  {
    name: 'contracts',
    description:
      'Resource contracts: entanglement links and coherence windows, reserved through the log, and runs over link contracts.',
  },
  { name: 'log', description: 'The committed block log, its Merkle roots and inclusion proofs.' },
  { name: 'trust', description: 'Relational trust between keys and the keys of the network.' },
  {
    name: 'etsi-014',
    description:
      'ETSI GS QKD 014 key delivery to SAEs. Served only on the ETSI 014 listener (HTTPS, client certificates issued by the SAE CA); the HTTP API listener answers each of these routes `401 CLIENT_CERTIFICATE_REQUIRED`.',
  },
] as const satisfies readonly { name: RouteContract['tag']; description: string }[];

/** The dashboard's routes (served beside QAN_ROUTES, not part of the route contract). */
export const DASHBOARD_TAG = {
  name: 'dashboard',
  description:
    'The operator dashboard at /ui/: browser sign-in (a session cookie for an API token) and the live event stream the page follows. docs/spec/qan-events.md is the normative text.',
} as const;

/** The document's security schemes: bearer tokens, and TLS client certificates for key delivery. */
export const QAN_SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      "`authorization: Bearer <token>` (RFC 6750): a token of a principal in the QAN's credentials file. The principal's roles (reader, client, operator) decide which routes it may call; each operation's description names the role it needs.",
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'qcos_session',
    description:
      "The dashboard's session cookie (HttpOnly, SameSite=Strict), from `POST /ui/api/session` with an API token; it stands for that token's principal. A request it authenticates with a method other than GET or HEAD must carry the session's CSRF token in `x-qcos-csrf` and no foreign `Origin`, else `403 CSRF_REJECTED`. An `authorization` header, when sent, is used instead.",
  },
  mutualTLS: {
    type: 'mutualTLS',
    description:
      "A TLS client certificate issued by the SAE CA (QanConfig `etsi014CaFile`); its subject CN is the caller's SAE_ID. Served only on the ETSI 014 listener (QanConfig `etsi014Listen`, HTTPS, TLS 1.2 or later); the HTTP API listener answers every key route `401 CLIENT_CERTIFICATE_REQUIRED`.",
  },
} as const;

/** The sentence each operation's description ends with: who may call it. */
export const ACCESS_TEXTS: Readonly<Record<RouteAccess, string>> = {
  public: 'Access: public, no credential needed.',
  reader:
    'Access: reader. A bearer token of role reader, client or operator; none when the QAN enables anonymous reads (QanConfig `anonymousRead`).',
  client: 'Access: client. A bearer token of role client or operator.',
  operator: 'Access: operator. A bearer token of role operator.',
  sae: 'Access: sae. An SAE authenticated by its TLS client certificate; served only on the ETSI 014 listener.',
};

/** What each error status of a bearer-token route means (every body: `qcos-api-error`). */
export const ERROR_TEXTS: Readonly<Record<number, string>> = {
  400: 'The request is malformed or fails its schema (`MALFORMED_JSON`, `VALIDATION_FAILED`, `INVALID_PATH`), or the operation refuses it (e.g. `BAD_Q_URI`).',
  401: 'No bearer token (`TOKEN_REQUIRED`) or one no principal holds (`TOKEN_INVALID`); `www-authenticate` names the realm.',
  403: "The token's roles do not reach the route's access level (`ACCESS_DENIED`), or the principal lacks a scope the request names (`CONTRACT_SCOPE_DENIED`).",
  404: "What the path names does not exist or is not the caller's (e.g. `NODE_NOT_FOUND`, `JOB_NOT_FOUND`, `BLOCK_NOT_FOUND`).",
  409: "The registry's state refuses the operation now (e.g. `CONTRACT_REFUSED`, `CONTRACT_ENDED`, `CONTRACT_RUN_UNAVAILABLE`, `OPERATOR_ACTION_REFUSED`).",
  413: 'The body is larger than the limit (`BODY_TOO_LARGE`, QanConfig `bodyLimitBytes`).',
  415: 'The body is not JSON in UTF-8 (`UNSUPPORTED_MEDIA_TYPE`).',
  429: 'Over the rate limit (`RATE_LIMITED`; `retry-after` says when to retry) or an operation limit.',
  502: 'A participant refused the run or reported what does not pair (`CONTRACT_RUN_FAILED`).',
  504: 'A participant did not report in time (`CONTRACT_RUN_TIMEOUT`).',
};

/** What each error status of a key delivery route means (every body: `qcos-api-etsi014-error`). */
export const ETSI014_ERROR_TEXTS: Readonly<Record<number, string>> = {
  400: 'The KME cannot serve the request: it fails its schema, asks what this KME does not support, or names an unknown SAE or key (`details[0].code`).',
  401: 'No verified SAE client certificate (`CLIENT_CERTIFICATE_REQUIRED`); the HTTP API listener answers every key route so.',
  403: 'The caller is not paired with the SAE in the path (`SAE_NOT_PAIRED`).',
  413: 'The body is larger than the limit (`BODY_TOO_LARGE`).',
  415: 'The body is not JSON in UTF-8 (`UNSUPPORTED_MEDIA_TYPE`).',
  429: 'Over the rate limit (`RATE_LIMITED`).',
  503: 'The key pool holds fewer keys than requested (`KEYS_EXHAUSTED`).',
};

/** Every route answers 429 to a caller over the rate limit (docs/spec/qan-api.md §2). */
const RATE_LIMITED = [429] as const;

/** A route that takes a body refuses one too large (413) or not JSON in UTF-8 (415). */
const BODY_ERRORS = [413, 415] as const;

/**
 * The error statuses a route's OpenAPI operation documents, ascending: what its access level, its
 * body, the rate limit and its operation can answer.
 */
export function routeErrorStatuses(route: RouteContract): number[] {
  const body = route.body === undefined ? [] : BODY_ERRORS;
  const statuses =
    route.access === 'sae'
      ? [...ETSI014_ERROR_STATUSES, ...RATE_LIMITED, ...body]
      : [
          ...(route.fails ? ERROR_STATUSES : RATE_LIMITED),
          ...(route.access === 'public' ? [] : AUTH_ERROR_STATUSES),
          ...body,
          ...(route.refusals ?? []),
        ];
  return [...new Set<number>(statuses)].sort((a, b) => a - b);
}

/** An OpenAPI security requirement: scheme name → scopes (none here). */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** A token route takes a bearer token, or the dashboard's session cookie standing for one. */
export const TOKEN_SECURITY: readonly SecurityRequirement[] = [{ bearer: [] }, { session: [] }];

/** Who may call a route, as OpenAPI says it: nothing, a bearer token, or a client certificate. */
export function routeSecurity(access: RouteAccess): readonly SecurityRequirement[] {
  if (access === 'public') return [];
  return access === 'sae' ? [{ mutualTLS: [] }] : TOKEN_SECURITY;
}

/** The documentation fields of a route's OpenAPI operation; `name` is its key in QAN_ROUTES. */
export interface RouteOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly security: readonly SecurityRequirement[];
  /** Key delivery routes only: the listener that serves them. */
  readonly servers?: typeof ETSI014_SERVERS;
}

/** The operation fields of route `name`: its id, texts, tag and security. */
export function routeOperation(name: string, route: RouteContract): RouteOperation {
  return {
    operationId: name,
    summary: route.summary,
    description: `${route.description}\n\n${ACCESS_TEXTS[route.access]}`,
    tags: [route.tag],
    security: routeSecurity(route.access),
    ...(route.access === 'sae' ? { servers: ETSI014_SERVERS } : {}),
  };
}

const SCHEMA_REF = /"#\/components\/schemas\/([^"]+)"/g;

/** The component schemas `value` refers to, by name. */
function referencedSchemas(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(SCHEMA_REF)].map((m) => decodeURIComponent(m[1] ?? ''));
}

/**
 * The document with only the component schemas its paths reach (directly or through other
 * schemas). The path and query schemas validate requests but the document inlines them as
 * parameters, so as components nothing would refer to them.
 */
export function withReachableSchemas<
  D extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } },
>(document: D): D {
  const all = document.components?.schemas ?? {};
  const reached = new Set<string>();
  const pending = referencedSchemas(document.paths);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name) || !(name in all)) continue;
    reached.add(name);
    pending.push(...referencedSchemas(all[name]));
  }
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => reached.has(name)));
  return { ...document, components: { ...document.components, schemas } };
}
