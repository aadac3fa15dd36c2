/**
 * The resources a QAN's config declares for its DQNs are checked with the registry's own record
 * rules at start: a bad declaration is CONFIG_INVALID naming the peer and the field.
 */
import { describe, expect, it } from 'vitest';
import type { PeerConfig } from '../src/config.js';
import { configuredResources } from '../src/contracts/resource-adverts.js';

const link = {
  peer: 'b',
  lengthM: 10_000,
  lossMdbPerKm: 200,
  attemptRateHz: 1_000_000,
  emissionPpm: 500_000,
  detectorPpm: 800_000,
  initialFidelityPpm: 950_000,
  memoryTimeMs: 1_000,
  capacityPairsPerS: 100,
};
const peer = (name: string, resources?: Record<string, unknown>): PeerConfig => ({
  role: 'dqn',
  name,
  publicKey: 'aa',
  scopes: ['eu-west'],
  ...(resources === undefined ? {} : { resources }),
});

function refusal(peers: PeerConfig[]) {
  try {
    configuredResources(peers);
  } catch (e) {
    const error = e as { code: string; message: string; details: Record<string, unknown> };
    return { code: error.code, field: error.details['field'], message: error.message };
  }
  return null;
}

describe('configured resources', () => {
  it('keeps the declared resources of each dqn that has them', () => {
    const window = { maxLengthMs: 1_000, toleranceMrad: 10, clockDomain: 'gps' };
    const map = configuredResources([
      peer('a', { memorySlots: 2, links: [link], window }),
      peer('c'),
      { ...peer('relay-1', { memorySlots: 2, links: [], window: null }), role: 'relay' },
    ]);
    expect([...map.keys()]).toStrictEqual(['a']);
    expect(map.get('a')).toStrictEqual({ memorySlots: 2, links: [link], window });
  });

  it('refuses a declaration the registry would refuse, naming the peer and the field', () => {
    expect(
      refusal([peer('a'), peer('b', { memorySlots: 65, links: [], window: null })]),
    ).toStrictEqual({
      code: 'CONFIG_INVALID',
      field: 'peers[1].resources.memorySlots',
      message: expect.stringContaining('peers[1].resources: RECORD_INVALID') as unknown as string,
    });
    expect(refusal([peer('a', { memorySlots: 2, links: [link, link], window: null })])?.field).toBe(
      'peers[0].resources.links',
    );
    expect(
      refusal([peer('a', { memorySlots: 2, links: [{ ...link, lengthM: -1 }], window: null })])
        ?.field,
    ).toBe('peers[0].resources.links.0.lengthM');
  });
});
