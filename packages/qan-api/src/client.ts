import {
  QAN_ROUTES,
  type QanRouteName,
  type RouteContract,
  type RouteRequest,
  type RouteResponse,
} from './routes.js';
import type { ApiErrorBody, Etsi014Error } from './types.js';

/** The part of the WHATWG fetch the client uses; the global fetch fits, so does a test double. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface QanApiClientOptions {
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  /**
   * The bearer token sent as `authorization: Bearer <token>` on every request (reader, client or
   * operator routes). SAEs authenticate with a TLS client certificate instead: give a `fetch`
   * that presents it (the token is then left out).
   */
  readonly token?: string;
}

/**
 * A failed call: `status` and the API's `{code, message, details}` for an error response;
 * `API_UNREACHABLE` (status 0) when no response came; `API_ERROR` for a body that is not an API error.
 */
export class QanApiError extends Error {
  override readonly name = 'QanApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Substitutes `:name` path segments; each value is URI-encoded. */
function expandPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) =>
    encodeURIComponent(String(params?.[name] ?? '')),
  );
}

/** `?a=1&b=x&b=y`: arrays become repeated parameters, undefined values are left out. */
function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value])
      if (v !== undefined) search.append(key, String(v));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function parseBody(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

function isApiError(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' && body !== null && typeof (body as ApiErrorBody).code === 'string'
  );
}

/** An ETSI GS QKD 014 error body as the key routes send it: `{message, details: [{code, …}]}`. */
function etsiError(body: unknown): ApiErrorBody | undefined {
  const b = body as Partial<Etsi014Error> | null;
  const first = Array.isArray(b?.details) ? b.details[0] : undefined;
  if (typeof b?.message !== 'string' || typeof first?.code !== 'string') return undefined;
  const { code, ...details } = first;
  return { code, message: b.message, details };
}

interface RawRequest {
  readonly params?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
}

/**
 * A typed client of the QAN HTTP API: one method per route of QAN_ROUTES, taking the route's
 * `{params, query, body}` (the argument may be left out when every part is optional) and
 * resolving with its success body.
 */
export type QanApiClient = {
  readonly [K in QanRouteName]: (
    ...request: object extends RouteRequest<K> ? [RouteRequest<K>?] : [RouteRequest<K>]
  ) => Promise<RouteResponse<K>>;
} & { readonly baseUrl: string };

/** Why a fetch got no answer, in words: the system error behind undici's "fetch failed". */
function unreachableReason(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'no answer in time';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  // The Fetch standard's blocked ports (1, 25, 6000 …): fetch refuses them without connecting.
  if (e.cause?.message === 'bad port') return 'a port fetch refuses to connect to';
  return code ?? e.cause?.message ?? String(error);
}

/** Sends one request of `route` and returns its parsed success body; throws QanApiError otherwise. */
async function send(
  baseUrl: string,
  route: RouteContract,
  r: RawRequest,
  fetch: FetchLike,
  options: { timeoutMs: number; token?: string | undefined },
): Promise<unknown> {
  const url = `${baseUrl}${expandPath(route.path, r.params)}${queryString(r.query)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: route.method,
      headers: {
        ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      },
      body: r.body === undefined ? null : JSON.stringify(r.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const reason = unreachableReason(error);
    throw new QanApiError(0, 'API_UNREACHABLE', `cannot reach ${baseUrl} (${reason})`, {
      url: baseUrl,
      reason,
    });
  }
  const body = parseBody(await response.text());
  if (response.ok) return body;
  const error = isApiError(body) ? body : etsiError(body);
  if (error !== undefined)
    throw new QanApiError(response.status, error.code, error.message, error.details);
  throw new QanApiError(response.status, 'API_ERROR', `HTTP ${response.status}`);
}

/** A client of the QAN at `baseUrl` (e.g. `http://127.0.0.1:8400`). */
export function createQanApiClient(
  baseUrl: string,
  options: QanApiClientOptions = {},
): QanApiClient {
  const fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const sendOptions = { timeoutMs: options.timeoutMs ?? 30_000, token: options.token };
  const routes: [string, RouteContract][] = Object.entries(QAN_ROUTES);
  const calls = routes.map(([name, route]) => [
    name,
    (request: RawRequest = {}) => send(baseUrl, route, request, fetch, sendOptions),
  ]);
  // The methods are built from the route table, so their types come from the contract.
  return { baseUrl, ...Object.fromEntries(calls) } as QanApiClient;
}
