/**
 * The `/link` operation (spec §4): a run over a link contract, its parameters, their canonical
 * order, and every refusal with its code and offset, the same from both parse paths.
 */
import { describe, expect, it } from 'vitest';
import { format, normalize, parse, QUriError, type QUriErrorCode } from '../src/index.js';
import { parseBySpec } from '../src/parse.js';

function refusal(input: string): { code: QUriErrorCode; offset: number } {
  return withMessage(input).at;
}

/** The refusal with its message too: the QAN hands the message to clients (qan-api §2). */
function withMessage(input: string): {
  at: { code: QUriErrorCode; offset: number };
  message: string;
} {
  const of = (f: (s: string) => unknown) => {
    try {
      f(input);
    } catch (error) {
      if (!(error instanceof QUriError)) throw error;
      return { at: { code: error.code, offset: error.offset }, message: error.message };
    }
    throw new Error(`expected ${input} to be rejected`);
  };
  const viaParse = of(parse);
  expect(of(parseBySpec)).toStrictEqual(viaParse);
  return viaParse;
}

function formatRefusal(u: unknown): { code: QUriErrorCode; offset: number } | null {
  try {
    format(u as never);
  } catch (error) {
    if (error instanceof QUriError) return { code: error.code, offset: error.offset };
    throw error;
  }
  return null;
}

describe('/link', () => {
  it('reads a CHSH run and a teleportation, in any parameter order', () => {
    expect(parse('q://rigel/link?use=chsh&pairs=10000&contract=42')).toStrictEqual({
      target: { kind: 'node', alias: 'rigel' },
      operation: 'link',
      link: { contract: 42, use: 'chsh', pairs: 10_000 },
    });
    expect(
      parse(
        'q://rigel.eu-west/link?contract=9999999999&use=teleport&theta-urad=1100000&phi-urad=0&pairs=65536',
      ),
    ).toStrictEqual({
      target: { kind: 'node', alias: 'rigel', scope: 'eu-west' },
      operation: 'link',
      link: {
        contract: 9_999_999_999,
        use: 'teleport',
        pairs: 65_536,
        thetaUrad: 1_100_000,
        phiUrad: 0,
      },
    });
  });

  it('writes the parameters in ASCII order of their names', () => {
    expect(
      normalize(
        'Q://RIGEL/link?use=teleport&phi-urad=6283185&theta-urad=3141593&pairs=1&contract=1',
      ),
    ).toBe('q://rigel/link?contract=1&pairs=1&phi-urad=6283185&theta-urad=3141593&use=teleport');
    expect(normalize('q://%72igel/link?use=chsh&contract=7&pairs=%31')).toBe(
      'q://rigel/link?contract=7&pairs=1&use=chsh',
    );
  });

  it.each([
    // No query, or a required parameter missing: at the end of the path or query.
    ['q://a/link', 'PARAM_MISSING', 10],
    ['q://a/link?contract=1&pairs=1', 'PARAM_MISSING', 29],
    ['q://a/link?use=chsh&pairs=1', 'PARAM_MISSING', 27],
    ['q://a/link?contract=1&use=teleport&pairs=1&theta-urad=1', 'PARAM_MISSING', 55],
    // A state for CHSH: at its first parameter.
    ['q://a/link?contract=1&use=chsh&pairs=1&phi-urad=5&theta-urad=1', 'PARAM_CONFLICT', 39],
    ['q://a/link?theta-urad=1&contract=1&use=chsh&pairs=1', 'PARAM_CONFLICT', 11],
    ['q://a/link?contract=1&use=chsh&pairs=1&shots=5', 'PARAM_UNKNOWN', 39],
    ['q://a/link?contract=1&contract=2&use=chsh&pairs=1', 'PARAM_DUPLICATE', 22],
    ['q://a/link?contract=0&use=chsh&pairs=1', 'PARAM_RANGE', 20],
    ['q://a/link?contract=10000000000&use=chsh&pairs=1', 'PARAM_RANGE', 20],
    ['q://a/link?contract=1&use=chsh&pairs=65537', 'PARAM_RANGE', 37],
    ['q://a/link?contract=1&use=teleport&pairs=1&theta-urad=3141594&phi-urad=0', 'PARAM_RANGE', 54],
    ['q://a/link?contract=1&use=teleport&pairs=1&theta-urad=0&phi-urad=6283186', 'PARAM_RANGE', 65],
    ['q://a/link?contract=1&use=CHSH&pairs=1', 'PARAM_SYNTAX', 26],
    ['q://a/link?contract=01&use=chsh&pairs=1', 'PARAM_SYNTAX', 20],
    ['q://a/link?contract=1&use=chsh&pairs=', 'PARAM_VALUE_MISSING', 37],
    ['q://a/link?contract=1&&use=chsh&pairs=1', 'PARAM_EMPTY', 22],
    ['q://a/link?contract=1&use=chsh&pairs=1#x', 'FRAGMENT_NOT_ALLOWED', 38],
    ['q://a/link?contract=1&use=chsh', 'PARAM_MISSING', 30],
    ['q://a/link?contract=1&use=teleport&pairs=1&phi-urad=1', 'PARAM_MISSING', 53],
    ['q://a/link?contract&use=chsh&pairs=1', 'PARAM_VALUE_MISSING', 19],
    ['q://a/link?contract=1=2&use=chsh&pairs=1', 'PARAM_SYNTAX', 21],
    ['q://a/link?contract=1&use=chsh=x&pairs=1', 'PARAM_SYNTAX', 26],
    ['q://a/links?contract=1', 'OPERATION_UNKNOWN', 5],
  ] as const)('refuses %s: %s at %i', (input, code, offset) => {
    expect(refusal(input)).toStrictEqual({ code, offset });
  });

  it.each([
    ['q://a/link', 'a /link needs contract, use and pairs'],
    ['q://a/link?pairs=1&use=chsh', 'a /link needs contract, use and pairs'],
    ['q://a/link?contract=1&use=teleport&pairs=1', 'a teleport link needs theta-urad and phi-urad'],
    ['q://a/link?contract=1&use=chsh&pairs=1&theta-urad=0', 'a chsh link names no state'],
    ['q://a/link?contract=1&use=bell&pairs=1', "use is 'chsh' or 'teleport'"],
    ['q://a/link?x=1', 'unknown query parameter'],
    ['q://a/link?use=chsh&use=chsh', 'query parameter given twice'],
    ['q://a/link?use=', 'query parameter has no value'],
    ['q://a/link?&use=chsh', 'empty query parameter'],
  ])('refuses %s with the reason %s', (input, message) => {
    expect(withMessage(input).message).toBe(message);
  });

  it('refuses to format link parameters that break the rules, at the offending part', () => {
    const target = { kind: 'node', alias: 'a' };
    const link = (l: object) => ({ target, operation: 'link', link: l });
    expect(
      formatRefusal(link({ contract: 1, use: 'chsh', pairs: 1, thetaUrad: 1, phiUrad: 1 })),
    ).toStrictEqual({
      code: 'PARAM_CONFLICT',
      offset: 30,
    });
    expect(formatRefusal(link({ contract: 1, use: 'teleport', pairs: 1 }))).toStrictEqual({
      code: 'PARAM_MISSING',
      offset: 30,
    });
    expect(formatRefusal(link({ contract: 0, use: 'chsh', pairs: 1 }))).toStrictEqual({
      code: 'PARAM_RANGE',
      offset: 11,
    });
    // Offsets point at the pair's name: q://a/link?contract=1&pairs=1& is 30 characters.
    expect(formatRefusal(link({ contract: 1, use: 'bell', pairs: 1 }))).toStrictEqual({
      code: 'PARAM_SYNTAX',
      offset: 30,
    });
    expect(formatRefusal(link(null as never))).toStrictEqual({ code: 'PARAM_SYNTAX', offset: 10 });
    expect(formatRefusal(link('chsh' as never))).toStrictEqual({
      code: 'PARAM_SYNTAX',
      offset: 10,
    });
    // q://a/link?contract=1& is 22 characters; then &pairs=1& makes 30, &phi-urad=0& 41.
    expect(formatRefusal(link({ contract: 1, use: 'chsh', pairs: 0 }))).toStrictEqual({
      code: 'PARAM_RANGE',
      offset: 22,
    });
    expect(
      formatRefusal(
        link({ contract: 1, use: 'teleport', pairs: 1, thetaUrad: 0, phiUrad: 6_283_186 }),
      ),
    ).toStrictEqual({ code: 'PARAM_RANGE', offset: 30 });
    expect(
      formatRefusal(
        link({ contract: 1, use: 'teleport', pairs: 1, thetaUrad: 3_141_594, phiUrad: 0 }),
      ),
    ).toStrictEqual({ code: 'PARAM_RANGE', offset: 41 });
    expect(
      formatRefusal(link({ contract: 1, use: 'teleport', pairs: 1, phiUrad: 0 })),
    ).toStrictEqual({
      code: 'PARAM_MISSING',
      offset: 30,
    });
  });
});
