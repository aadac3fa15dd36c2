/** Outcome counts of the campaign, mergeable across workers. */

export interface Row {
  /** Stable id; rows with the same id are merged. */
  readonly id: string;
  readonly group: string;
  tried: number;
  /** Rejections by TransportError code (or guard verdict, e.g. `cookie reply`). */
  rejected: Record<string, number>;
  /** Acceptances by kind; `allowed` kinds are documented, every other one is a finding. */
  accepted: Record<string, number>;
  /** Inputs after which the receiver's state differs from what the untouched input gives. */
  stateChanged: number;
  /** Descriptions of findings (capped). */
  findings: string[];
  findingCount: number;
  /** Replay cases: the outcomes the case expects and the ones observed, step by step. */
  expected?: string;
  observed?: string;
}

/**
 * Acceptances the spec documents (§10), by prefix: mac2 is unchecked when not under load, and
 * pqXX message 1 carries no authentication (its mac1 key is public), so a changed ephemeral key
 * is accepted and the handshake must then fail.
 */
export const ALLOWED_ACCEPT = [
  'mac2, not under load (unchecked, spec §10)',
  'pqXX message 1 is unauthenticated (spec §10), then',
];
const allowed = (kind: string): boolean => ALLOWED_ACCEPT.some((a) => kind.startsWith(a));

export function row(id: string, group: string): Row {
  return {
    id,
    group,
    tried: 0,
    rejected: {},
    accepted: {},
    stateChanged: 0,
    findings: [],
    findingCount: 0,
  };
}

export function bump(m: Record<string, number>, key: string, n = 1): void {
  m[key] = (m[key] ?? 0) + n;
}

export function finding(r: Row, what: string): void {
  r.findingCount++;
  if (r.findings.length < 20) r.findings.push(what);
}

export function merge(into: Map<string, Row>, rows: readonly Row[]): void {
  for (const r of rows) {
    const t = into.get(r.id);
    if (t === undefined) {
      into.set(r.id, structuredClone(r));
      continue;
    }
    t.tried += r.tried;
    t.stateChanged += r.stateChanged;
    t.findingCount += r.findingCount;
    for (const f of r.findings) if (t.findings.length < 20) t.findings.push(f);
    for (const [k, v] of Object.entries(r.rejected)) bump(t.rejected, k, v);
    for (const [k, v] of Object.entries(r.accepted)) bump(t.accepted, k, v);
  }
}

export const sum = (m: Record<string, number>): number =>
  Object.values(m).reduce((a, b) => a + b, 0);

/** Accepted inputs that no documented rule allows. */
export const forbidden = (r: Row): number =>
  Object.entries(r.accepted)
    .filter(([k]) => !allowed(k))
    .reduce((a, [, v]) => a + v, 0);
