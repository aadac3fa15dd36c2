import { AMPERSAND, EQUALS, HASH } from './chars.js';
import { QUriError } from './error.js';
import {
  CONTRACT_RANGE,
  type LinkUse,
  PAIRS_RANGE,
  PHI_URAD_RANGE,
  type QUriLinkParams,
  THETA_URAD_RANGE,
} from './params.js';
import { readInt } from './query.js';

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
 * (empty pair, unknown name, duplicate, missing value, syntax, range), then the rules across
 * pairs: `contract`, `use` and `pairs` present (PARAM_MISSING at the query's end), `theta-urad`
 * and `phi-urad` both present for `teleport` (PARAM_MISSING) and absent for `chsh`
 * (PARAM_CONFLICT at the first of them).
 */
export function parseLinkQuery(d: string, start: number): ParsedLinkQuery {
  const n = d.length;
  // The four integers by id (use is read into its own variable); -1: not given.
  const values: number[] = [-1, -1, -1, -1];
  const at: number[] = [-1, -1, -1, -1, -1];
  let use: LinkUse | undefined;
  let i = start;
  for (;;) {
    const pairStart = i;
    let equals = -1;
    for (; i < n; i++) {
      const c = d.charCodeAt(i);
      if (c === AMPERSAND || c === HASH) break;
      if (c === EQUALS && equals < 0) equals = i;
    }
    if (i === pairStart) throw new QUriError('PARAM_EMPTY', pairStart, 'empty query parameter');
    const param = NAMES.indexOf(d.slice(pairStart, equals < 0 ? i : equals));
    if (param < 0) throw new QUriError('PARAM_UNKNOWN', pairStart, 'unknown query parameter');
    if (at[param] !== -1)
      throw new QUriError('PARAM_DUPLICATE', pairStart, 'query parameter given twice');
    at[param] = pairStart;
    if (equals < 0 || equals + 1 === i)
      throw new QUriError('PARAM_VALUE_MISSING', i, 'query parameter has no value');
    if (param === LinkParam.Use) use = readUse(d, equals + 1, i);
    else values[param] = readInt(d, equals + 1, i, RANGES[param] as (typeof RANGES)[number]);
    if (i >= n || d.charCodeAt(i) === HASH) break;
    i++;
  }
  return { link: linkOf(values, at, use, i), end: i };
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
