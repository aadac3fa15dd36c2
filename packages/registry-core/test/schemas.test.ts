import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quid } from '@qcos/identity';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  applyUnsignedBlock,
  buildBlock,
  entryToCanonical,
  type RecordBody,
  type RegistryState,
  signBlock,
} from '../src/index.js';
import {
  idAt,
  linkRequest,
  network,
  resources,
  windowRequest,
} from './contracts/contract-fixtures.js';
import { ANCHOR, activeNode, block, edge, genesis, heartbeat, qan, signed } from './helpers.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'schemas', 'registry');
const load = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.schema.json`), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(load('record'));
const validEntry = ajv.compile(load('node-entry'));
const validBlock = ajv.compile(load('block'));
const validRecord = ajv.getSchema('https://qcos.dev/schemas/registry/record.schema.json');

/** JSON form: byte strings become lower-case hex. */
const json = (v: unknown): unknown =>
  v instanceof Uint8Array
    ? Buffer.from(v).toString('hex')
    : Array.isArray(v)
      ? v.map(json)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, json(x)]))
        : v;

describe('JSON Schemas of schemas/registry', () => {
  const s0 = genesis();
  const b1 = block(s0, ANCHOR, [
    ...signed(s0, [edge(2, 800_000), { kind: 'POLICY', policy: { ...s0.policy, version: 2 } }]),
    ...activeNode('rigel', { address: '[2001:db8::1]:7000' }),
    { kind: 'EKS_LOSS', alias: 'rigel', atMs: 4_000, reason: 'LINK_DOWN' },
    ...activeNode('vega'),
    heartbeat('vega', 5_000, { faults: ['CRYOSTAT'] }),
  ]);
  const s1 = applyBlock(s0, b1);

  it('accept every entry the fold produces', () => {
    for (const e of s1.entries)
      expect(validEntry(json(entryToCanonical(e))), JSON.stringify(validEntry.errors)).toBe(true);
  });

  it('accept a signed block with every kind of record used', () => {
    expect(validBlock(json(b1)), JSON.stringify(validBlock.errors)).toBe(true);
  });

  it('reject what the decoder rejects', () => {
    const e = json(entryToCanonical(s1.entries[0] as never)) as Record<string, unknown>;
    expect(validEntry({ ...e, qubitCapacity: 40_000 })).toBe(false);
    expect(validEntry({ ...e, status: 'ACTIVE', quarantineReason: 'EKS_LOSS' })).toBe(false);
    expect(validEntry({ ...e, extra: 1 })).toBe(false);
    const b = json(b1) as Record<string, unknown>;
    expect(validBlock({ ...b, records: [] })).toBe(false);
    expect(validBlock({ ...b, signature: 'ab' })).toBe(false);
    expect(validBlock({ ...b, version: 4 })).toBe(false);
    // A state root belongs to version 2 blocks only, and every version 2 block has one.
    expect(validBlock({ ...b, stateRoot: '00'.repeat(32) })).toBe(false);
    expect(validBlock({ ...b, version: 2 })).toBe(false);
  });

  it('accept a version 2 block with its state root and the POLICY that scheduled it', () => {
    const schedule = { ...s1.policy, version: 3, protocol: 2, protocolHeight: 3 };
    const s2 = applyBlock(
      s1,
      block(s1, ANCHOR, signed(s1, [{ kind: 'POLICY', policy: schedule }])),
    );
    const b3 = block(s2, ANCHOR, [heartbeat('vega', 6_000)]);
    expect(b3.version).toBe(2);
    expect(validBlock(json(b3)), JSON.stringify(validBlock.errors)).toBe(true);
    const { stateRoot: _, ...withoutRoot } = json(b3) as Record<string, unknown>;
    expect(validBlock(withoutRoot)).toBe(false);
  });
});

describe('JSON Schema of the records of resource contracts', () => {
  if (validRecord === undefined) throw new Error('record schema not loaded');
  const valid = validRecord;
  /** Folds `records` in one block from the anchor QAN; the records as stamped in it. */
  const folded = (s: RegistryState, records: readonly RecordBody[]) => {
    const r = applyUnsignedBlock(s, buildBlock(s, qan(ANCHOR).quid as Quid, records));
    return { state: r.state, block: r.block, records: r.block.records.map((x) => json(x)) };
  };
  const { state: s0 } = network();
  const linkId = idAt(s0, 2);
  const windowId = idAt(s0, 3);
  const b1 = folded(s0, [
    resources('a', { memorySlots: 8 }),
    resources('d', { links: [], window: null }),
    linkRequest({ slots: 1 }),
    windowRequest(),
    linkRequest({
      slots: 1,
      startMs: 30_000,
      endMs: 40_000,
      link: { pairs: 10, minFidelityPpm: 250_000, type: 'K', priority: 0, bases: [] },
    }),
  ]);
  const keptId = idAt(s0, 4);
  const b2 = folded(b1.state, [
    { kind: 'CONTRACT_READY', id: windowId, alias: 'a', atMs: 6_000 },
    { kind: 'CONTRACT_RENEW', id: windowId, atMs: 6_000 },
    { kind: 'CONTRACT_RELEASE', id: linkId, atMs: 7_000, reason: 'DONE' },
    { kind: 'CONTRACT_REVOKE', id: windowId, atMs: 7_000, alias: 'c', reason: 'LINK_LOST' },
    { kind: 'CONTRACT_EXPIRE', id: keptId, observedAtMs: 30_000 },
  ]);
  const records = [...b1.records, ...b2.records] as Record<string, unknown>[];
  const byKind = (kind: string) => records.find((r) => r.kind === kind) as Record<string, unknown>;

  it('fold every record of the seven kinds, ending the contracts they name', () => {
    expect(b2.state.contracts.ended.get(linkId)?.state).toBe('RELEASED');
    expect(b2.state.contracts.ended.get(windowId)?.state).toBe('REVOKED');
    expect(b2.state.contracts.ended.get(keptId)?.state).toBe('EXPIRED');
  });

  it('accept every contract record the fold accepts, of each of the seven kinds', () => {
    expect(new Set(records.map((r) => r.kind))).toStrictEqual(
      new Set([
        'RESOURCES',
        'CONTRACT_REQUEST',
        'CONTRACT_READY',
        'CONTRACT_RENEW',
        'CONTRACT_RELEASE',
        'CONTRACT_REVOKE',
        'CONTRACT_EXPIRE',
      ]),
    );
    for (const r of records) expect(valid(r), JSON.stringify(valid.errors)).toBe(true);
    // And the version 3 blocks that carry them, signed, with their state roots.
    for (const b of [b1.block, b2.block]) {
      const whole = json(signBlock(b, qan(ANCHOR).key)) as Record<string, unknown>;
      expect(whole.version).toBe(3);
      expect(validBlock(whole), JSON.stringify(validBlock.errors)).toBe(true);
    }
    // A body without its stamp (l, origin) is not a record.
    expect(valid(json(resources('b')))).toBe(false);
  });

  it('refuse malformed contract records', () => {
    const res = byKind('RESOURCES');
    const links = res.links as Record<string, unknown>[];
    expect(valid({ ...res, memorySlots: 65 })).toBe(false);
    expect(valid({ ...res, links: [{ ...links[0], extra: 1 }] })).toBe(false);
    expect(valid({ ...res, links: [{ ...links[0], initialFidelityPpm: 249_999 }] })).toBe(false);
    expect(valid({ ...res, window: { ...(res.window as object), toleranceMrad: 0 } })).toBe(false);
    const { window: _, ...withoutWindow } = res;
    expect(valid(withoutWindow)).toBe(false);

    const linkReq = records.find((r) => r.kind === 'CONTRACT_REQUEST' && r.contractKind === 'LINK');
    const windowReq = records.find(
      (r) => r.kind === 'CONTRACT_REQUEST' && r.contractKind === 'WINDOW',
    );
    if (linkReq === undefined || windowReq === undefined) throw new Error('requests not folded');
    const terms = linkReq.link as Record<string, unknown>;
    expect(valid({ ...linkReq, contractKind: 'BOTH' })).toBe(false);
    expect(valid({ ...linkReq, slots: 0 })).toBe(false);
    expect(valid({ ...linkReq, slots: 17 })).toBe(false);
    expect(valid({ ...linkReq, leaseMs: 999 })).toBe(false);
    expect(valid({ ...linkReq, scopes: [] })).toBe(false);
    expect(valid({ ...linkReq, participants: ['a', 'a'] })).toBe(false);
    expect(valid({ ...linkReq, participants: ['a', 'b', 'c'] })).toBe(false);
    expect(valid({ ...linkReq, link: null })).toBe(false);
    expect(valid({ ...linkReq, window: windowReq.window })).toBe(false);
    expect(valid({ ...linkReq, link: { ...terms, type: 'K' } })).toBe(false);
    expect(valid({ ...linkReq, link: { ...terms, bases: ['W'] } })).toBe(false);
    expect(valid({ ...windowReq, link: terms })).toBe(false);
    expect(valid({ ...windowReq, window: null })).toBe(false);
    expect(valid({ ...windowReq, participants: ['a'] })).toBe(false);

    expect(valid({ ...byKind('CONTRACT_READY'), id: 0 })).toBe(false);
    expect(valid({ ...byKind('CONTRACT_READY'), alias: 'Not-a-label' })).toBe(false);
    expect(valid({ ...byKind('CONTRACT_RENEW'), atMs: -1 })).toBe(false);
    expect(valid({ ...byKind('CONTRACT_RELEASE'), reason: 'EXPIRED' })).toBe(false);
    expect(valid({ ...byKind('CONTRACT_REVOKE'), reason: 'PARTICIPANT_UNAVAILABLE' })).toBe(false);
    expect(valid({ ...byKind('CONTRACT_EXPIRE'), atMs: 30_000 })).toBe(false);
  });
});
