import { chmodSync } from 'node:fs';
import { connect } from 'node:net';
import { createLogger } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import type { QanApi } from '../src/api/qan-api.js';
import { buildEtsi014Server } from '../src/http/etsi014-server.js';
import { qanRouteHandlers } from '../src/http/route-handlers.js';
import { type HttpRoute, httpRoutes } from '../src/http/routes.js';
import { issueTestSaeCertificates, type TestSaeCertificates } from './sae-certificates-fixture.js';

const noApi = new Proxy({} as QanApi, {
  get: () => () => {
    throw new Error('not used');
  },
});

/** The listener's options for the test certificates: a cap of 2 sockets, a 200 ms header deadline. */
function serverOptions(certs: TestSaeCertificates, routes: readonly HttpRoute[]) {
  return {
    routes,
    tls: {
      caFile: certs.config.etsi014CaFile,
      certFile: certs.config.etsi014CertFile,
      keyFile: certs.config.etsi014KeyFile,
    },
    logger: createLogger({ name: 'test', level: 'silent' }),
    bodyLimitBytes: 4096,
    rateLimitMax: 100,
    rateLimitWindowMs: 1000,
    limits: {
      maxConnections: 2,
      headersTimeoutMs: 200,
      requestTimeoutMs: 1_000,
      keepAliveTimeoutMs: 1_000,
    },
  };
}

describe('ETSI 014 listener limits', () => {
  it('closes a socket that never completes its TLS handshake, and holds no more than the cap', async () => {
    const certs = await issueTestSaeCertificates([]);
    const app = await buildEtsi014Server(
      serverOptions(
        certs,
        httpRoutes(qanRouteHandlers(noApi, 0)).filter((r) => r.access === 'sae'),
      ),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const open = () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      let received = 0;
      socket.on('data', (d: Buffer) => {
        received += d.length;
      });
      const closed = new Promise<number>((resolve) =>
        socket.once('close', () => resolve(received)),
      );
      return { socket, closed };
    };
    // Silent sockets (no ClientHello) are closed by the handshake deadline, having got nothing.
    const silent = [open(), open()];
    const extra = open();
    expect(await extra.closed).toBe(0); // beyond maxConnections: closed at once
    expect(await Promise.all(silent.map((s) => s.closed))).toEqual([0, 0]);
    await app.close();
  });

  it('refuses to start with a private key others may read', async () => {
    const certs = await issueTestSaeCertificates([]);
    chmodSync(certs.config.etsi014KeyFile, 0o644);
    const error = await buildEtsi014Server(serverOptions(certs, [])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_FILE_PERMISSIONS', details: { mode: '0644' } });
  });
});
