/**
 * An independent acceptance oracle for Q-URIs, written straight from docs/spec/q-uri.md
 * (§1 limits, §2 ABNF and semantic rules, §3 lexical steps) with regular expressions and
 * none of the parser's code. It answers only "valid or not", so the properties can catch
 * a parser that accepts what it must reject, or rejects what it must accept.
 */

const LABEL = '[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const STRUCTURE = new RegExp(
  `^(?:${LABEL}(?:\\.${LABEL})?|\\*\\.${LABEL})` +
    '(?:/run(?:\\?([^#]*))?|/link\\?([^#]*)|/status|/jobs/[A-Za-z0-9_-]{1,64}(?:/cancel)?)$',
);
const RFC3986_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const UINT = /^(?:0|[1-9][0-9]*)$/;

function uintIn(v: string, min: number, max: number): boolean {
  if (!UINT.test(v)) return false;
  const n = Number(v);
  return n >= min && n <= max;
}

const PARAMS: Record<string, (v: string) => boolean> = {
  shots: (v) => uintIn(v, 1, 1_000_000),
  qubits: (v) => uintIn(v, 1, 32_767),
  'deadline-ms': (v) => uintIn(v, 1, 86_400_000),
  priority: (v) => uintIn(v, 0, 7),
  'min-fidelity': (v) => /^[01](?:\.[0-9]{1,6})?$/.test(v) && Number(v) <= 1,
  reroute: (v) => v === 'allow' || v === 'deny',
};

const LINK_PARAMS: Record<string, (v: string) => boolean> = {
  contract: (v) => uintIn(v, 1, 9_999_999_999),
  pairs: (v) => uintIn(v, 1, 65_536),
  'theta-urad': (v) => uintIn(v, 0, 3_141_593),
  'phi-urad': (v) => uintIn(v, 0, 6_283_185),
  use: (v) => v === 'chsh' || v === 'teleport',
};

/** A /link query: each name once and valid; contract, pairs, use; the state exactly for teleport. */
function linkAccepts(query: string): boolean {
  const seen = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return false;
    const name = pair.slice(0, eq);
    const check = LINK_PARAMS[name];
    if (check === undefined || seen.has(name) || !check(pair.slice(eq + 1))) return false;
    seen.set(name, pair.slice(eq + 1));
  }
  const state = seen.has('theta-urad') && seen.has('phi-urad');
  const none = !seen.has('theta-urad') && !seen.has('phi-urad');
  return (
    seen.has('contract') &&
    seen.has('pairs') &&
    (seen.get('use') === 'teleport' ? state : seen.get('use') === 'chsh' && none)
  );
}

function queryAccepts(query: string): boolean {
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return false;
    const name = pair.slice(0, eq);
    const check = PARAMS[name];
    if (check === undefined || seen.has(name) || !check(pair.slice(eq + 1))) return false;
    seen.add(name);
  }
  return true;
}

/** True iff the spec says `input` is a valid Q-URI. */
export function referenceAccepts(input: unknown): boolean {
  if (typeof input !== 'string' || input.length > 2048) return false;
  if (!/^[qQ]:\/\//.test(input)) return false;
  const rest = input.slice(4);
  if (!RFC3986_CHARS.test(rest)) return false;
  if (/%(?![0-9A-Fa-f]{2})/.test(rest)) return false;
  let unreservedOnly = true;
  const decoded = rest.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    if (!UNRESERVED.test(c)) unreservedOnly = false;
    return c;
  });
  if (!unreservedOnly) return false;
  const m = STRUCTURE.exec(decoded);
  if (m === null) return false;
  if (m[2] !== undefined) return linkAccepts(m[2]);
  return m[1] === undefined || queryAccepts(m[1]);
}
