/**
 * Error messages, exactly. Callers branch on code, field and index (pinned elsewhere); the message
 * is what an operator reads in a log or an API refusal, so it names the field path and the reason.
 * Inputs are built inside each test so that every check runs under the test that asserts it.
 */
import { HYBRID_PUBLIC_KEY_LENGTH, hybridQuid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, RegistryError, type RegistryState, validateRecord } from '../src/index.js';
import { ANCHOR, activeNode, apply, edge, genesis, qan, signed } from './helpers.js';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof RegistryError) return e.message;
    throw e;
  }
  throw new Error('expected a RegistryError');
}

const trusted = (): RegistryState =>
  apply(genesis(), ANCHOR, [
    ...signed(genesis(), [edge(2, 900_000), edge(3, 500_000)]),
    ...activeNode('rigel'),
  ]);

describe('TRUST_EDGE refusal messages', () => {
  it('an edge to the signer itself', () => {
    const s = trusted();
    expect(message(() => apply(s, ANCHOR, signed(s, [edge(ANCHOR, 900_000)])))).toBe(
      'RECORD_INVALID: a key cannot trust itself',
    );
  });

  it('an operator edge to the anchor', () => {
    const s = apply(trusted(), ANCHOR, signed(trusted(), [edge(6, 900_000, 'OPERATOR')]));
    expect(message(() => apply(s, 2, signed(s, [edge(ANCHOR, 900_000, 'OPERATOR')], 6)))).toBe(
      'RECORD_INVALID: the anchor is trusted by definition',
    );
  });

  it('a second role for a key names the key and the role it holds', () => {
    const s = trusted();
    expect(message(() => apply(s, ANCHOR, signed(s, [edge(2, 900_000, 'OPERATOR')])))).toBe(
      `RECORD_NOT_PERMITTED: ${hybridQuid(qan(2).key.publicKey)} already holds the QAN role`,
    );
  });
});

describe('record validation messages: "<field path>: <reason>"', () => {
  const origin = qan(ANCHOR).quid;
  const report = {
    eksOk: true,
    eksLastSyncMs: 1,
    fidelity1qPpm: 1,
    fidelity2qPpm: 1,
    utilisationPct: 0,
    faults: [] as string[],
  };
  const hb = (over: Record<string, unknown> = {}) => ({
    kind: 'HEARTBEAT',
    l: 7,
    origin,
    alias: 'rigel',
    atMs: 5,
    report,
    ...over,
  });

  it.each<[string, () => unknown, string]>([
    [
      'an unknown kind, quoted up to 40 characters',
      () => ({ kind: 'K'.repeat(60) }),
      `RECORD_UNKNOWN_KIND: unknown record kind ${'K'.repeat(40)}`,
    ],
    [
      'a kind that is not a string',
      () => ({ kind: 7 }),
      'RECORD_UNKNOWN_KIND: unknown record kind 7',
    ],
    ['not a map', () => [1], 'RECORD_INVALID: record: not a map'],
    ['an unknown field', () => hb({ extra: 1 }), 'RECORD_INVALID: extra: unknown field'],
    [
      'an unknown report field',
      () => hb({ report: { ...report, x: 1 } }),
      'RECORD_INVALID: report.x: unknown field',
    ],
    ['a report that is not a map', () => hb({ report: 3 }), 'RECORD_INVALID: report: not a map'],
    [
      'l out of range',
      () => hb({ l: 0 }),
      'RECORD_INVALID: l: not an integer in 1..9007199254740991',
    ],
    [
      'an origin that is not a quid',
      () => hb({ origin: 'x' }),
      'RECORD_INVALID: origin: not a quid',
    ],
    [
      'an alias that is not a label',
      () => hb({ alias: 'A B' }),
      'RECORD_INVALID: alias: not a DNS label',
    ],
    [
      'a non-boolean eksOk',
      () => hb({ report: { ...report, eksOk: 1 } }),
      'RECORD_INVALID: report.eksOk: not a boolean',
    ],
    [
      'a loss reason while eksOk',
      () => hb({ report: { ...report, eksLossReason: 'x' } }),
      'RECORD_INVALID: report.eksLossReason: present iff eksOk is false',
    ],
    [
      'faults not a list',
      () => hb({ report: { ...report, faults: 'x' } }),
      'RECORD_INVALID: report.faults: not a list of faults',
    ],
    [
      'an unknown fault',
      () => hb({ report: { ...report, faults: ['nope'] } }),
      'RECORD_INVALID: report.faults.0: unknown fault kind',
    ],
    [
      'faults out of order',
      () => hb({ report: { ...report, faults: ['CRYOSTAT', 'CALIBRATION'] } }),
      'RECORD_INVALID: report.faults: not sorted and unique',
    ],
    [
      'an unknown loss reason',
      () => hb({ report: { ...report, eksOk: false, eksLossReason: 'x' } }),
      'RECORD_INVALID: report.eksLossReason: unknown value',
    ],
    [
      'a bad address',
      () => ({ kind: 'REGISTER', l: 7, origin, address: 'nowhere' }),
      'RECORD_INVALID: address: not [IPv6]:port or domain:port',
    ],
    [
      'a short trustee key',
      () => ({
        kind: 'TRUST_EDGE',
        l: 7,
        origin,
        trusteeKey: new Uint8Array(3),
        role: 'QAN',
        levelPpm: 0,
      }),
      `RECORD_INVALID: trusteeKey: not ${HYBRID_PUBLIC_KEY_LENGTH}..${HYBRID_PUBLIC_KEY_LENGTH} bytes`,
    ],
    [
      'a policy field missing',
      () => ({ kind: 'POLICY', l: 7, origin, policy: { ...DEFAULT_POLICY, version: undefined } }),
      'RECORD_INVALID: policy.version: missing',
    ],
    [
      'a policy field out of range',
      () => ({ kind: 'POLICY', l: 7, origin, policy: { ...DEFAULT_POLICY, fidelityWindow: 0 } }),
      'RECORD_INVALID: policy.fidelityWindow: out of range',
    ],
  ])('%s', (_, value, expected) => {
    expect(message(() => validateRecord(value(), 3))).toBe(expected);
  });
});
