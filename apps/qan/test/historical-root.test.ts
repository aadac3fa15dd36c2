import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hybridKeyFromSeed, toHex } from '@qcos/identity';
import type { BlockLog, BlockRootStore } from '@qcos/interface';
import { createGenesis, DEFAULT_POLICY, merkleRoot, type RegistryState } from '@qcos/registry-core';
import {
  createMetricsRegistry,
  type Database,
  openDatabase,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { createQanApi } from '../src/api/qan-api-service.js';
import { qanRouteHandlers } from '../src/http/route-handlers.js';
import { httpRoutes } from '../src/http/routes.js';
import { buildHttpServer } from '../src/http/server.js';
import { RegistryService } from '../src/registry/registry-service.js';
import { bearer, testAccess } from './api-auth-fixture.js';
import { healthyReport, silentLogger } from './registry-fixtures.js';

const key = hybridKeyFromSeed(new Uint8Array(32).fill(5));
const HTTP_LIMITS = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};
const logger = silentLogger;
const report = healthyReport;

interface RootView {
  height: number;
  root: string;
  nodeCount: number;
}

/** A block log that counts the ranges read from it (each one a replay of stored blocks). */
function countingLog(inner: BlockLog): { log: BlockLog; ranges: () => number } {
  let ranges = 0;
  const log: BlockLog = {
    firstHeight: inner.firstHeight,
    head: () => inner.head(),
    append: (block, expected) => inner.append(block, expected),
    range: (from, to) => {
      ranges++;
      return inner.range(from, to);
    },
    follow: (from) => inner.follow(from),
    count: () => inner.count(),
    close: () => inner.close(),
  };
  return { log, ranges: () => ranges };
}

function open(db: Database, log: BlockLog, onBlock?: (state: RegistryState) => void) {
  return RegistryService.open({
    genesis: createGenesis({
      networkId: 'test',
      anchorPublicKey: key.publicKey,
      policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 1_000_000, hysteresisHeartbeats: 2 },
    }),
    signingKey: key,
    log,
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: 50,
    logger,
    ...(onBlock === undefined ? {} : { onBlock }),
  });
}

/** Commits `blocks` blocks: a new node every tenth block, heartbeats in between. */
async function commitBlocks(registry: RegistryService, blocks: number): Promise<void> {
  let nodes = 0;
  for (let b = 0; b < blocks; b++) {
    const atMs = 1_000 + b;
    if (b % 10 === 0) {
      void registry.submit({
        kind: 'REGISTER',
        alias: `node-${nodes}`,
        address: `node-${nodes}.example:7400`,
        scope: 'eu-west',
        qubitCapacity: 20,
        publicKey: hybridKeyFromSeed(new Uint8Array(32).fill(nodes + 10)).publicKey,
        atMs,
      });
      nodes++;
    } else {
      void registry.submit({ kind: 'HEARTBEAT', alias: `node-${nodes - 1}`, atMs, report });
    }
    await registry.seal();
  }
}

async function rootServer(registry: RegistryService, log: BlockLog) {
  const api = createQanApi({
    info: () => {
      throw new Error('not used');
    },
    registry,
    log,
    sessions: {} as never,
    jobs: {} as never,
    keys: {} as never,
    contracts: {} as never,
    runs: {} as never,
  });
  return buildHttpServer({
    access: testAccess(),
    routes: httpRoutes(qanRouteHandlers(api, 0)),
    metrics: createMetricsRegistry('test_'),
    logger,
    bodyLimitBytes: 4096,
    rateLimitMax: 1_000,
    rateLimitWindowMs: 1_000,
    limits: HTTP_LIMITS,
    version: '0.0.0',
  });
}

describe('historical Merkle roots', () => {
  it('16 parallel historical-root requests at height 1 000 read no block from the log', async () => {
    const db = openDatabase(':memory:');
    const { log, ranges } = countingLog(sqliteBlockLog(db));
    const committed = new Map<number, RootView>();
    const registry = await open(db, log, (state) =>
      committed.set(state.height, {
        height: state.height,
        root: toHex(merkleRoot(state)),
        nodeCount: state.entries.length,
      }),
    );
    await commitBlocks(registry, 1_000);
    expect(registry.state.height).toBe(1_000);
    const app = await rootServer(registry, log);
    const before = ranges();

    const heights = Array.from({ length: 16 }, (_, i) => 1 + i * 66);
    heights[15] = 999;
    const answers = await Promise.all(
      heights.map((h) =>
        app.inject({
          method: 'GET',
          url: `/api/v1/merkle/root?height=${h}`,
          headers: bearer('reader'),
        }),
      ),
    );
    expect(ranges() - before).toBe(0);
    for (const [i, r] of answers.entries()) {
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual(committed.get(heights[i] as number));
    }
    const head = await app.inject({
      method: 'GET',
      url: '/api/v1/merkle/root?height=1000',
      headers: bearer('reader'),
    });
    expect(head.json()).toEqual(committed.get(1_000));
    const current = await app.inject({
      method: 'GET',
      url: '/api/v1/merkle/root',
      headers: bearer('reader'),
    });
    expect(current.json()).toEqual(committed.get(1_000));
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/merkle/root?height=1001',
      headers: bearer('reader'),
    });
    expect([missing.statusCode, missing.json()]).toEqual([
      404,
      { code: 'BLOCK_NOT_FOUND', message: 'no block at height 1001', details: { height: 1001 } },
    ]);
    expect(ranges() - before).toBe(0);
    await app.close();
  }, 60_000);

  it('fills in missing roots once at start-up; requests after that read no block', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'roots-')), 'qan.db');
    const first = openDatabase(path);
    const committed = new Map<number, string>();
    const registry = await open(first, sqliteBlockLog(first), (state) =>
      committed.set(state.height, toHex(merkleRoot(state))),
    );
    await commitBlocks(registry, 120);
    // A database written before roots were kept: none stored.
    first.exec('DELETE FROM block_roots');
    first.close();

    const db = openDatabase(path);
    const { log, ranges } = countingLog(sqliteBlockLog(db));
    const roots: BlockRootStore = sqliteBlockRootStore(db);
    const again = await open(db, log);
    expect(again.state.height).toBe(120);
    expect(await roots.count()).toBe(120);
    const atStart = ranges();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => again.rootAt(1 + i * 7)),
    );
    expect(ranges()).toBe(atStart);
    for (const [i, root] of answers.entries())
      expect(root && toHex(root.root)).toBe(committed.get(1 + i * 7));
    db.close();
  }, 60_000);
});
