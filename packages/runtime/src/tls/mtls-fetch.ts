import { request } from 'node:https';

/** What a client presents and trusts on a mutually authenticated TLS connection (all PEM). */
export interface ClientTls {
  /** The CA that issued the server's certificate: the only one trusted. */
  readonly ca: string | Buffer;
  /** The client certificate and its private key. */
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/** The part of a WHATWG fetch request this client sends. */
interface FetchInit {
  readonly method?: string;
  readonly headers?: HeadersInit;
  readonly body?: BodyInit | null;
  readonly signal?: AbortSignal | null;
}

/** The request headers as node:https takes them. */
function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * A fetch over HTTPS that presents a client certificate (ETSI GS QKD 014 key delivery). The global
 * fetch cannot present one, so this sends one request with node:https and answers with a WHATWG
 * Response. A refused handshake rejects, like a network error of fetch.
 */
export function mtlsFetch(tls: ClientTls): (url: string, init?: FetchInit) => Promise<Response> {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const body = init.body === undefined || init.body === null ? undefined : String(init.body);
      const req = request(
        url,
        {
          method: init.method ?? 'GET',
          headers: headerRecord(init.headers),
          ca: tls.ca,
          cert: tls.cert,
          key: tls.key,
          ...(init.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (typeof v === 'string') headers.set(k, v);
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}
