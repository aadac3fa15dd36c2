import type { LinkTiming } from '../src/link-timing.js';
import {
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  type DecoySource,
} from '../src/physics.js';

/** Fibre loss of the link the figures and benchmarks use, in dB/km. */
export const LOSS_DB_PER_KM = 0.2;

/**
 * The link of the package's figures and benchmarks: the default source and detector over `km` of
 * 0.2 dB/km fibre, no eavesdropper. `afterpulseProb`, `source` and a time axis may be set.
 */
export function defaultLink(
  km: number,
  o: {
    readonly afterpulseProb?: number;
    readonly source?: DecoySource;
    readonly timing?: LinkTiming;
  } = {},
): DecoyBb84Link {
  return {
    source: o.source ?? DEFAULT_DECOY_SOURCE,
    fibre: { distanceKm: km, lossDbPerKm: LOSS_DB_PER_KM },
    detector: { ...DEFAULT_DETECTOR, afterpulseProb: o.afterpulseProb ?? 0 },
    attack: { kind: 'none' },
    ...(o.timing === undefined ? {} : { timing: o.timing }),
  };
}
