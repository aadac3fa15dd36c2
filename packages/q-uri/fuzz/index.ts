import fc from 'fast-check';
import { parseFast } from '../src/fast-path.js';
import { format, isQUri, normalize, parse, QUriError } from '../src/index.js';
import { parseBySpec } from '../src/parse.js';
import { mutatedQuri, quri, useFormatter } from '../test/arbitraries.js';

/**
 * Long-running version of the property tests (too slow for the unit suite):
 * `pnpm --filter @qcos/q-uri fuzz [runs]`. Exits non-zero on the first counterexample.
 */
useFormatter(format);
const runs = Number(process.argv[2] ?? 200_000);
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyInput = fc.oneof(
  mutatedQuri,
  fc.string({ unit: codeUnit, maxLength: 120 }),
  fc.string({ unit: codeUnit, maxLength: 60 }).map((s) => `q://a/run?${s}`),
);

/** JSON with sorted keys, so that property order does not matter. */
const sortedJson = (v: unknown): string =>
  JSON.stringify(v, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );

const sameOutcome = (input: string): boolean => {
  const run = (f: (s: string) => unknown): string => {
    try {
      return sortedJson(f(input));
    } catch (error) {
      if (!(error instanceof QUriError)) throw error;
      return `${error.code}@${error.offset}`;
    }
  };
  const viaParse = run(parse);
  const fast = parseFast(input);
  if (fast !== undefined && sortedJson(fast) !== viaParse) return false;
  return viaParse === run(parseBySpec) && isQUri(input) === !viaParse.includes('@');
};

fc.assert(fc.property(anyInput, sameOutcome), { numRuns: runs });
fc.assert(
  fc.property(quri, (u) => {
    const s = format(u);
    return normalize(s) === s && sortedJson(parse(s)) === sortedJson(u);
  }),
  { numRuns: Math.floor(runs / 4) },
);
console.log(`fuzz: ${runs} inputs and ${Math.floor(runs / 4)} round trips, no counterexample`);
