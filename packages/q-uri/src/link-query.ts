import { QUriError } from './error.js';
import {
  CONTRACT_RANGE,
  type LinkUse,
  PAIRS_RANGE,
  PHI_URAD_RANGE,
  type QUriLinkParams,
  THETA_URAD_RANGE,
} from './params.js';
import { readInt, readPairs } from './query.js';

/** Link parameter ids, in canonical (ASCII) order of their query names. */
enum LinkParam {
  Contract = 0,
  Pairs = 1,
  PhiUrad = 2,
  ThetaUrad = 3,
  Use = 4,
}

const NAMES = ['contract', 'pairs', 'phi-urad', 'theta-urad', 'use'];

/** Parsed query of a `/link` URI plus the index where the query ended ('#' or end of input). */
export interface ParsedLinkQuery {
  readonly link: QUriLinkParams;
  readonly end: number;
}

/**
 * Reads `d[start, …)` as the query of a `/link` URI, pair by pair with the checks of `/run`
 * (`readPairs`: empty pair, unknown name, duplicate, missing value; then syntax, range), then the rules across
 * pairs: `contract`, `use` and `pairs` present (PARAM_MISSING at the query's end), `theta-urad`
 * and `phi-urad` both present for `teleport` (PARAM_MISSING) and absent for `chsh`
 * (PARAM_CONFLICT at the first of them).
 */
export function parseLinkQuery(d: string, start: number): ParsedLinkQuery {
  // The four integers by id (use is read into its own variable); -1: not given.
  const values: number[] = [-1, -1, -1, -1];
  // Where each parameter's pair starts (-1: not given), for PARAM_CONFLICT.
  const at: number[] = [-1, -1, -1, -1, -1];
  let use: LinkUse | undefined;
  const nameAt = (q: string, from: number, to: number) => NAMES.indexOf(q.slice(from, to));
  const end = readPairs(d, start, nameAt, (param, pairStart, valueStart, valueEnd) => {
    at[param] = pairStart;
    if (param === LinkParam.Use) use = readUse(d, valueStart, valueEnd);
    else values[param] = readInt(d, valueStart, valueEnd, RANGES[param] as (typeof RANGES)[number]);
  });
  return { link: linkOf(values, at, use, end), end };
}

const RANGES = [CONTRACT_RANGE, PAIRS_RANGE, PHI_URAD_RANGE, THETA_URAD_RANGE];

function readUse(d: string, start: number, end: number): LinkUse {
  const value = d.slice(start, end);
  if (value === 'chsh' || value === 'teleport') return value;
  throw new QUriError('PARAM_SYNTAX', start, "use is 'chsh' or 'teleport'");
}

/** The cross-pair rules, and the typed parameters in one object shape per use. */
function linkOf(
  values: number[],
  at: number[],
  use: LinkUse | undefined,
  end: number,
): QUriLinkParams {
  const [contract, pairs, phiUrad, thetaUrad] = values as [number, number, number, number];
  if (contract < 0 || pairs < 0 || use === undefined)
    throw new QUriError('PARAM_MISSING', end, 'a /link needs contract, use and pairs');
  if (use === 'chsh') {
    const first = Math.min(
      ...([at[LinkParam.PhiUrad], at[LinkParam.ThetaUrad]].filter(
        (a) => (a as number) >= 0,
      ) as number[]),
    );
    if (Number.isFinite(first))
      throw new QUriError('PARAM_CONFLICT', first, 'a chsh link names no state');
    return { contract, use, pairs };
  }
  if (thetaUrad < 0 || phiUrad < 0)
    throw new QUriError('PARAM_MISSING', end, 'a teleport link needs theta-urad and phi-urad');
  return { contract, use, pairs, thetaUrad, phiUrad };
}
