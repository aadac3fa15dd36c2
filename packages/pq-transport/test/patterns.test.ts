import { describe, expect, test } from 'vitest';
import { PATTERN_NAMES, parsePattern } from '../src/index.js';
import { errorOf } from './error-of.js';

const DH_TOKENS = ['ee', 'es', 'se', 'ss'];
const KEM_TOKENS = ['ekem', 'skem'];

describe('the built-in pattern table', () => {
  test('every base pattern uses only known tokens, never mixes DH and KEM tokens, and has KEM tokens exactly when named pq', () => {
    expect(PATTERN_NAMES).toHaveLength(43);
    for (const name of PATTERN_NAMES) {
      const tokens = parsePattern(name).messages.flat();
      for (const t of tokens) expect(['e', 's', ...DH_TOKENS, ...KEM_TOKENS]).toContain(t);
      const dh = tokens.some((t) => DH_TOKENS.includes(t));
      const kem = tokens.some((t) => KEM_TOKENS.includes(t));
      expect([name, dh && kem]).toStrictEqual([name, false]);
      expect([name, kem]).toStrictEqual([name, name.startsWith('pq')]);
    }
  });

  test('the pq patterns, and only they, are KEM patterns', () => {
    for (const name of PATTERN_NAMES) {
      const expected = name.startsWith('pq') ? 'kem' : 'dh';
      expect([name, parsePattern(name).kind]).toStrictEqual([name, expected]);
      expect([name, parsePattern(`${name}psk0`).kind]).toStrictEqual([name, expected]);
    }
  });
});

describe('parsePattern', () => {
  test('XXpsk3 places the PSK at the end of the third message', () => {
    expect(parsePattern('XXpsk3')).toStrictEqual({
      name: 'XXpsk3',
      initiatorPreMessage: [],
      responderPreMessage: [],
      messages: [['e'], ['e', 'ee', 's', 'es'], ['s', 'se', 'psk']],
      oneWay: false,
      kind: 'dh',
      hasPsk: true,
    });
  });

  test('NNpsk0+psk2 puts psk0 first in message one and psk2 last in message two', () => {
    expect(parsePattern('NNpsk0+psk2').messages).toStrictEqual([
      ['psk', 'e'],
      ['e', 'ee', 'psk'],
    ]);
  });

  test('pqKK reads its pre-messages and is a two-way KEM pattern without PSK', () => {
    expect(parsePattern('pqKK')).toStrictEqual({
      name: 'pqKK',
      initiatorPreMessage: ['s'],
      responderPreMessage: ['s'],
      messages: [
        ['skem', 'e'],
        ['ekem', 'skem'],
      ],
      oneWay: false,
      kind: 'kem',
      hasPsk: false,
    });
  });

  test.each([
    ['N', true],
    ['K', true],
    ['X', true],
    ['NN', false],
    ['IK', false],
  ])('%s is one-way: %s', (name, oneWay) => {
    expect(parsePattern(name).oneWay).toBe(oneWay);
  });

  test('a PSK index equal to the number of messages is accepted', () => {
    expect(parsePattern('NNpsk2').messages.at(-1)).toStrictEqual(['e', 'ee', 'psk']);
    expect(parsePattern('Npsk1').messages).toStrictEqual([['e', 'es', 'psk']]);
  });

  test.each(['ZZ', '', 'toString', 'psk0', 'nn'])(
    'the unknown base pattern %j is INVALID_PATTERN at pattern',
    (name) => {
      expect(errorOf(() => parsePattern(name))).toStrictEqual({
        code: 'INVALID_PATTERN',
        field: 'pattern',
        offset: undefined,
      });
    },
  );

  test.each([
    ['no index', 'NNpsk'],
    ['a non-digit index', 'NNpskx'],
    ['an index past the last message', 'NNpsk3'],
    ['index 9 on a one-message pattern', 'Npsk9'],
    ['the same index twice', 'NNpsk0+psk0'],
    ['a prefix before a later modifier', 'NNpsk0+xpsk2'],
    ['a suffix after the index', 'NNpsk2x'],
    ['two digits', 'NNpsk01'],
    ['an empty later modifier', 'NNpsk0+'],
  ])('a modifier with %s (%s) is INVALID_PATTERN at pattern', (_, name) => {
    expect(errorOf(() => parsePattern(name))).toStrictEqual({
      code: 'INVALID_PATTERN',
      field: 'pattern',
      offset: undefined,
    });
  });

  test('parsing twice gives independent message lists (the table is not mutated)', () => {
    parsePattern('NNpsk0+psk2');
    expect(parsePattern('NN').messages).toStrictEqual([['e'], ['e', 'ee']]);
  });
});
