/**
 * Handshake patterns as data (rev 34 §7, §18) plus the KEM patterns in the PQNoise
 * style, and the parser for pattern names with PSK modifiers ("XXpsk3", "NNpsk0+psk2").
 *
 * KEM tokens (our definition, after Schwabe–Stebila–Wiggers, "Post-Quantum Noise"):
 *   e    sender: fresh KEM key pair, writes e.pk in clear, MixHash (and MixKey under psk)
 *   s    sender: EncryptAndHash(s.pk)
 *   ekem sender: (ct, ss) = Encaps(re); writes EncryptAndHash(ct); MixKey(ss)
 *        receiver: ct = DecryptAndHash(..); MixKey(Decaps(ct, e))
 *   skem the same against the peer's static key (rs), decapsulated with s
 */
import { fail } from '../errors.js';

export type DhToken = 'ee' | 'es' | 'se' | 'ss';
export type KemToken = 'ekem' | 'skem';
export type Token = 'e' | 's' | 'psk' | DhToken | KemToken;
export type PreMessageToken = 'e' | 's';

export interface HandshakePattern {
  /** Full name including modifiers, e.g. "XXpsk3" or "pqIKpsk2". */
  readonly name: string;
  readonly initiatorPreMessage: readonly PreMessageToken[];
  readonly responderPreMessage: readonly PreMessageToken[];
  /** messages[0] is sent by the initiator, then they alternate. */
  readonly messages: readonly (readonly Token[])[];
  /** Only the initiator sends (N, K, X). */
  readonly oneWay: boolean;
  /** Which key agreement the tokens need. */
  readonly kind: 'dh' | 'kem';
  readonly hasPsk: boolean;
}

type Base = readonly [pre: string, messages: string];

/** "pre" is "i:s r:s" style; "messages" is "e,es|e,ee" (| separates messages). */
const BASE: Readonly<Record<string, Base>> = {
  N: ['r:s', 'e,es'],
  K: ['i:s r:s', 'e,es,ss'],
  X: ['r:s', 'e,es,s,ss'],
  NN: ['', 'e|e,ee'],
  NK: ['r:s', 'e,es|e,ee'],
  NX: ['', 'e|e,ee,s,es'],
  KN: ['i:s', 'e|e,ee,se'],
  KK: ['i:s r:s', 'e,es,ss|e,ee,se'],
  KX: ['i:s', 'e|e,ee,se,s,es'],
  XN: ['', 'e|e,ee|s,se'],
  XK: ['r:s', 'e,es|e,ee|s,se'],
  XX: ['', 'e|e,ee,s,es|s,se'],
  IN: ['', 'e,s|e,ee,se'],
  IK: ['r:s', 'e,es,s,ss|e,ee,se'],
  IX: ['', 'e,s|e,ee,se,s,es'],
  NK1: ['r:s', 'e|e,ee,es'],
  NX1: ['', 'e|e,ee,s|es'],
  X1N: ['', 'e|e,ee|s|se'],
  X1K: ['r:s', 'e,es|e,ee|s|se'],
  XK1: ['r:s', 'e|e,ee,es|s,se'],
  X1K1: ['r:s', 'e|e,ee,es|s|se'],
  X1X: ['', 'e|e,ee,s,es|s|se'],
  XX1: ['', 'e|e,ee,s|es,s,se'],
  X1X1: ['', 'e|e,ee,s|es,s|se'],
  K1N: ['i:s', 'e|e,ee|se'],
  K1K: ['i:s r:s', 'e,es|e,ee|se'],
  KK1: ['i:s r:s', 'e|e,ee,se,es'],
  K1K1: ['i:s r:s', 'e|e,ee,es|se'],
  K1X: ['i:s', 'e|e,ee,s,es|se'],
  KX1: ['i:s', 'e|e,ee,se,s|es'],
  K1X1: ['i:s', 'e|e,ee,s|se,es'],
  I1N: ['', 'e,s|e,ee|se'],
  I1K: ['r:s', 'e,es,s|e,ee|se'],
  IK1: ['r:s', 'e,s|e,ee,se,es'],
  I1K1: ['r:s', 'e,s|e,ee,es|se'],
  I1X: ['', 'e,s|e,ee,s,es|se'],
  IX1: ['', 'e,s|e,ee,se,s|es'],
  I1X1: ['', 'e,s|e,ee,s|se,es'],
  // KEM patterns (PQNoise style). Authentication is by decapsulation: only the holder
  // of a static secret key can derive the keys that follow its skem.
  pqNN: ['', 'e|ekem'],
  pqNK: ['r:s', 'skem,e|ekem'],
  pqKK: ['i:s r:s', 'skem,e|ekem,skem'],
  pqIK: ['r:s', 'skem,e,s|ekem,skem'],
  pqXX: ['', 'e|ekem,s|skem,s|skem'],
};

const ONE_WAY = new Set(['N', 'K', 'X']);

function parsePre(pre: string, side: 'i' | 'r'): PreMessageToken[] {
  const out: PreMessageToken[] = [];
  for (const part of pre.split(' ')) {
    if (part.startsWith(`${side}:`)) out.push(...(part.slice(2).split(',') as PreMessageToken[]));
  }
  return out;
}

/** The base pattern names this package knows. */
export const PATTERN_NAMES: readonly string[] = Object.keys(BASE);

/** Parses "XXpsk3" / "NNpsk0+psk2" / "pqIKpsk2" into a pattern with its PSK tokens placed. */
export function parsePattern(fullName: string): HandshakePattern {
  const at = fullName.indexOf('psk');
  const baseName = at === -1 ? fullName : fullName.slice(0, at);
  const base = Object.hasOwn(BASE, baseName) ? BASE[baseName] : undefined;
  if (base === undefined)
    return fail('INVALID_PATTERN', `unknown pattern "${baseName}"`, 'pattern');
  const messages = base[1].split('|').map((m) => m.split(',') as Token[]);
  if (at !== -1) {
    const seen = new Set<number>();
    for (const mod of fullName.slice(at).split('+')) {
      const m = /^psk([0-9])$/.exec(mod);
      const n = m ? Number(m[1]) : Number.NaN;
      if (!m || seen.has(n) || n > messages.length) {
        return fail('INVALID_PATTERN', `bad modifier "${mod}"`, 'pattern');
      }
      seen.add(n);
      if (n === 0) (messages[0] as Token[]).unshift('psk');
      else (messages[n - 1] as Token[]).push('psk');
    }
  }
  return {
    name: fullName,
    initiatorPreMessage: parsePre(base[0], 'i'),
    responderPreMessage: parsePre(base[0], 'r'),
    messages,
    oneWay: ONE_WAY.has(baseName),
    // BASE is fixed (test/patterns.test.ts checks that every entry uses only known tokens,
    // never mixes DH and KEM tokens, and has KEM tokens exactly when its name starts "pq").
    kind: baseName.startsWith('pq') ? 'kem' : 'dh',
    hasPsk: at !== -1,
  };
}
