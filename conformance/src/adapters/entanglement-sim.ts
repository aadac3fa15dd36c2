import {
  type AdvertisedLinkUnits,
  CHSH_PAIR_DRAWS,
  chshPair,
  chshValue,
  cutoffMs,
  fidelityAfter,
  heraldedFidelity,
  type LinkModel,
  linkFromUnits,
  measureAlong,
  measurePair,
  type PauliBits,
  pairDraws,
  sampleHeraldedPair,
  teleportationFidelity,
  teleportDraw,
  teleportedState,
} from '@qcos/entanglement-sim';
import {
  field,
  hexToBytes,
  isNumber,
  isObject,
  isString,
  type PackageAdapter,
} from '../adapter.js';

/** Operations of @qcos/entanglement-sim that vectors in conformance/vectors/entanglement-sim/ can name. */
export const adapter: PackageAdapter = {
  package: 'entanglement-sim',
  operations: {
    'pair.draws': (input) =>
      pairDraws(
        hexToBytes(field(input, 'secret', isString)),
        field(input, 'sequence', isNumber),
        field(input, 'count', isNumber),
      ),
    'werner.fidelityAfter': (input) =>
      fidelityAfter(
        field(input, 'initial', isNumber),
        field(input, 'elapsedMs', isNumber),
        field(input, 'memoryTimeMs', isNumber),
      ),
    'werner.cutoffMs': (input) => {
      const t = cutoffMs(
        field(input, 'initial', isNumber),
        field(input, 'minimum', isNumber),
        field(input, 'memoryTimeMs', isNumber),
      );
      return Number.isFinite(t) ? t : 'Infinity';
    },
    'werner.chsh': (input) => chshValue(field(input, 'fidelity', isNumber)),
    'werner.teleportation': (input) => teleportationFidelity(field(input, 'fidelity', isNumber)),
    'link.heraldedPair': (input) => {
      const link = field(input, 'link', isObject) as unknown as LinkModel;
      const secret = hexToBytes(field(input, 'secret', isString));
      return sampleHeraldedPair(link, pairDraws(secret, field(input, 'sequence', isNumber), 1));
    },
    'pair.measure': (input) => {
      const secret = hexToBytes(field(input, 'secret', isString));
      return measurePair(
        field(input, 'fidelity', isNumber),
        field(input, 'angleA', isNumber),
        field(input, 'angleB', isNumber),
        pairDraws(secret, field(input, 'sequence', isNumber), 2),
      );
    },
    'pair.chsh': (input) => {
      const secret = hexToBytes(field(input, 'secret', isString));
      const draws = pairDraws(secret, field(input, 'sequence', isNumber), CHSH_PAIR_DRAWS);
      return chshPair(
        field(input, 'fidelity', isNumber),
        draws,
        field(input, 'role', isNumber) as 0 | 1,
      );
    },
    'link.heraldedFidelity': (input) =>
      heraldedFidelity(
        linkFromUnits(field(input, 'units', isObject) as unknown as AdvertisedLinkUnits),
      ),
    'pair.teleport': (input) => {
      const secret = hexToBytes(field(input, 'secret', isString));
      const d = pairDraws(secret, field(input, 'sequence', isNumber), 3);
      const draw = teleportDraw(field(input, 'fidelity', isNumber), d);
      const inputState = field(input, 'input', isObject) as never;
      const state = teleportedState(
        inputState,
        draw,
        field(input, 'correction', isNumber) as PauliBits,
      );
      return { ...draw, state, outcome: measureAlong(state, inputState, d[2] as number) };
    },
  },
};
