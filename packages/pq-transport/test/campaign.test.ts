/**
 * Pins the adversarial campaign (fuzz/campaign.ts) on its quick sample: the same inputs give the
 * same outcome counts, nothing is accepted beyond what the spec documents, and the harness
 * itself notices an acceptance. The full run is `pnpm --filter @qcos/pq-transport fuzz`.
 */
import { describe, expect, it } from 'vitest';
import { forbidden, type Row, row } from '../fuzz/tally.js';
import { failures, QUICK, runCampaign } from '../fuzz/tasks.js';

type Expected = [
  id: string,
  tried: number,
  rejected: Record<string, number>,
  accepted: Record<string, number>,
  stateChanged: number,
];

const MAC2 = 'mac2, not under load (unchecked, spec §10)';
const XX1 = 'pqXX message 1 is unauthenticated (spec §10), then';

const EXPECTED: Expected[] = [
  ['pqIK message 1 bit flips', 246, { BAD_MAC: 110, UNEXPECTED_MESSAGE: 8 }, { [MAC2]: 128 }, 0],
  ['pqIK message 2 bit flips', 107, { DECRYPT_FAILED: 99, UNEXPECTED_MESSAGE: 8 }, {}, 0],
  [
    'pqIK message 1 bit flips, responder under load',
    246,
    { BAD_MAC: 110, MALFORMED_MESSAGE: 8, 'cookie reply (no KEM work)': 128 },
    {},
    0,
  ],
  [
    'pqIK cookie reply bit flips and truncations',
    514,
    { BAD_MAC: 448, MALFORMED_MESSAGE: 66 },
    {},
    0,
  ],
  [
    'pqIK message 1 bit flips, mac1 recomputed',
    118,
    { DECRYPT_FAILED: 110, UNEXPECTED_MESSAGE: 8 },
    {},
    0,
  ],
  ['pqXX message 1 bit flips', 145, { BAD_MAC: 9, UNEXPECTED_MESSAGE: 8 }, { [MAC2]: 128 }, 0],
  ['pqXX message 2 bit flips', 108, { DECRYPT_FAILED: 100, UNEXPECTED_MESSAGE: 8 }, {}, 0],
  ['pqXX message 3 bit flips', 108, { DECRYPT_FAILED: 100, UNEXPECTED_MESSAGE: 8 }, {}, 0],
  ['pqXX message 4 bit flips', 17, { DECRYPT_FAILED: 9, UNEXPECTED_MESSAGE: 8 }, {}, 0],
  [
    'pqXX message 1 bit flips, responder under load',
    145,
    { BAD_MAC: 9, MALFORMED_MESSAGE: 8, 'cookie reply (no KEM work)': 128 },
    {},
    0,
  ],
  [
    'pqXX cookie reply bit flips and truncations',
    514,
    { BAD_MAC: 448, MALFORMED_MESSAGE: 66 },
    {},
    0,
  ],
  [
    'pqXX message 1 bit flips, mac1 recomputed',
    17,
    { UNEXPECTED_MESSAGE: 8 },
    {
      [`${XX1}: initiator refuses the reply, DECRYPT_FAILED`]: 8,
      [`${XX1}: responder's reply fails, INVALID_KEY`]: 1,
    },
    9,
  ],
  ['pqIK message 1 truncations and extensions', 70, { BAD_MAC: 69, MALFORMED_MESSAGE: 1 }, {}, 0],
  ['pqIK message 1 random junk', 8, { BAD_MAC: 4, UNEXPECTED_MESSAGE: 4 }, {}, 0],
  [
    'pqIK message 2 truncations and extensions',
    64,
    { DECRYPT_FAILED: 53, MALFORMED_MESSAGE: 11 },
    {},
    0,
  ],
  ['pqIK message 2 random junk', 8, { DECRYPT_FAILED: 4, UNEXPECTED_MESSAGE: 4 }, {}, 0],
  ['pqXX message 1 truncations and extensions', 10, { BAD_MAC: 9, MALFORMED_MESSAGE: 1 }, {}, 0],
  ['pqXX message 1 random junk', 8, { BAD_MAC: 4, UNEXPECTED_MESSAGE: 4 }, {}, 0],
  [
    'pqXX message 2 truncations and extensions',
    64,
    { DECRYPT_FAILED: 52, MALFORMED_MESSAGE: 12 },
    {},
    0,
  ],
  [
    'pqXX message 2 random junk',
    8,
    { DECRYPT_FAILED: 3, MALFORMED_MESSAGE: 1, UNEXPECTED_MESSAGE: 4 },
    {},
    0,
  ],
  [
    'pqXX message 3 truncations and extensions',
    64,
    { DECRYPT_FAILED: 52, MALFORMED_MESSAGE: 12 },
    {},
    0,
  ],
  ['pqXX message 3 random junk', 8, { DECRYPT_FAILED: 4, UNEXPECTED_MESSAGE: 4 }, {}, 0],
  [
    'pqXX message 4 truncations and extensions',
    10,
    { DECRYPT_FAILED: 4, MALFORMED_MESSAGE: 6 },
    {},
    0,
  ],
  [
    'pqXX message 4 random junk',
    8,
    { DECRYPT_FAILED: 2, MALFORMED_MESSAGE: 2, UNEXPECTED_MESSAGE: 4 },
    {},
    0,
  ],
  ['records (stream) bit flips', 204, { DECRYPT_FAILED: 147, MALFORMED_MESSAGE: 57 }, {}, 0],
  ['records (stream) truncations and extensions', 213, { MALFORMED_MESSAGE: 213 }, {}, 0],
  ['records (datagram) bit flips', 204, { DECRYPT_FAILED: 147, MALFORMED_MESSAGE: 57 }, {}, 0],
  ['records (datagram) truncations and extensions', 213, { MALFORMED_MESSAGE: 213 }, {}, 0],
];

describe('adversarial campaign, quick sample', () => {
  const rows = runCampaign(QUICK);
  const byId = new Map(rows.map((r) => [r.id, r]));

  it('gives the pinned outcome counts for every tampering row', () => {
    const got = rows
      .filter((r) => r.expected === undefined)
      .map((r): Expected => [r.id, r.tried, r.rejected, r.accepted, r.stateChanged]);
    expect(got).toEqual(EXPECTED);
  });

  it('accepts nothing beyond mac2 flips and the unauthenticated pqXX message 1', () => {
    expect(failures(rows)).toBe(0);
    for (const r of rows) expect(forbidden(r), r.id).toBe(0);
    expect(byId.get('pqIK message 1 bit flips')?.accepted).toEqual({ [MAC2]: 128 });
    expect(byId.get('pqXX message 1 bit flips')?.accepted).toEqual({ [MAC2]: 128 });
    expect(
      byId.get('pqIK message 1 bit flips, responder under load')?.rejected[
        'cookie reply (no KEM work)'
      ],
    ).toBe(128);
    expect(
      byId.get('pqXX message 1 bit flips, responder under load')?.rejected[
        'cookie reply (no KEM work)'
      ],
    ).toBe(128);
  });

  it('runs every replay case with the expected outcome at each step', () => {
    const replays = rows.filter((r) => r.expected !== undefined);
    expect(replays.map((r) => r.id)).toEqual([
      'replay: stream: record replayed',
      'replay: stream: record skipped ahead, then in order',
      'replay: datagram: record replayed',
      'replay: datagram: 64 records in reverse order, then all again',
      'replay: datagram: exactly 2 016 behind the highest, accepted once',
      'replay: datagram: 2 017 behind the highest, refused',
      'replay: datagram: window slide clears old bits (5, then 2 053 in the same block, then 5 and 100)',
      'replay: datagram: slide keeps bits still inside the window (100, 2 116, 100, 2 116)',
      'replay: datagram: previous epoch after a key update accepted once, retired epoch refused',
      'replay: datagram: record 9 epochs ahead',
      'replay: stream: old-epoch record replayed after a key update',
      'replay: datagram: record after the peer closed',
      'replay: pqIK message 1 replayed to the responder that read it',
      'replay: pqIK message 1 replayed to a fresh responder (new randomness)',
      'replay: pqXX message 3 replayed to the responder that read it',
    ]);
    for (const r of replays) expect(r.observed, r.id).toBe(r.expected);
  });
});

describe('campaign verdicts', () => {
  const accepted = (kind: string): Row => {
    const r = row('synthetic', 'synthetic');
    r.tried = 1;
    r.accepted[kind] = 1;
    return r;
  };

  it('counts an undocumented acceptance as a failure', () => {
    expect(failures([accepted('tampered, state changed')])).toBe(1);
    expect(failures([accepted(`${XX1}: initiator refuses the reply, DECRYPT_FAILED`)])).toBe(0);
    expect(failures([accepted(MAC2)])).toBe(0);
  });

  it('counts an untyped error as a failure', () => {
    const r = row('synthetic', 'synthetic');
    r.rejected['untyped error'] = 1;
    expect(failures([r])).toBe(1);
  });
});
