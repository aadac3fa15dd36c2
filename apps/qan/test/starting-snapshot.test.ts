/**
 * Which snapshot a QAN starts from: its own or one handed over by another QAN, each used only
 * when the log's block at its height vouches for it (registry.md §7.2); every other is logged
 * with its code and field and passed over, and the log replayed instead.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hybridKeyFromSeed } from '@qcos/identity';
import type { BlockLog, StoredBlock } from '@qcos/interface';
import {
  createGenesis,
  DEFAULT_POLICY,
  encodeSnapshot,
  RegistryError,
  type RegistryState,
  type StatusPolicy,
  stateRoot,
} from '@qcos/registry-core';
import {
  type Database,
  openDatabase,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { RegistryService } from '../src/registry/registry-service.js';
import {
  checkedSnapshot,
  readSnapshotFile,
  type SnapshotCandidate,
  startingState,
} from '../src/registry/starting-snapshot.js';
import { recordingLogger } from './recording-logger.js';
import { healthyReport, registerRecord, silentLogger } from './registry-fixtures.js';

const key = hybridKeyFromSeed(new Uint8Array(32).fill(3));
const nodeKey = hybridKeyFromSeed(new Uint8Array(32).fill(4)).publicKey;
const V1: StatusPolicy = DEFAULT_POLICY;
const V2: StatusPolicy = { ...DEFAULT_POLICY, protocol: 2, protocolHeight: 1 };
const genesisOf = (policy: StatusPolicy, networkId = 'test'): RegistryState =>
  createGenesis({ networkId, anchorPublicKey: key.publicKey, policy });

function open(db: Database, log: BlockLog, genesis: RegistryState, extra: object = {}) {
  return RegistryService.open({
    genesis,
    signingKey: key,
    log,
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: 2,
    logger: silentLogger,
    ...extra,
  });
}

/**
 * A QAN that committed four blocks (snapshots at 2 and 4) on `genesis`, heartbeats `shiftMs`
 * later than the default; its log and state. Another shift is another history.
 */
async function fourBlocks(genesis: RegistryState, shiftMs = 0) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'snap-')), 'qan.db'));
  const log = sqliteBlockLog(db);
  const reg = await open(db, log, genesis);
  await Promise.all([reg.submit(registerRecord('rigel', nodeKey)), reg.seal()]);
  for (let i = 2; i <= 4; i++)
    await Promise.all([
      reg.submit({
        kind: 'HEARTBEAT',
        alias: 'rigel',
        atMs: 1_000 * i + shiftMs,
        report: healthyReport,
      }),
      reg.seal(),
    ]);
  const blockAt = async (h: number): Promise<StoredBlock | undefined> => {
    for await (const b of log.range(h, h + 1)) return b;
    return undefined;
  };
  return { log, state: reg.state, blockAt };
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof RegistryError) return { code: e.code, field: e.field };
    throw e;
  }
  return null;
};
/** The message of the RegistryError `p` rejects with. */
const messageOf = (p: Promise<unknown>) =>
  p.then(
    () => '',
    (e: Error) => e.message,
  );
const handedOver = (bytes: Uint8Array): SnapshotCandidate => ({ source: 'handed-over', bytes });
const stored = (bytes: Uint8Array): SnapshotCandidate => ({ source: 'stored', bytes });

describe('a new QAN given another QAN’s snapshot', () => {
  it('starts from it when the log’s version 2 block vouches for it, and folds to the same root', async () => {
    const genesis = genesisOf(V2);
    const a = await fourBlocks(genesis);
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'snap-b-')), 'qan.db'));
    const { lines, logger } = recordingLogger();
    const b = await open(db, a.log, genesis, {
      handedOverSnapshot: encodeSnapshot(a.state),
      logger,
    });
    expect(stateRoot(b.state)).toStrictEqual(stateRoot(a.state));
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'registry recovered from the block log',
        fromSnapshot: 4,
        replayed: 0,
      }),
    );
  });

  it('passes over a forged one (an entry changed), logs why, and replays the log instead', async () => {
    const genesis = genesisOf(V2);
    const a = await fourBlocks(genesis);
    const other = await fourBlocks(genesis, 7);
    // The same height and head as `a`'s state, with the entries of another history.
    const forged = encodeSnapshot({
      ...other.state,
      headHash: a.state.headHash,
      get entries() {
        return other.state.entries;
      },
    } as RegistryState);
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'snap-b-')), 'qan.db'));
    const { lines, logger } = recordingLogger();
    const b = await open(db, a.log, genesis, { handedOverSnapshot: forged, logger });
    expect(stateRoot(b.state)).toStrictEqual(stateRoot(a.state));
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'snapshot not used',
        code: 'SNAPSHOT_UNVERIFIED',
        field: 'stateRoot',
        source: 'handed-over',
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'registry recovered from the block log',
        fromSnapshot: 0,
        replayed: 4,
      }),
    );
  });
});

describe('startingState', () => {
  it('takes the highest candidate the log vouches for, whichever comes first', async () => {
    const genesis = genesisOf(V2);
    const a = await fourBlocks(genesis);
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'snap-c-')), 'qan.db'));
    const two = (await sqliteSnapshotStore(db).latest()) === undefined;
    expect(two).toBe(true);
    // The state at height 2, replayed from the same log.
    let s2 = genesis;
    for await (const b of a.log.range(1, 3))
      s2 = (await import('@qcos/registry-core')).foldStored(s2, b.bytes).state;
    const low = encodeSnapshot(s2);
    const high = encodeSnapshot(a.state);
    const { logger } = recordingLogger();
    for (const order of [
      [stored(low), handedOver(high)],
      [stored(high), handedOver(low)],
    ]) {
      const chosen = await startingState(genesis, order, a.blockAt, logger);
      expect(chosen.height).toBe(4);
    }
    expect((await startingState(genesis, [stored(low)], a.blockAt, logger)).height).toBe(2);
    expect(await startingState(genesis, [], a.blockAt, logger)).toBe(genesis);
  });
});

describe('checkedSnapshot', () => {
  it('refuses a handed-over snapshot at a version 1 height: it commits to no root', async () => {
    const a = await fourBlocks(genesisOf(V1));
    const bytes = encodeSnapshot(a.state);
    expect(
      await refusal(checkedSnapshot(handedOver(bytes), genesisOf(V1), a.blockAt)),
    ).toStrictEqual({
      code: 'SNAPSHOT_UNVERIFIED',
      field: 'version',
    });
    // The QAN's own stored snapshot of that height is used: its head is the log's block.
    expect(stateRoot(await checkedSnapshot(stored(bytes), genesisOf(V1), a.blockAt))).toStrictEqual(
      stateRoot(a.state),
    );
  });

  it('refuses a stored snapshot whose head is not the log’s block at its height', async () => {
    const a = await fourBlocks(genesisOf(V1));
    const other = await fourBlocks(genesisOf(V1), 7);
    const bytes = encodeSnapshot(other.state);
    expect(await refusal(checkedSnapshot(stored(bytes), genesisOf(V1), a.blockAt))).toStrictEqual({
      code: 'SNAPSHOT_UNVERIFIED',
      field: 'headHash',
    });
    expect(await messageOf(checkedSnapshot(stored(bytes), genesisOf(V1), a.blockAt))).toBe(
      'SNAPSHOT_UNVERIFIED: the snapshot is not the state after the log block',
    );
  });

  it('refuses a snapshot of another network, and one above the log’s head', async () => {
    const a = await fourBlocks(genesisOf(V2));
    const foreign = encodeSnapshot(genesisOf(V2, 'othernet'));
    expect(
      await refusal(checkedSnapshot(handedOver(foreign), genesisOf(V2), a.blockAt)),
    ).toStrictEqual({
      code: 'SNAPSHOT_UNVERIFIED',
      field: 'genesisHash',
    });
    expect(await messageOf(checkedSnapshot(handedOver(foreign), genesisOf(V2), a.blockAt))).toBe(
      'SNAPSHOT_UNVERIFIED: the snapshot is of another network',
    );
    const none = async () => undefined;
    expect(
      await refusal(checkedSnapshot(handedOver(encodeSnapshot(a.state)), genesisOf(V2), none)),
    ).toStrictEqual({ code: 'SNAPSHOT_UNVERIFIED', field: 'height' });
    expect(
      await messageOf(checkedSnapshot(handedOver(encodeSnapshot(a.state)), genesisOf(V2), none)),
    ).toBe(`SNAPSHOT_UNVERIFIED: the log holds no block ${a.state.height}`);
  });

  it('takes a snapshot of height 0 as the genesis, and refuses bytes that are not a snapshot', async () => {
    const genesis = genesisOf(V2);
    const none = async () => undefined;
    expect(await checkedSnapshot(handedOver(encodeSnapshot(genesis)), genesis, none)).toBe(genesis);
    expect(
      (await refusal(checkedSnapshot(handedOver(new Uint8Array([0xc1])), genesis, none)))?.code,
    ).toBe('SNAPSHOT_MALFORMED');
  });
});

describe('readSnapshotFile', () => {
  it('reads the file, and stops the start with CONFIG_INVALID at snapshotFile when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-file-'));
    const ok = join(dir, 'ok.snapshot');
    writeFileSync(ok, Uint8Array.of(1, 2, 3));
    expect(readSnapshotFile(ok)).toStrictEqual(Buffer.from([1, 2, 3]));
    // Exactly at the limit is read; one byte over is refused before reading.
    expect(readSnapshotFile(ok, 3)).toStrictEqual(Buffer.from([1, 2, 3]));
    expect(() => readSnapshotFile(ok, 2)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: `snapshot file ${ok} is over the snapshot limit of 2 bytes`,
        details: { field: 'snapshotFile' },
      }),
    );
    const missing = join(dir, 'missing.snapshot');
    expect(() => readSnapshotFile(missing)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(
          new RegExp(`^snapshot file ${missing} cannot be read: ENOENT`),
        ),
        details: { field: 'snapshotFile' },
      }),
    );
  });
});
