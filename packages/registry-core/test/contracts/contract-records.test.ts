/**
 * The shape checks of contract records: every malformed field refused RECORD_INVALID naming
 * exactly that field (nested fields by path), and well-formed records returned as clean copies.
 */
import { describe, expect, it } from 'vitest';
import { RegistryError, validateRecord } from '../../src/index.js';
import { qan } from '../helpers.js';
import { link, linkRequest, resources, windowRequest } from './contract-fixtures.js';

const stamp = (r: object) => ({ ...r, l: 9, origin: qan(1).quid });
function refusal(r: object) {
  try {
    validateRecord(stamp(r), 3);
  } catch (e) {
    if (e instanceof RegistryError) return { code: e.code, field: e.field, index: e.index };
    throw e;
  }
  return null;
}
const invalid = (field: string) => ({ code: 'RECORD_INVALID', field, index: 3 });
const LINK = linkRequest() as Record<string, unknown>;
const WINDOW = windowRequest() as Record<string, unknown>;
const RES = resources('a') as Record<string, unknown>;
const terms = LINK.link as Record<string, unknown>;

describe('contract record shapes', () => {
  it('accepts each kind and returns a copy with exactly its fields', () => {
    for (const r of [
      RES,
      { ...RES, window: null, links: [] },
      LINK,
      WINDOW,
      { kind: 'CONTRACT_READY', id: 1, alias: 'a', atMs: 0 },
      { kind: 'CONTRACT_RENEW', id: 1, atMs: 0 },
      { kind: 'CONTRACT_RELEASE', id: 1, atMs: 0, reason: 'DONE' },
      { kind: 'CONTRACT_REVOKE', id: 1, atMs: 0, alias: 'a', reason: 'SESSION_LOST' },
      { kind: 'CONTRACT_EXPIRE', id: 1, observedAtMs: 0 },
    ])
      expect(validateRecord(stamp(r))).toStrictEqual(stamp(r));
    expect(
      validateRecord(stamp({ ...LINK, link: { ...terms, type: 'K', bases: [] } })),
    ).toMatchObject({ link: { type: 'K', bases: [] } });
  });

  it.each([
    ['memorySlots 65', { ...RES, memorySlots: 65 }, 'memorySlots'],
    ['memorySlots −1', { ...RES, memorySlots: -1 }, 'memorySlots'],
    [
      '17 links',
      {
        ...RES,
        links: Array.from({ length: 17 }, (_, i) => link(`p${String(i).padStart(2, '0')}`)),
      },
      'links',
    ],
    ['links not a list', { ...RES, links: {} }, 'links'],
    ['links not sorted', { ...RES, links: [link('c'), link('b')] }, 'links'],
    ['links repeated', { ...RES, links: [link('b'), link('b')] }, 'links'],
    ['a link that is not a map', { ...RES, links: ['b'] }, 'links.0'],
    [
      'a link with an unknown field',
      { ...RES, links: [{ ...link('b'), colour: 1 }] },
      'links.0.colour',
    ],
    ['a peer that is not a label', { ...RES, links: [link('B!')] }, 'links.0.peer'],
    ['a negative length', { ...RES, links: [link('b', { lengthM: -1 })] }, 'links.0.lengthM'],
    [
      'a length over 10 000 km',
      { ...RES, links: [link('b', { lengthM: 10_000_001 })] },
      'links.0.lengthM',
    ],
    [
      'a loss over 10 dB/km',
      { ...RES, links: [link('b', { lossMdbPerKm: 10_001 })] },
      'links.0.lossMdbPerKm',
    ],
    [
      'a zero attempt rate',
      { ...RES, links: [link('b', { attemptRateHz: 0 })] },
      'links.0.attemptRateHz',
    ],
    [
      'a rate over 10 GHz',
      { ...RES, links: [link('b', { attemptRateHz: 10_000_000_001 })] },
      'links.0.attemptRateHz',
    ],
    ['a zero emission', { ...RES, links: [link('b', { emissionPpm: 0 })] }, 'links.0.emissionPpm'],
    [
      'a detector over 1',
      { ...RES, links: [link('b', { detectorPpm: 1_000_001 })] },
      'links.0.detectorPpm',
    ],
    [
      'a fidelity under 1/4',
      { ...RES, links: [link('b', { initialFidelityPpm: 249_999 })] },
      'links.0.initialFidelityPpm',
    ],
    [
      'a fidelity over 1',
      { ...RES, links: [link('b', { initialFidelityPpm: 1_000_001 })] },
      'links.0.initialFidelityPpm',
    ],
    [
      'a zero memory time',
      { ...RES, links: [link('b', { memoryTimeMs: 0 })] },
      'links.0.memoryTimeMs',
    ],
    [
      'a zero capacity',
      { ...RES, links: [link('b', { capacityPairsPerS: 0 })] },
      'links.0.capacityPairsPerS',
    ],
    [
      'a capacity over 10⁶',
      { ...RES, links: [link('b', { capacityPairsPerS: 1_000_001 })] },
      'links.0.capacityPairsPerS',
    ],
    ['an envelope that is not a map', { ...RES, window: 5 }, 'window'],
    [
      'an envelope of 0 ms',
      { ...RES, window: { maxLengthMs: 0, toleranceMrad: 1, clockDomain: 'gps' } },
      'window.maxLengthMs',
    ],
    [
      'an envelope over a day',
      { ...RES, window: { maxLengthMs: 86_400_001, toleranceMrad: 1, clockDomain: 'gps' } },
      'window.maxLengthMs',
    ],
    [
      'a tolerance over 2π',
      { ...RES, window: { maxLengthMs: 1, toleranceMrad: 6_284, clockDomain: 'gps' } },
      'window.toleranceMrad',
    ],
    [
      'a zero tolerance',
      { ...RES, window: { maxLengthMs: 1, toleranceMrad: 0, clockDomain: 'gps' } },
      'window.toleranceMrad',
    ],
    [
      'a clock domain that is not a label',
      { ...RES, window: { maxLengthMs: 1, toleranceMrad: 1, clockDomain: '' } },
      'window.clockDomain',
    ],
  ])('RESOURCES: %s → RECORD_INVALID at the field', (_, r, field) => {
    expect(refusal(r)).toStrictEqual(invalid(field));
  });

  it.each([
    ['a kind of contract not in the list', { ...LINK, contractKind: 'BOTH' }, 'contractKind'],
    ['no scopes', { ...LINK, scopes: [] }, 'scopes'],
    ['9 scopes', { ...LINK, scopes: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] }, 'scopes'],
    ['a scope that is not a label', { ...LINK, scopes: ['Eu'] }, 'scopes.0'],
    ['scopes not sorted', { ...LINK, scopes: ['us', 'eu'] }, 'scopes'],
    ['a participant that is not a label', { ...LINK, participants: ['a', 'B'] }, 'participants.1'],
    ['a participant twice', { ...LINK, participants: ['a', 'a'] }, 'participants'],
    [
      '9 participants',
      { ...WINDOW, participants: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] },
      'participants',
    ],
    ['a link of one participant', { ...LINK, participants: ['a'] }, 'participants'],
    ['a link of three', { ...LINK, participants: ['a', 'b', 'c'] }, 'participants'],
    ['a window of one', { ...WINDOW, participants: ['a'] }, 'participants'],
    ['a start before the request', { ...LINK, startMs: 4_999 }, 'startMs'],
    ['an end at the start', { ...LINK, endMs: 10_000 }, 'endMs'],
    ['an interval over a day', { ...LINK, endMs: 10_000 + 86_400_001 }, 'endMs'],
    ['a link request without terms', { ...LINK, link: null }, 'link'],
    ['a link request with window terms', { ...LINK, window: WINDOW.window }, 'window'],
    ['a window request without terms', { ...WINDOW, window: null }, 'window'],
    ['a window request with link terms', { ...WINDOW, link: terms }, 'link'],
    [
      'a window longer than the interval',
      { ...WINDOW, window: { lengthMs: 2_001, toleranceMrad: 1, clockDomain: 'gps' } },
      'window.lengthMs',
    ],
    [
      'window terms with an unknown field',
      { ...WINDOW, window: { lengthMs: 1, toleranceMrad: 1, clockDomain: 'gps', x: 1 } },
      'window.x',
    ],
    ['0 slots', { ...LINK, slots: 0 }, 'slots'],
    ['17 slots', { ...LINK, slots: 17 }, 'slots'],
    ['a lease under a second', { ...LINK, leaseMs: 999 }, 'leaseMs'],
    ['a lease over ten minutes', { ...LINK, leaseMs: 600_001 }, 'leaseMs'],
    ['link terms that are not a map', { ...LINK, link: [] }, 'link'],
    ['0 pairs', { ...LINK, link: { ...terms, pairs: 0 } }, 'link.pairs'],
    ['10⁶ + 1 pairs', { ...LINK, link: { ...terms, pairs: 1_000_001 } }, 'link.pairs'],
    [
      'a minimum fidelity under 1/4',
      { ...LINK, link: { ...terms, minFidelityPpm: 249_999 } },
      'link.minFidelityPpm',
    ],
    ['a pair type not in the list', { ...LINK, link: { ...terms, type: 'Q' } }, 'link.type'],
    ['priority 3', { ...LINK, link: { ...terms, priority: 3 } }, 'link.priority'],
    ['an unknown basis', { ...LINK, link: { ...terms, bases: ['W'] } }, 'link.bases.0'],
    ['bases not sorted', { ...LINK, link: { ...terms, bases: ['Z', 'X'] } }, 'link.bases'],
    ['four bases', { ...LINK, link: { ...terms, bases: ['X', 'Y', 'Z', 'Z'] } }, 'link.bases'],
    ['M without bases', { ...LINK, link: { ...terms, bases: [] } }, 'link.bases'],
    ['K with bases', { ...LINK, link: { ...terms, type: 'K' } }, 'link.bases'],
  ])('CONTRACT_REQUEST: %s → RECORD_INVALID at the field', (_, r, field) => {
    expect(refusal(r)).toStrictEqual(invalid(field));
  });

  it.each([
    ['READY with id 0', { kind: 'CONTRACT_READY', id: 0, alias: 'a', atMs: 0 }, 'id'],
    ['READY with a bad alias', { kind: 'CONTRACT_READY', id: 1, alias: 'A', atMs: 0 }, 'alias'],
    ['RENEW at a negative time', { kind: 'CONTRACT_RENEW', id: 1, atMs: -1 }, 'atMs'],
    [
      'RELEASE for a reason not in the list',
      { kind: 'CONTRACT_RELEASE', id: 1, atMs: 0, reason: 'LATER' },
      'reason',
    ],
    [
      'REVOKE for a reason not in the list',
      { kind: 'CONTRACT_REVOKE', id: 1, atMs: 0, alias: 'a', reason: 'BORED' },
      'reason',
    ],
    [
      'EXPIRE without a time',
      { kind: 'CONTRACT_EXPIRE', id: 1, observedAtMs: null },
      'observedAtMs',
    ],
    ['EXPIRE with an atMs', { kind: 'CONTRACT_EXPIRE', id: 1, observedAtMs: 0, atMs: 0 }, 'atMs'],
  ])('%s → RECORD_INVALID at the field', (_, r, field) => {
    expect(refusal(r)).toStrictEqual(invalid(field));
  });
});
