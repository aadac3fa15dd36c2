import fc from 'fast-check';
import type { QUri, QUriLinkParams, QUriParams, QUriTarget } from '../src/index.js';

/** Canonical DNS labels: 1–63 of a-z 0-9 -, first a letter, last not a hyphen. */
export const label: fc.Arbitrary<string> = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,62}$/)
  .filter((s) => !s.endsWith('-'));

export const jobId: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

/** fast-check builds records without a prototype; parse returns plain objects. */
const plain = <T extends object>(o: T): T => ({ ...o });

export const target: fc.Arbitrary<QUriTarget> = fc
  .oneof(
    fc.record({ kind: fc.constant('node' as const), alias: label }),
    fc.record({ kind: fc.constant('node' as const), alias: label, scope: label }),
    fc.record({ kind: fc.constant('scope' as const), scope: label }),
  )
  .map(plain);

export const params: fc.Arbitrary<QUriParams> = fc
  .record(
    {
      shots: fc.oneof(fc.constant(1024), fc.integer({ min: 1, max: 1_000_000 })),
      minFidelity: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 1_000_000 }).map((ppm) => ppm / 1_000_000),
      ),
      qubits: fc.integer({ min: 1, max: 32_767 }),
      deadlineMs: fc.integer({ min: 1, max: 86_400_000 }),
      reroute: fc.constantFrom('allow' as const, 'deny' as const),
      priority: fc.integer({ min: 0, max: 7 }),
    },
    { requiredKeys: ['shots', 'minFidelity', 'reroute', 'priority'] },
  )
  .map(plain);

export const link: fc.Arbitrary<QUriLinkParams> = fc.oneof(
  fc
    .record({
      contract: fc.integer({ min: 1, max: 9_999_999_999 }),
      use: fc.constant('chsh' as const),
      pairs: fc.integer({ min: 1, max: 65_536 }),
    })
    .map(plain),
  fc
    .record({
      contract: fc.integer({ min: 1, max: 9_999_999_999 }),
      use: fc.constant('teleport' as const),
      pairs: fc.integer({ min: 1, max: 65_536 }),
      thetaUrad: fc.integer({ min: 0, max: 3_141_593 }),
      phiUrad: fc.integer({ min: 0, max: 6_283_185 }),
    })
    .map(plain),
);

export const quri: fc.Arbitrary<QUri> = fc
  .oneof(
    fc.record({ target, operation: fc.constant('run' as const), params }),
    fc.record({ target, operation: fc.constant('status' as const) }),
    fc.record({ target, operation: fc.constant('job' as const), jobId }),
    fc.record({ target, operation: fc.constant('cancel' as const), jobId }),
    fc.record({ target, operation: fc.constant('link' as const), link }),
  )
  .map(plain);

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/**
 * Rewrites a canonical Q-URI into an equivalent, non-canonical spelling: upper-cases scheme
 * and host letters, percent-encodes unreserved characters (either hex case) outside the scheme.
 */
export function respell(canonical: string, picks: readonly number[]): string {
  const hostEnd = canonical.indexOf('/', 4);
  let out = '';
  for (let i = 0; i < canonical.length; i++) {
    const ch = canonical[i]!;
    const pick = picks[i % picks.length] ?? 0;
    if (i < 4) out += i === 0 && pick % 2 === 1 ? 'Q' : ch;
    else if (pick % 5 === 1 && UNRESERVED.includes(ch)) {
      const hex = ch.charCodeAt(0).toString(16);
      out += `%${pick % 3 === 0 ? hex : hex.toUpperCase()}`;
    } else if (pick % 5 === 2 && i < hostEnd) out += ch.toUpperCase();
    else out += ch;
  }
  return out;
}

/** Characters that matter to the grammar, to mutate valid URIs with. */
const INTERESTING = [
  ..."q:/?#[]@!$&'()*+,;=%.-_~Qa0129Z ",
  '%2',
  '%41',
  '%2F',
  '%zz',
  'é',
  '\uD800',
  '\u0131',
  '\u0000',
  'shots=',
  '&',
  '=0',
  '/cancel',
  '/jobs/',
  'qubits=',
  'min-fidelity=1.',
];

/** A valid Q-URI with a few characters inserted, deleted or replaced. */
export const mutatedQuri: fc.Arbitrary<string> = fc
  .tuple(
    quri,
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('insert', 'delete', 'replace'),
        fc.constantFrom(...INTERESTING),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([u, edits]) => {
    let s = canonicalOf(u);
    for (const [at, kind, text] of edits) {
      const i = at % (s.length + 1);
      if (kind === 'insert') s = s.slice(0, i) + text + s.slice(i);
      else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
      else s = s.slice(0, i) + text + s.slice(i + 1);
    }
    return s;
  });

/** Set by the property test module, so this file stays free of a format import cycle. */
let canonicalOf: (u: QUri) => string = () => '';
export function useFormatter(f: (u: QUri) => string): void {
  canonicalOf = f;
}
