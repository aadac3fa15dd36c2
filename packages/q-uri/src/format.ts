import { QUriError } from './error.js';
import { isJobId } from './job-id.js';
import { isDqnAlias, isGeoScope } from './label.js';
import {
  CONTRACT_RANGE,
  DEADLINE_MS_RANGE,
  DEFAULT_PARAMS,
  type IntRange,
  PAIRS_RANGE,
  PHI_URAD_RANGE,
  PRIORITY_RANGE,
  QUBITS_RANGE,
  type QUriLinkParams,
  type QUriParams,
  SHOTS_RANGE,
  THETA_URAD_RANGE,
} from './params.js';
import type { QUri } from './quri.js';
import type { QUriTarget } from './target.js';

/**
 * Writes the canonical form of a Q-URI (docs/spec/q-uri.md §5): lower-case scheme and labels,
 * no percent-encoding, parameters in ASCII order of their names, defaults omitted, shortest
 * decimals. Validates every field on the way; a bad one throws `QUriError` whose offset is
 * where that component would start in the output.
 */
export function format(u: QUri): string {
  if (typeof u !== 'object' || u === null) {
    throw new QUriError('TARGET_INVALID', 4, 'not a Q-URI object');
  }
  let out = 'q://' + formatTarget(u.target);
  switch (u.operation) {
    case 'run':
      out += '/run';
      return out + formatParams(u.params, out.length);
    case 'status':
      return out + '/status';
    case 'job':
      return out + '/jobs/' + checkedJobId(u.jobId, out.length + 6);
    case 'cancel':
      return out + '/jobs/' + checkedJobId(u.jobId, out.length + 6) + '/cancel';
    case 'link':
      out += '/link';
      return out + formatLink(u.link, out.length);
    default:
      throw new QUriError('OPERATION_UNKNOWN', out.length, 'unknown operation');
  }
}

function formatTarget(target: QUriTarget): string {
  if (typeof target !== 'object' || target === null) {
    throw new QUriError('TARGET_INVALID', 4, 'target is not an object');
  }
  if (target.kind === 'scope') {
    if (!isGeoScope(target.scope)) throw new QUriError('SCOPE_INVALID', 6, 'invalid scope');
    return '*.' + target.scope;
  }
  if (target.kind !== 'node') throw new QUriError('TARGET_INVALID', 4, "kind is 'node' or 'scope'");
  if (!isDqnAlias(target.alias)) throw new QUriError('ALIAS_INVALID', 4, 'invalid DQN-Alias');
  if (target.scope === undefined) return target.alias;
  if (!isGeoScope(target.scope)) {
    throw new QUriError('SCOPE_INVALID', 5 + target.alias.length, 'invalid scope');
  }
  return target.alias + '.' + target.scope;
}

function checkedJobId(jobId: string, offset: number): string {
  if (!isJobId(jobId)) throw new QUriError('JOB_ID_INVALID', offset, 'invalid job id');
  return jobId;
}

/** Non-default parameters in canonical order: deadline-ms, min-fidelity, priority, qubits, reroute, shots. */
function formatParams(p: QUriParams, offset: number): string {
  if (typeof p !== 'object' || p === null) {
    throw new QUriError('PARAM_SYNTAX', offset, 'params is not an object');
  }
  // Each pair is written with a leading '&'; the first one becomes '?' at the end. The offset
  // of a bad value is where its pair would start in the output.
  let q = '';
  if (p.deadlineMs !== undefined) {
    q += '&deadline-ms=' + checkedInt(p.deadlineMs, DEADLINE_MS_RANGE, offset + q.length + 1);
  }
  const ppm = fidelityPpm(p.minFidelity, offset + q.length + 1);
  if (ppm !== 0) q += '&min-fidelity=' + formatPpm(ppm);
  const priority = checkedInt(p.priority, PRIORITY_RANGE, offset + q.length + 1);
  if (p.priority !== DEFAULT_PARAMS.priority) q += '&priority=' + priority;
  if (p.qubits !== undefined) {
    q += '&qubits=' + checkedInt(p.qubits, QUBITS_RANGE, offset + q.length + 1);
  }
  if (p.reroute === 'deny') q += '&reroute=deny';
  else if (p.reroute !== 'allow') {
    throw new QUriError('PARAM_SYNTAX', offset + q.length + 1, "reroute is 'allow' or 'deny'");
  }
  const shots = checkedInt(p.shots, SHOTS_RANGE, offset + q.length + 1);
  if (p.shots !== DEFAULT_PARAMS.shots) q += '&shots=' + shots;
  return q === '' ? '' : '?' + q.slice(1);
}

/**
 * Link parameters in canonical order: contract, pairs, phi-urad, theta-urad, use. A bad one's
 * offset is where its pair's name would start in the output.
 */
function formatLink(p: QUriLinkParams, offset: number): string {
  if (typeof p !== 'object' || p === null) {
    throw new QUriError('PARAM_SYNTAX', offset, 'link is not an object');
  }
  let q = '?contract=' + checkedInt(p.contract, CONTRACT_RANGE, offset + 1);
  q += '&pairs=' + checkedInt(p.pairs, PAIRS_RANGE, offset + q.length + 1);
  if (p.use !== 'chsh' && p.use !== 'teleport') {
    throw new QUriError('PARAM_SYNTAX', offset + q.length + 1, "use is 'chsh' or 'teleport'");
  }
  const angles = (p.thetaUrad === undefined ? 0 : 1) + (p.phiUrad === undefined ? 0 : 1);
  if (p.use === 'chsh' && angles > 0)
    throw new QUriError('PARAM_CONFLICT', offset + q.length + 1, 'a chsh link names no state');
  if (p.use === 'teleport' && angles < 2)
    throw new QUriError('PARAM_MISSING', offset + q.length + 1, 'a teleport link names its state');
  if (p.use === 'teleport') {
    q += '&phi-urad=' + checkedInt(p.phiUrad as number, PHI_URAD_RANGE, offset + q.length + 1);
    q +=
      '&theta-urad=' + checkedInt(p.thetaUrad as number, THETA_URAD_RANGE, offset + q.length + 1);
  }
  return q + '&use=' + p.use;
}

function checkedInt(value: number, range: IntRange, offset: number): string {
  if (typeof value !== 'number') throw new QUriError('PARAM_SYNTAX', offset, 'not a number');
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new QUriError('PARAM_RANGE', offset, `must be an integer in ${range.min}..${range.max}`);
  }
  return String(value);
}

/** minFidelity must be exactly k / 1e6 for an integer k in 0..1e6, so its decimal is exact. */
function fidelityPpm(value: number, offset: number): number {
  if (typeof value !== 'number') throw new QUriError('PARAM_SYNTAX', offset, 'not a number');
  const ppm = Math.round(value * 1_000_000);
  if (!(value >= 0 && value <= 1) || ppm / 1_000_000 !== value) {
    throw new QUriError('PARAM_RANGE', offset, 'min-fidelity is 0..1 in steps of 0.000001');
  }
  return ppm === 0 ? 0 : ppm;
}

/** Shortest decimal of ppm / 1e6: `1`, `0.5`, `0.000001`. */
function formatPpm(ppm: number): string {
  if (ppm === 1_000_000) return '1';
  let fraction = String(ppm).padStart(6, '0');
  let end = fraction.length;
  while (fraction.charCodeAt(end - 1) === 0x30) end--;
  fraction = fraction.slice(0, end);
  return '0.' + fraction;
}
