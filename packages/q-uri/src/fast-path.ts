import {
  AMPERSAND,
  CHAR_CLASS,
  COLON,
  DIGIT_0,
  DIGIT_9,
  DOT,
  HYPHEN,
  JOB_ID_CHAR,
  LABEL_CHAR,
  LETTER,
  QUESTION,
  SLASH,
  STAR,
  UPPER,
} from './chars.js';
import { MAX_JOB_ID_LENGTH } from './job-id.js';
import { MAX_LABEL_LENGTH } from './label.js';
import { MAX_QURI_LENGTH } from './lexical.js';
import { parseLinkQuery } from './link-query.js';
import {
  DEADLINE_MS_RANGE,
  DEFAULT_PARAMS,
  type IntRange,
  MIN_FIDELITY_PPM_RANGE,
  PRIORITY_RANGE,
  QUBITS_RANGE,
  type QUriParams,
  type ReroutePolicy,
  SHOTS_RANGE,
} from './params.js';
import { buildParams } from './query.js';
import type { QUri } from './quri.js';
import type { QUriTarget } from './target.js';

/**
 * One pass over the string, each character read once, for Q-URIs without '%' and without error
 * (upper case in the scheme and labels is folded on the way). Returns `undefined` on anything
 * else — a percent-triplet, any violation — and the full parser (parse.ts), which implements the
 * spec step by step, decides. It never accepts what the full parser rejects, whenever it returns a
 * value the full parser returns an equal one, and it returns one for every valid Q-URI without '%'.
 */
export function parseFast(s: string): QUri | undefined {
  const n = s.length;
  const c0 = s.charCodeAt(0);
  if (n > MAX_QURI_LENGTH || (c0 !== 0x71 && c0 !== 0x51) || s.charCodeAt(1) !== COLON) return;
  if (s.charCodeAt(2) !== SLASH || s.charCodeAt(3) !== SLASH) return;
  let target: QUriTarget;
  let i: number;
  if (s.charCodeAt(4) === STAR) {
    if (s.charCodeAt(5) !== DOT) return;
    const scanned = scanLabel(s, 6);
    if (scanned < 0) return;
    i = scanned >> 1;
    target = { kind: 'scope', scope: labelText(s, 6, scanned) };
  } else {
    const scanned = scanLabel(s, 4);
    if (scanned < 0) return;
    i = scanned >> 1;
    const alias = labelText(s, 4, scanned);
    if (s.charCodeAt(i) === DOT) {
      const scopeStart = i + 1;
      const scopeScanned = scanLabel(s, scopeStart);
      if (scopeScanned < 0) return;
      i = scopeScanned >> 1;
      target = { kind: 'node', alias, scope: labelText(s, scopeStart, scopeScanned) };
    } else {
      target = { kind: 'node', alias };
    }
  }
  if (s.charCodeAt(i) !== SLASH) return;
  i++;
  switch (s.charCodeAt(i)) {
    case 0x72: {
      if (s.charCodeAt(i + 1) !== 0x75 || s.charCodeAt(i + 2) !== 0x6e) return;
      i += 3;
      if (i === n) return { target, operation: 'run', params: DEFAULT_PARAMS };
      if (s.charCodeAt(i) !== QUESTION) return;
      const params = queryFast(s, i + 1);
      return params === undefined ? undefined : { target, operation: 'run', params };
    }
    case 0x73:
      return n === i + 6 && s.startsWith('status', i) ? { target, operation: 'status' } : undefined;
    case 0x6c:
      return s.startsWith('link?', i) ? linkFast(s, target, i + 5) : undefined;
    case 0x6a: {
      if (!s.startsWith('jobs/', i)) return;
      const idStart = i + 5;
      const j = jobIdEnd(s, idStart);
      if (j === idStart || j - idStart > MAX_JOB_ID_LENGTH) return;
      const jobId = s.slice(idStart, j);
      if (j === n) return { target, operation: 'job', jobId };
      if (n - j === 7 && s.startsWith('/cancel', j)) return { target, operation: 'cancel', jobId };
      return;
    }
    default:
      return;
  }
}

/**
 * A label starting at `start`, read up to its first non-label character `end`:
 * returns `end * 2 + (1 if it has upper case)`, or -1 when it breaks a label rule.
 */
function scanLabel(s: string, start: number): number {
  const n = s.length;
  const first = s.charCodeAt(start);
  if (start >= n || first > 0x7f || (CHAR_CLASS[first]! & LETTER) === 0) return -1;
  let classes = 0;
  let i = start;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) break;
    const cls = CHAR_CLASS[c]!;
    if ((cls & LABEL_CHAR) === 0) break;
    classes |= cls;
  }
  if (i - start > MAX_LABEL_LENGTH || s.charCodeAt(i - 1) === HYPHEN) return -1;
  return i * 2 + ((classes & UPPER) === 0 ? 0 : 1);
}

function labelText(s: string, start: number, scanned: number): string {
  const text = s.slice(start, scanned >> 1);
  return (scanned & 1) === 0 ? text : text.toLowerCase();
}

/** End of the job id starting at `start` (its first non-id character). */
function jobIdEnd(s: string, start: number): number {
  const n = s.length;
  let i = start;
  while (i < n && s.charCodeAt(i) < 0x80 && (CHAR_CLASS[s.charCodeAt(i)]! & JOB_ID_CHAR) !== 0) i++;
  return i;
}

/** Written positively so that NaN (reading past the end) is not a digit. */
function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

const BIT_DEADLINE = 1;
const BIT_FIDELITY = 2;
const BIT_PRIORITY = 4;
const BIT_QUBITS = 8;
const BIT_REROUTE = 16;
const BIT_SHOTS = 32;

function queryFast(s: string, start: number): QUriParams | undefined {
  const n = s.length;
  let shots = DEFAULT_PARAMS.shots;
  let ppm = 0;
  let qubits = -1;
  let deadlineMs = -1;
  let reroute: ReroutePolicy = DEFAULT_PARAMS.reroute;
  let priority = DEFAULT_PARAMS.priority;
  let seen = 0;
  let i = start;
  for (;;) {
    let bit: number;
    let packed: number;
    switch (s.charCodeAt(i)) {
      case 0x73: // shots=
        if (!s.startsWith('shots=', i)) return;
        bit = BIT_SHOTS;
        packed = intFast(s, i + 6, SHOTS_RANGE);
        shots = Math.floor(packed / 16);
        i += 6;
        break;
      case 0x71: // qubits=
        if (!s.startsWith('qubits=', i)) return;
        bit = BIT_QUBITS;
        packed = intFast(s, i + 7, QUBITS_RANGE);
        qubits = Math.floor(packed / 16);
        i += 7;
        break;
      case 0x70: // priority=
        if (!s.startsWith('priority=', i)) return;
        bit = BIT_PRIORITY;
        packed = intFast(s, i + 9, PRIORITY_RANGE);
        priority = Math.floor(packed / 16);
        i += 9;
        break;
      case 0x64: // deadline-ms=
        if (!s.startsWith('deadline-ms=', i)) return;
        bit = BIT_DEADLINE;
        packed = intFast(s, i + 12, DEADLINE_MS_RANGE);
        deadlineMs = Math.floor(packed / 16);
        i += 12;
        break;
      case 0x6d: // min-fidelity=
        if (!s.startsWith('min-fidelity=', i)) return;
        bit = BIT_FIDELITY;
        packed = fidelityFast(s, i + 13);
        ppm = Math.floor(packed / 16);
        i += 13;
        break;
      case 0x72: // reroute=
        if (!s.startsWith('reroute=', i)) return;
        bit = BIT_REROUTE;
        i += 8;
        if (s.startsWith('allow', i)) {
          reroute = 'allow';
          packed = 5;
        } else if (s.startsWith('deny', i)) {
          reroute = 'deny';
          packed = 4;
        } else return;
        break;
      default:
        return;
    }
    if (packed < 0 || (seen & bit) !== 0) return;
    seen |= bit;
    i += packed % 16;
    if (i === n) break;
    if (s.charCodeAt(i) !== AMPERSAND) return;
    i++;
  }
  return buildParams(shots, ppm, qubits, deadlineMs, reroute, priority);
}

/**
 * A canonical integer at `start`: `value * 16 + digitCount`, or -1. Leading zeros are left for
 * the caller's terminator check to refuse ("01": the '1' is not '&' or the end).
 */
function intFast(s: string, start: number, range: IntRange): number {
  let c = s.charCodeAt(start);
  if (!isDigit(c)) return -1;
  let value = c - DIGIT_0;
  let i = start + 1;
  if (value !== 0) {
    for (;;) {
      c = s.charCodeAt(i);
      if (!isDigit(c)) break;
      value = value * 10 + (c - DIGIT_0);
      if (value > range.max) return -1;
      i++;
    }
  }
  if (value < range.min || value > range.max) return -1;
  return value * 16 + (i - start);
}

/** `0` / `1` with up to 6 fraction digits at `start`: `ppm * 16 + length`, or -1. */
function fidelityFast(s: string, start: number): number {
  const first = s.charCodeAt(start);
  if (first !== DIGIT_0 && first !== 0x31) return -1;
  let ppm = first === DIGIT_0 ? 0 : 1_000_000;
  let i = start + 1;
  if (s.charCodeAt(i) === DOT) {
    i++;
    const fracStart = i;
    for (let scale = 100_000; i - fracStart < 6; i++, scale /= 10) {
      const c = s.charCodeAt(i);
      if (!isDigit(c)) break;
      ppm += (c - DIGIT_0) * scale;
    }
    if (i === fracStart || ppm > MIN_FIDELITY_PPM_RANGE.max) return -1;
  }
  return ppm * 16 + (i - start);
}

/** A `/link` query by the step-by-step reader; any refusal leaves the input to the parser. */
function linkFast(s: string, target: QUriTarget, start: number): QUri | undefined {
  if (s.includes('%', start)) return undefined;
  try {
    const { link, end } = parseLinkQuery(s, start);
    return end === s.length ? { target, operation: 'link', link } : undefined;
  } catch {
    return undefined;
  }
}
