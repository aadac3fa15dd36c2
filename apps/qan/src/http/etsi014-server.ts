import { readFileSync } from 'node:fs';
import { assertPrivateFile } from '@qcos/runtime';
import type { FastifyInstance } from 'fastify';
import { saeGuard } from './access-guard.js';
import type { HttpRoute } from './routes.js';
import { registerRoutes } from './routes.js';
import { type ApiServerOptions, createApiServer } from './server.js';

/** The TLS material of the ETSI 014 listener (QanConfig `etsi014*File`), all PEM files. */
export interface Etsi014TlsFiles {
  /** The CA that issues SAE client certificates: the only issuer this listener accepts. */
  readonly caFile: string;
  /** The KME's server certificate (chain) and its private key (owner-only, 0600). */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface Etsi014ServerOptions extends ApiServerOptions {
  /** The routes of access `sae`; any other route is refused here. */
  readonly routes: readonly HttpRoute[];
  readonly tls: Etsi014TlsFiles;
}

/**
 * ETSI GS QKD 014 key delivery on its own HTTPS listener with mutual TLS, as the standard
 * requires: the handshake fails for a client without a certificate or with one the SAE CA did
 * not issue (`requestCert`, `rejectUnauthorized`), and each route learns its caller's SAE_ID from
 * the verified certificate (saeGuard). Errors are ETSI 014 error bodies.
 */
export async function buildEtsi014Server(options: Etsi014ServerOptions): Promise<FastifyInstance> {
  assertPrivateFile(options.tls.keyFile, 'the ETSI 014 TLS private key');
  const foreign = options.routes.find((r) => r.access !== 'sae');
  if (foreign !== undefined) throw new Error(`route ${foreign.name} is not a key delivery route`);
  const app = await createApiServer(options, 'etsi', {
    ca: readFileSync(options.tls.caFile),
    cert: readFileSync(options.tls.certFile),
    key: readFileSync(options.tls.keyFile),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });
  registerRoutes(app, options.routes, () => saeGuard);
  return app;
}
