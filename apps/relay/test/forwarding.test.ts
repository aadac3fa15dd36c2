import { HeaderStamper, type NodeId, type Packet, type PacketId } from '@qcos/chips-codec';
import { RuntimeError } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { downstreamPolicy } from '../src/downstream-policy.js';
import { relayNack, routeFromDownstream, routeFromUpstream } from '../src/forwarding.js';

const NODE = '0123456789abcdef';
const heartbeat = (source: string, hopLimit = 4): Packet => ({
  type: 'HEARTBEAT',
  header: {
    destination: 'qan',
    source: source as NodeId,
    packetId: 'aa'.repeat(16) as PacketId,
    lamport: 7,
    seq: 0,
    scope: 'node:heartbeat',
    hopLimit,
    reroute: 'deny',
  },
  body: {
    report: {
      eksOk: true,
      eksLastSyncMs: 1,
      fidelity1qPpm: 1,
      fidelity2qPpm: 1,
      utilisationPct: 0,
      faults: [],
    },
  },
});

describe('forwarding decisions', () => {
  it('sends a node packet upstream with one hop spent, source unchanged', () => {
    const d = routeFromDownstream(heartbeat(NODE), NODE);
    expect(d.kind).toBe('upstream');
    if (d.kind === 'upstream') {
      expect(d.packet.header.hopLimit).toBe(3);
      expect(d.packet.header.source).toBe(NODE);
      expect(d.packet.body).toEqual(heartbeat(NODE).body);
    }
  });

  it('refuses a spoofed source and an exhausted hop limit', () => {
    expect(routeFromDownstream(heartbeat('ffffffffffffffff'), NODE)).toMatchObject({
      kind: 'refuse-downstream',
      code: 'UNAUTHORISED',
    });
    expect(routeFromDownstream(heartbeat(NODE, 0), NODE)).toMatchObject({
      kind: 'refuse-downstream',
      code: 'HOP_LIMIT',
    });
  });

  it('delivers QAN packets by destination alias and feeds registry blocks to the replica', () => {
    const job = { ...heartbeat(NODE), header: { ...heartbeat(NODE).header, destination: 'vega' } };
    expect(routeFromUpstream(job, (a) => (a === 'vega' ? NODE : undefined))).toMatchObject({
      kind: 'downstream',
      nodeId: NODE,
      packet: { header: { hopLimit: 3 } },
    });
    expect(routeFromUpstream(job, () => undefined)).toMatchObject({
      kind: 'refuse-upstream',
      code: 'UNKNOWN_DESTINATION',
    });
    const block: Packet = {
      type: 'REGISTRY_BLOCK',
      header: job.header,
      body: { height: 5, block: new Uint8Array([1, 2]) },
    };
    expect(routeFromUpstream(block, () => NODE)).toEqual({
      kind: 'registry',
      height: 5,
      block: new Uint8Array([1, 2]),
    });
  });

  it('answers with a NACK naming the refused packet', () => {
    const stamper = new HeaderStamper('fedcba9876543210' as NodeId, () =>
      new Uint8Array(16).fill(0xbb),
    );
    const nack = relayNack(heartbeat(NODE), 'HOP_LIMIT', 'x'.repeat(500), stamper, 'rigel');
    expect(nack.body.nackOf).toBe('aa'.repeat(16));
    expect(nack.body.detail.length).toBeLessThanOrEqual(256);
    expect(nack.header.destination).toBe('rigel');
  });
});

describe('downstream policy', () => {
  const key = new Uint8Array([1, 2, 3]);
  const peer = {
    id: NODE,
    publicKey: key,
    scope: 'us-east',
    handshakeHash: new Uint8Array(32),
    eksBinding: new Uint8Array(32),
  };
  const reasonOf = (f: () => void): string => {
    try {
      f();
      return 'accepted';
    } catch (e) {
      return e instanceof RuntimeError ? String(e.details['reason']) : 'other';
    }
  };

  it('accepts nodes of its scope, and only listed ones when it has a list', () => {
    expect(reasonOf(() => downstreamPolicy('us-east', [])(peer))).toBe('accepted');
    expect(reasonOf(() => downstreamPolicy('eu-west', [])(peer))).toBe('SCOPE_NOT_ALLOWED');
    const listed = [{ alias: 'vega', quid: NODE as never, publicKey: key }];
    expect(reasonOf(() => downstreamPolicy('us-east', listed)(peer))).toBe('accepted');
    expect(
      reasonOf(() =>
        downstreamPolicy('us-east', listed)({ ...peer, publicKey: new Uint8Array([9]) }),
      ),
    ).toBe('UNKNOWN_IDENTITY');
    expect(
      reasonOf(() => downstreamPolicy('us-east', listed)({ ...peer, id: 'ffffffffffffffff' })),
    ).toBe('UNKNOWN_IDENTITY');
  });
});
