import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deriveNodeKeys,
  type HybridSigningKey,
  hybridKeyFromSeed,
  hybridQuid,
} from '@qcos/identity';
import {
  createGenesisDocument,
  type OperatorRecordBody,
  signOperatorAction,
} from '@qcos/registry-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from './api-auth-fixture.js';
import {
  connectNode,
  getJson,
  hex,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  type TestNode,
  until,
} from './harness.js';

const rigel: TestNode = { alias: 'rigel', scope: 'eu-west', seed: seed(11) };
const anchor = hybridKeyFromSeed(seed(60));
const operator = hybridKeyFromSeed(seed(61));
const newQan = hybridKeyFromSeed(seed(62));
// The QAN signs with the key its identity seed derives (harness: seed 1).
const qanKey = deriveNodeKeys(seed(1)).signingKey;

interface Members {
  genesisHash: string;
  anchor: string;
  members: { quid: string; role: string; trustLevel: number; mayAct: boolean; lastSeq: number }[];
}
interface NodeView {
  status: string;
  reason?: string | null;
}
interface BlockView {
  height: number;
  origin: string;
  records: { kind: string; signer?: string; operatorAction?: { seq: number; record: object } }[];
}

function writeGenesis(
  dir: string,
  members: Parameters<typeof createGenesisDocument>[0]['members'],
) {
  const file = join(dir, 'genesis.qgd');
  writeFileSync(file, createGenesisDocument({ networkId: 'devnet', anchorKey: anchor, members }));
  return file;
}

describe('operator actions on a QAN started from a genesis document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qan-ops-'));
  let qan: QanProcess | undefined;
  let genesisHash: Uint8Array;
  const seqs = new Map<string, number>();

  /** Signs `record` with `key` (next seq for that key) and posts it; the HTTP status and body. */
  async function post(key: HybridSigningKey, record: OperatorRecordBody, seq?: number) {
    const signer = hybridQuid(key.publicKey);
    const next = seq ?? (seqs.get(signer) ?? 0) + 1;
    if (seq === undefined) seqs.set(signer, next);
    const body = signOperatorAction({ genesisHash, seq: next, atMs: Date.now(), record }, key);
    const r = await fetch(`${qan!.http}/api/v1/operator-actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer() },
      body: JSON.stringify({
        action: hex(body.action),
        signerKey: hex(body.signerKey),
        signature: hex(body.signature),
      }),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }
  const node = () => getJson<NodeView>(`${qan!.http}/api/v1/nodes/rigel`);

  beforeAll(async () => {
    requireBuilt();
    const genesisFile = writeGenesis(dir, [
      { role: 'QAN', publicKey: qanKey.publicKey, levelPpm: 1_000_000 },
      { role: 'OPERATOR', publicKey: operator.publicKey, levelPpm: 900_000 },
    ]);
    qan = await startQan(qanConfig(join(dir, 'data'), [rigel], { genesisFile }), dir);
    const members = await getJson<Members>(`${qan.http}/api/v1/members`);
    genesisHash = Uint8Array.from(Buffer.from(members.genesisHash, 'hex'));
  });
  afterAll(async () => {
    await qan?.stop();
  });

  it('lists the anchor, the QAN and the operator from the document', async () => {
    const m = await getJson<Members>(`${qan!.http}/api/v1/members`);
    expect(m.anchor).toBe(hybridQuid(anchor.publicKey));
    const roles = Object.fromEntries(m.members.map((x) => [x.quid, [x.role, x.trustLevel]]));
    expect(roles).toEqual({
      [hybridQuid(anchor.publicKey)]: ['ANCHOR', 1],
      [hybridQuid(qanKey.publicKey)]: ['QAN', 1],
      [hybridQuid(operator.publicKey)]: ['OPERATOR', 0.9],
    });
  });

  it('maintenance on and off, each a block record signed by the operator key', async () => {
    const peer = await connectNode(qan!.transport, rigel);
    const beat = setInterval(() => peer.heartbeat(), 200);
    try {
      await until(async () => ((await node()).status === 'ACTIVE' ? true : undefined));
      const on = await post(operator, { kind: 'MAINTENANCE', alias: 'rigel', atMs: 1, on: true });
      expect(on.status).toBe(202);
      expect(on.body).toMatchObject({
        kind: 'MAINTENANCE',
        seq: 1,
        signer: hybridQuid(operator.publicKey),
      });
      expect(await node()).toMatchObject({ status: 'QUARANTINE', reason: 'MAINTENANCE' });
      const block = await getJson<BlockView>(`${qan!.http}/api/v1/blocks/${on.body.height}`);
      const record = block.records.find((r) => r.kind === 'OPERATOR_ACTION');
      expect(record?.signer).toBe(hybridQuid(operator.publicKey));
      expect(record?.operatorAction).toMatchObject({
        seq: 1,
        record: { kind: 'MAINTENANCE', on: true },
      });
      const off = await post(operator, { kind: 'MAINTENANCE', alias: 'rigel', atMs: 2, on: false });
      expect(off.status).toBe(202);
      await until(async () => ((await node()).status === 'ACTIVE' ? true : undefined));
    } finally {
      clearInterval(beat);
      await peer.close();
    }
  });

  it('grants and revokes a trust edge; members show the trust move', async () => {
    const quid = hybridQuid(newQan.publicKey);
    const edge = (levelPpm: number): OperatorRecordBody => ({
      kind: 'TRUST_EDGE',
      trusteeKey: newQan.publicKey,
      role: 'QAN',
      levelPpm,
    });
    expect((await post(operator, edge(800_000))).status).toBe(202);
    const trust = async () =>
      (await getJson<Members>(`${qan!.http}/api/v1/members`)).members.find((m) => m.quid === quid);
    expect(await trust()).toMatchObject({ role: 'QAN', trustLevel: 0.72, mayAct: true });
    expect((await post(operator, edge(0))).status).toBe(202);
    expect(await trust()).toMatchObject({ role: 'QAN', trustLevel: 0, mayAct: false });
  });

  it('refuses a key without operator tier, a replay and malformed bytes with their codes', async () => {
    const byQan = await post(qanKey, { kind: 'MAINTENANCE', alias: 'rigel', atMs: 3, on: true });
    expect(byQan.status).toBe(409);
    expect(byQan.body).toMatchObject({
      code: 'OPERATOR_ACTION_REFUSED',
      details: { registryCode: 'RECORD_NOT_PERMITTED', field: 'signerKey' },
    });
    const replay = await post(
      operator,
      { kind: 'MAINTENANCE', alias: 'rigel', atMs: 4, on: true },
      1,
    );
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({
      details: { registryCode: 'ACTION_REPLAYED', field: 'action.seq' },
    });
    const r = await fetch(`${qan!.http}/api/v1/operator-actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer() },
      body: JSON.stringify({
        action: '00',
        signerKey: hex(operator.publicKey),
        signature: '00'.repeat(3373),
      }),
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      code: 'OPERATOR_ACTION_INVALID',
      details: { registryCode: 'RECORD_INVALID' },
    });
  });
});

describe('a QAN and its genesis document', () => {
  beforeAll(() => requireBuilt());

  it('refuses to start when it is not a QAN member of the document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qan-ops-'));
    const genesisFile = writeGenesis(dir, [
      { role: 'OPERATOR', publicKey: operator.publicKey, levelPpm: 900_000 },
    ]);
    await expect(
      startQan(qanConfig(join(dir, 'data'), [rigel], { genesisFile }), dir),
    ).rejects.toThrow(/is not a QAN member of the genesis document/);
  });
});
