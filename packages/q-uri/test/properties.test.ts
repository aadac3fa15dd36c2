import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFast } from '../src/fast-path.js';
import { format, isQUri, normalize, parse, QUriError } from '../src/index.js';
import { parseBySpec } from '../src/parse.js';
import { mutatedQuri, quri, respell, useFormatter } from './arbitraries.js';
import { referenceAccepts } from './reference.js';

useFormatter(format);

/** Parses, asserting that the only failure is a QUriError with an offset inside the input. */
function outcome(
  input: string,
): { ok: true; value: unknown } | { ok: false; code: string; offset: number } {
  try {
    return { ok: true, value: parse(input) };
  } catch (error) {
    if (!(error instanceof QUriError)) throw error;
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(Math.max(input.length, 4));
    return { ok: false, code: error.code, offset: error.offset };
  }
}

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

const anyString = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 60 }),
  fc.string({ unit: codeUnit, maxLength: 30 }).map((s) => `q://rigel/${s}`),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 80 }).map((s) => `q://${s}`),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `q://rigel/run?${s}`),
);

describe('properties', () => {
  it('the reference oracle itself tells valid from invalid on known examples', () => {
    for (const ok of [
      'q://rigel/run?shots=2048',
      'Q://RiGeL.eu-west/status',
      'q://*.eu-west/run?qubits=20&min-fidelity=1.000000',
      'q://rigel/jobs/3f2504e0-4f89/cancel',
      'q://r%69gel%2Eeu/r%75n',
    ]) {
      expect(referenceAccepts(ok)).toBe(true);
      expect(isQUri(ok)).toBe(true);
    }
    for (const bad of [
      'q://a/statusx',
      'q://a/jobs/x/cancelled',
      'q://rig]el/run',
      'q://a/run?shots=1&shots=2',
      'q://a/run?min-fidelity=1.000001',
      'q://a/run#x',
      'q://%2A.eu/run',
      'q://a/run?shots=%',
    ]) {
      expect(referenceAccepts(bad)).toBe(false);
      expect(isQUri(bad)).toBe(false);
    }
  });

  it('parse throws nothing but QUriError and accepts exactly what the spec accepts, for any string', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = outcome(s);
        expect(isQUri(s)).toBe(r.ok);
        expect(r.ok).toBe(referenceAccepts(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('parse accepts a mutated valid URI exactly when the spec does, and agrees with the spec path', () => {
    fc.assert(
      fc.property(mutatedQuri, (s) => {
        const r = outcome(s);
        expect(r.ok).toBe(referenceAccepts(s));
        const fast = parseFast(s);
        if (!r.ok) {
          expect(fast).toBeUndefined();
          expect(() => parseBySpec(s)).toThrow(QUriError);
          return;
        }
        expect(parseBySpec(s)).toStrictEqual(r.value);
        if (fast !== undefined) expect(fast).toStrictEqual(r.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('parse(format(u)) deep-equals u', () => {
    fc.assert(
      fc.property(quri, (u) => {
        const s = format(u);
        expect(parse(s)).toStrictEqual(u);
        expect(parseBySpec(s)).toStrictEqual(u);
        expect(normalize(s)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('every re-spelling of a URI parses to the same value and normalises to its canonical form', () => {
    fc.assert(
      fc.property(
        quri,
        fc.array(fc.nat({ max: 29 }), { minLength: 1, maxLength: 16 }),
        (u, picks) => {
          const canonical = format(u);
          const variant = respell(canonical, picks);
          if (variant.length > 2048) return;
          expect(parse(variant)).toStrictEqual(u);
          expect(normalize(variant)).toBe(canonical);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('normalize is idempotent', () => {
    fc.assert(
      fc.property(mutatedQuri, (s) => {
        if (!isQUri(s)) return;
        const once = normalize(s);
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('a valid canonical URI is never longer than its input', () => {
    fc.assert(
      fc.property(mutatedQuri, (s) => {
        if (isQUri(s)) expect(normalize(s).length).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 1000 },
    );
  });
});
