import { AMPERSAND, DIGIT_0, DIGIT_9, DOT, EQUALS, HASH } from './chars.js';
import { QUriError } from './error.js';
import {
  DEADLINE_MS_RANGE,
  DEFAULT_PARAMS,
  type IntRange,
  MIN_FIDELITY_MAX_FRACTION_DIGITS,
  MIN_FIDELITY_PPM_RANGE,
  PRIORITY_RANGE,
  QUBITS_RANGE,
  type QUriParams,
  type ReroutePolicy,
  SHOTS_RANGE,
} from './params.js';

/** Parameter ids, in canonical (ASCII) order of their query names. */
enum Param {
  DeadlineMs = 0,
  MinFidelity = 1,
  Priority = 2,
  Qubits = 3,
  Reroute = 4,
  Shots = 5,
}

/** No integer parameter has more digits than this; more is an overflow, never computed. */
const MAX_INT_DIGITS = 10;

/** Parsed query of a `/run` URI plus the index where the query ended ('#' or end of input). */
export interface ParsedQuery {
  readonly params: QUriParams;
  readonly end: number;
}

/**
 * Reads `d[start, …)` as `name=value *("&" name=value)` up to '#' or the end. Each pair is
 * checked in this order: empty pair, unknown name, duplicate name, missing value, value syntax,
 * value range. Names and enum values are case-sensitive.
 */
export function parseQuery(d: string, start: number): ParsedQuery {
  let shots = DEFAULT_PARAMS.shots;
  let minFidelityPpm = 0;
  let qubits = -1;
  let deadlineMs = -1;
  let reroute: ReroutePolicy = DEFAULT_PARAMS.reroute;
  let priority = DEFAULT_PARAMS.priority;
  const end = readPairs(d, start, paramAt, (param, _, valueStart, i) => {
    switch (param) {
      case Param.Shots:
        shots = readInt(d, valueStart, i, SHOTS_RANGE);
        break;
      case Param.Qubits:
        qubits = readInt(d, valueStart, i, QUBITS_RANGE);
        break;
      case Param.DeadlineMs:
        deadlineMs = readInt(d, valueStart, i, DEADLINE_MS_RANGE);
        break;
      case Param.Priority:
        priority = readInt(d, valueStart, i, PRIORITY_RANGE);
        break;
      case Param.MinFidelity:
        minFidelityPpm = readFidelityPpm(d, valueStart, i);
        break;
      case Param.Reroute:
        reroute = readReroute(d, valueStart, i);
        break;
    }
  });
  const params = buildParams(shots, minFidelityPpm, qubits, deadlineMs, reroute, priority);
  return { params, end };
}

/**
 * Walks the `name=value` pairs of a query from `start` to '#' or the end with the checks every
 * query shares, in the spec's order (§6 step 8): empty pair, unknown name (`nameAt` answers -1),
 * duplicate name, missing value. Each value then goes to `onValue` (the parameter's id, its
 * pair's start, the value's bounds), which checks its syntax and range. Returns where the query
 * ended. Parameter ids are below 31 (a bit each in the duplicate mask).
 */
export function readPairs(
  d: string,
  start: number,
  nameAt: (d: string, start: number, end: number) => number,
  onValue: (param: number, pairStart: number, valueStart: number, valueEnd: number) => void,
): number {
  const n = d.length;
  let seen = 0;
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
    const param = nameAt(d, pairStart, equals < 0 ? i : equals);
    if (param < 0) throw new QUriError('PARAM_UNKNOWN', pairStart, 'unknown query parameter');
    if ((seen & (1 << param)) !== 0) {
      throw new QUriError('PARAM_DUPLICATE', pairStart, 'query parameter given twice');
    }
    seen |= 1 << param;
    if (equals < 0 || equals + 1 === i) {
      throw new QUriError('PARAM_VALUE_MISSING', i, 'query parameter has no value');
    }
    onValue(param, pairStart, equals + 1, i);
    if (i >= n || d.charCodeAt(i) === HASH) return i;
    i++;
  }
}

/**
 * The params object both parse paths build, with one property order (one object shape).
 * `qubits` / `deadlineMs` < 0 mean "not given".
 */
export function buildParams(
  shots: number,
  minFidelityPpm: number,
  qubits: number,
  deadlineMs: number,
  reroute: ReroutePolicy,
  priority: number,
): QUriParams {
  const minFidelity = minFidelityPpm / 1_000_000;
  // Object literals, not added properties: each of the four shapes is built in one step.
  if (qubits < 0 && deadlineMs < 0) return { shots, minFidelity, reroute, priority };
  if (deadlineMs < 0) return { shots, minFidelity, reroute, priority, qubits };
  if (qubits < 0) return { shots, minFidelity, reroute, priority, deadlineMs };
  return { shots, minFidelity, reroute, priority, qubits, deadlineMs };
}

function paramAt(d: string, start: number, end: number): number {
  switch (end - start) {
    case 5:
      return d.startsWith('shots', start) ? Param.Shots : -1;
    case 6:
      return d.startsWith('qubits', start) ? Param.Qubits : -1;
    case 7:
      return d.startsWith('reroute', start) ? Param.Reroute : -1;
    case 8:
      return d.startsWith('priority', start) ? Param.Priority : -1;
    case 11:
      return d.startsWith('deadline-ms', start) ? Param.DeadlineMs : -1;
    case 12:
      return d.startsWith('min-fidelity', start) ? Param.MinFidelity : -1;
    default:
      return -1;
  }
}

/** `1*DIGIT`, no leading zero, within `range`. */
export function readInt(d: string, start: number, end: number, range: IntRange): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = d.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) throw syntax(i, 'an integer is decimal digits only');
    if (i - start < MAX_INT_DIGITS) value = value * 10 + (c - DIGIT_0);
  }
  if (end - start > 1 && d.charCodeAt(start) === DIGIT_0) throw syntax(start, 'leading zero');
  if (end - start > MAX_INT_DIGITS || value < range.min || value > range.max) {
    throw outOfRange(start, range.min, range.max);
  }
  return value;
}

/** `1*DIGIT ["." 1*DIGIT]`, no leading zero, at most 6 fraction digits, 0..1 → ppm. */
function readFidelityPpm(d: string, start: number, end: number): number {
  let i = start;
  while (i < end && isDigit(d.charCodeAt(i))) i++;
  const intEnd = i;
  if (intEnd === start) throw syntax(start, 'a decimal starts with a digit');
  let fracStart = end;
  if (i < end) {
    if (d.charCodeAt(i) !== DOT) throw syntax(i, 'a decimal is digits with an optional fraction');
    fracStart = ++i;
    while (i < end && isDigit(d.charCodeAt(i))) i++;
    if (i === fracStart) throw syntax(i, "a '.' must be followed by digits");
    if (i < end) throw syntax(i, 'a decimal is digits with an optional fraction');
  }
  if (intEnd - start > 1 && d.charCodeAt(start) === DIGIT_0) throw syntax(start, 'leading zero');
  const fracDigits = end - fracStart;
  if (fracDigits > MIN_FIDELITY_MAX_FRACTION_DIGITS) {
    throw syntax(fracStart + MIN_FIDELITY_MAX_FRACTION_DIGITS, 'at most 6 fraction digits');
  }
  if (intEnd - start > 1) throw outOfRange(start, 0, 1);
  let ppm = (d.charCodeAt(start) - DIGIT_0) * 1_000_000;
  let scale = 100_000;
  for (let k = fracStart; k < end; k++, scale /= 10) ppm += (d.charCodeAt(k) - DIGIT_0) * scale;
  if (ppm > MIN_FIDELITY_PPM_RANGE.max) throw outOfRange(start, 0, 1);
  return ppm;
}

function readReroute(d: string, start: number, end: number): ReroutePolicy {
  const length = end - start;
  if (length === 5 && d.startsWith('allow', start)) return 'allow';
  if (length === 4 && d.startsWith('deny', start)) return 'deny';
  throw syntax(start, "reroute is 'allow' or 'deny'");
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

function syntax(offset: number, why: string): QUriError {
  return new QUriError('PARAM_SYNTAX', offset, why);
}

function outOfRange(offset: number, min: number, max: number): QUriError {
  return new QUriError('PARAM_RANGE', offset, `value must be in ${min}..${max}`);
}
