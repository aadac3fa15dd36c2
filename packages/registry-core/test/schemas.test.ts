import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { applyBlock, entryToCanonical } from '../src/index.js';
import { ANCHOR, activeNode, block, edge, genesis, heartbeat, signed } from './helpers.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'schemas', 'registry');
const load = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.schema.json`), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(load('record'));
const validEntry = ajv.compile(load('node-entry'));
const validBlock = ajv.compile(load('block'));

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
    expect(validBlock({ ...b, version: 3 })).toBe(false);
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
