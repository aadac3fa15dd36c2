import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import {
  createGenesis,
  DEFAULT_POLICY,
  type RecordBody,
  signOperatorAction,
} from '@qcos/registry-core';
import { describe, expect, it } from 'vitest';
import { blockEvents, nodeStatuses } from '../src/dashboard/timeline.js';

const operator = hybridKeyFromSeed(new Uint8Array(32).fill(9));
const state = createGenesis({
  networkId: 'test',
  anchorPublicKey: hybridKeyFromSeed(new Uint8Array(32).fill(3)).publicKey,
  policy: DEFAULT_POLICY,
});
const SIGNER = 'q-signer';
const eventsOf = (...records: object[]) =>
  blockEvents(nodeStatuses(state), state, records as RecordBody[], SIGNER);

describe('blockEvents', () => {
  it('reads a record as its short scalar fields: no bytes, no objects, nothing over 24 characters', () => {
    const [event] = eventsOf({
      kind: 'MAINTENANCE',
      alias: 'rigel',
      atMs: 5,
      on: true,
      list: ['a', 'b'],
      nested: { deep: 1 },
      key: new Uint8Array(3),
      exact: 'x'.repeat(24),
      long: 'y'.repeat(25),
    });
    expect(event).toStrictEqual({
      height: 0,
      signer: SIGNER,
      kind: 'MAINTENANCE',
      alias: 'rigel',
      detail: `atMs=5 on=true list=a,b exact=${'x'.repeat(24)}`,
    });
  });

  it('gives an event an alias only when its record names one as a string', () => {
    const [policy, numbered] = eventsOf(
      { kind: 'POLICY', version: 2 },
      { kind: 'DEREGISTER', alias: 7 },
    );
    expect(policy).toStrictEqual({
      height: 0,
      signer: SIGNER,
      kind: 'POLICY',
      detail: 'version=2',
    });
    expect(numbered).toStrictEqual({ height: 0, signer: SIGNER, kind: 'DEREGISTER', detail: '' });
  });

  it('reads an operator action as its signer and the record it carries', () => {
    const signed = signOperatorAction(
      {
        genesisHash: new Uint8Array(32),
        seq: 3,
        atMs: 1_000,
        record: { kind: 'MAINTENANCE', alias: 'vega', on: true, atMs: 1_000 },
      },
      operator,
    );
    const [event] = eventsOf(signed);
    expect(event).toStrictEqual({
      height: 0,
      signer: SIGNER,
      kind: 'OPERATOR_ACTION',
      alias: 'vega',
      detail: `operator ${hybridQuid(operator.publicKey)} MAINTENANCE atMs=1000 on=true`,
    });
  });

  it('leaves out the records every node sends all the time', () => {
    expect(
      eventsOf(
        { kind: 'HEARTBEAT', alias: 'rigel', atMs: 1 },
        { kind: 'EKS_SYNC', alias: 'rigel', atMs: 1 },
        { kind: 'CONTRACT_RENEW', contractId: 1 },
        { kind: 'RESOURCES', alias: 'rigel' },
      ),
    ).toEqual([]);
  });
});
