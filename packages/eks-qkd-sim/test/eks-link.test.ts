import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  DEFAULT_EKS_LINK,
  decoyLinkOf,
  EKS_WIRE_LINK_LIMITS,
  type EksWireLink,
  eksLinkOfWire,
  eksWireLinkOf,
} from '../src/index.js';
import { codeOf } from './expect-error.js';

const WIRE: EksWireLink = {
  distanceM: 10_000,
  fibreLossMilliDbPerKm: 200,
  pulsesPerRound: 1_024,
  eavesdropperPpm: 0,
};

describe('EKS link', () => {
  it('the default link is 10 km at 0.2 dB/km, 2^20 pulses, no eavesdropper', () => {
    expect(DEFAULT_EKS_LINK).toStrictEqual({
      distanceKm: 10,
      fibreLossDbPerKm: 0.2,
      pulsesPerRound: 2 ** 20,
      eavesdropper: 0,
    });
  });

  it('stands for the default source and detector over its fibre, with no attack at 0', () => {
    expect(
      decoyLinkOf({ ...DEFAULT_EKS_LINK, distanceKm: 25, fibreLossDbPerKm: 0.17 }),
    ).toStrictEqual({
      source: DEFAULT_DECOY_SOURCE,
      fibre: { distanceKm: 25, lossDbPerKm: 0.17 },
      detector: DEFAULT_DETECTOR,
      attack: { kind: 'none' },
    });
  });

  it.each([0.25, 1])(
    'an eavesdropper fraction %s is an intercept-resend attack on that fraction',
    (f) => {
      expect(decoyLinkOf({ ...DEFAULT_EKS_LINK, eavesdropper: f }).attack).toStrictEqual({
        kind: 'intercept-resend',
        fraction: f,
      });
    },
  );

  it.each([-0.01, 1.01, Number.NaN])(
    'an eavesdropper fraction %s is INVALID_PARAMETER at eavesdropper',
    (f) => {
      expect(codeOf(() => decoyLinkOf({ ...DEFAULT_EKS_LINK, eavesdropper: f }))).toBe(
        'INVALID_PARAMETER:eavesdropper',
      );
    },
  );
});

describe('EKS link wire form', () => {
  it('has the EKS_SYNC bounds, frozen', () => {
    expect(EKS_WIRE_LINK_LIMITS).toStrictEqual({
      maxDistanceM: 500_000,
      maxFibreLossMilliDbPerKm: 1_000,
      minPulsesPerRound: 1_024,
      maxPulsesPerRound: 4_194_304,
      maxEavesdropperPpm: 1_000_000,
    });
    expect(Object.isFrozen(EKS_WIRE_LINK_LIMITS)).toBe(true);
  });

  it('rounds a link to metres, milli-dB/km and ppm', () => {
    expect(
      eksWireLinkOf({
        distanceKm: 12.3456,
        fibreLossDbPerKm: 0.2004,
        pulsesPerRound: 2048,
        eavesdropper: 0.1234567,
      }),
    ).toStrictEqual({
      distanceM: 12_346,
      fibreLossMilliDbPerKm: 200,
      pulsesPerRound: 2048,
      eavesdropperPpm: 123_457,
    });
  });

  it('reads a wire form back in km, dB/km and fractions', () => {
    expect(
      eksLinkOfWire({
        distanceM: 12_346,
        fibreLossMilliDbPerKm: 175,
        pulsesPerRound: 4096,
        eavesdropperPpm: 250_000,
      }),
    ).toStrictEqual({
      distanceKm: 12.346,
      fibreLossDbPerKm: 0.175,
      pulsesPerRound: 4096,
      eavesdropper: 0.25,
    });
    expect(eksWireLinkOf(eksLinkOfWire(WIRE))).toStrictEqual(WIRE);
  });

  it.each<[keyof EksWireLink, number, string]>([
    ['distanceM', 0, 'ok'],
    ['distanceM', -1, 'INVALID_PARAMETER:distanceM'],
    ['distanceM', 500_000, 'ok'],
    ['distanceM', 500_001, 'INVALID_PARAMETER:distanceM'],
    ['distanceM', 1.5, 'INVALID_PARAMETER:distanceM'],
    ['fibreLossMilliDbPerKm', 0, 'ok'],
    ['fibreLossMilliDbPerKm', -1, 'INVALID_PARAMETER:fibreLossMilliDbPerKm'],
    ['fibreLossMilliDbPerKm', 1_000, 'ok'],
    ['fibreLossMilliDbPerKm', 1_001, 'INVALID_PARAMETER:fibreLossMilliDbPerKm'],
    ['pulsesPerRound', 1_024, 'ok'],
    ['pulsesPerRound', 1_023, 'INVALID_PARAMETER:pulsesPerRound'],
    ['pulsesPerRound', 4_194_304, 'ok'],
    ['pulsesPerRound', 4_194_305, 'INVALID_PARAMETER:pulsesPerRound'],
    ['eavesdropperPpm', 0, 'ok'],
    ['eavesdropperPpm', -1, 'INVALID_PARAMETER:eavesdropperPpm'],
    ['eavesdropperPpm', 1_000_000, 'ok'],
    ['eavesdropperPpm', 1_000_001, 'INVALID_PARAMETER:eavesdropperPpm'],
  ])('%s = %s → %s', (field, value, expected) => {
    expect(codeOf(() => eksLinkOfWire({ ...WIRE, [field]: value }))).toBe(expected);
  });

  it('a link past the wire bounds is INVALID_PARAMETER when converted', () => {
    expect(codeOf(() => eksWireLinkOf({ ...DEFAULT_EKS_LINK, distanceKm: 500.001 }))).toBe(
      'INVALID_PARAMETER:distanceM',
    );
    expect(codeOf(() => eksWireLinkOf({ ...DEFAULT_EKS_LINK, eavesdropper: 1.000001 }))).toBe(
      'INVALID_PARAMETER:eavesdropperPpm',
    );
  });
});
