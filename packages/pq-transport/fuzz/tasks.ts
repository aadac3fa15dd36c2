/**
 * The campaign as a list of independent tasks (so workers can share them) and the code that runs
 * one task. Every input goes to the real receiving object: a PqHandshake rebuilt to the state
 * just before the message, the CookieGuard, the initiator's applyCookieReply, or a SecureSession.
 */
import {
  isTransportError,
  MAC_LENGTH,
  mac1Key,
  type PqHandshake,
  type RecordOptions,
  type SecureSession,
  sealInitiation,
  seededRandom,
} from '../src/index.js';
import { nodeHashes } from '../src/native-crypto.js';
import { qan } from '../test/fixtures.js';
import { bump, finding, forbidden, merge, type Row, row } from './tally.js';
import {
  cookieGuard,
  initiator,
  NOW,
  PATTERNS,
  type Pattern,
  receiverOf,
  responder,
  SOURCE,
  sameBytes,
  sessionPair,
  transcript,
} from './world.js';

export type Task =
  | { kind: 'hs-flip'; pattern: Pattern; k: number; bits: number[] }
  | { kind: 'hs-load'; pattern: Pattern; stride: number }
  | { kind: 'hs-remac'; pattern: Pattern; bits: number[] }
  | { kind: 'hs-cut'; pattern: Pattern; k: number; lengths: number[] }
  | { kind: 'hs-junk'; pattern: Pattern; k: number; count: number }
  | { kind: 'rec'; mode: 'stream' | 'datagram'; stride: number; extend: number }
  | { kind: 'replay' };

export interface Plan {
  /** 1 = every bit; n > 1 = every n-th bit plus the always-covered parts (see `flipBits`). */
  readonly stride: number;
  /** Bytes of junk appended: every extension length 1..extend. */
  readonly extend: number;
  /** Every truncation length when 1, else every n-th. */
  readonly cutStride: number;
  readonly junk: number;
  /** Bits per task (work unit for the workers). */
  readonly chunk: number;
}

export const FULL: Plan = { stride: 1, extend: 64, cutStride: 1, junk: 500, chunk: 1024 };
export const QUICK: Plan = { stride: 997, extend: 4, cutStride: 211, junk: 8, chunk: 1 << 20 };

const MAC2_BITS = 128;

/**
 * Bits to flip in a message of `length` bytes: every bit at stride 1; otherwise every
 * `stride`-th bit, the first byte (type) and, for message 1, every bit of mac2.
 */
export function flipBits(length: number, stride: number, isFirst: boolean): number[] {
  const total = length * 8;
  const out = new Set<number>();
  for (let b = 0; b < total; b += stride) out.add(b);
  for (let b = 0; b < 8; b++) out.add(b);
  if (isFirst) for (let b = total - MAC2_BITS; b < total; b++) out.add(b);
  return [...out].sort((a, b) => a - b);
}

export function planTasks(p: Plan): Task[] {
  const tasks: Task[] = [];
  for (const pattern of PATTERNS) {
    const t = transcript(pattern);
    t.messages.forEach((m, k) => {
      const bits = flipBits(m.length, p.stride, k === 0);
      for (let i = 0; i < bits.length; i += p.chunk) {
        tasks.push({ kind: 'hs-flip', pattern, k, bits: bits.slice(i, i + p.chunk) });
      }
    });
    tasks.push({ kind: 'hs-load', pattern, stride: p.stride });
    const m1 = t.messages[0] as Uint8Array;
    const body = flipBits(m1.length - 2 * MAC_LENGTH, p.stride, false);
    for (let i = 0; i < body.length; i += p.chunk) {
      tasks.push({ kind: 'hs-remac', pattern, bits: body.slice(i, i + p.chunk) });
    }
  }
  for (const pattern of PATTERNS) {
    transcript(pattern).messages.forEach((m, k) => {
      const lengths: number[] = [];
      for (let n = 0; n < m.length; n += p.cutStride) lengths.push(n);
      for (let e = 1; e <= p.extend; e++) lengths.push(m.length + e);
      for (let i = 0; i < lengths.length; i += p.chunk) {
        tasks.push({ kind: 'hs-cut', pattern, k, lengths: lengths.slice(i, i + p.chunk) });
      }
      tasks.push({ kind: 'hs-junk', pattern, k, count: p.junk });
    });
  }
  for (const mode of ['stream', 'datagram'] as const) {
    tasks.push({ kind: 'rec', mode, stride: p.stride, extend: p.extend });
  }
  tasks.push({ kind: 'replay' });
  return tasks;
}

/** Runs the campaign in this thread (the vitest test uses this with QUICK). */
export function runCampaign(plan: Plan): Row[] {
  const rows = new Map<string, Row>();
  for (const t of planTasks(plan)) merge(rows, runTask(t));
  return [...rows.values()];
}

/** Findings: forbidden acceptances, untyped errors, state changes after a rejection. */
export function failures(rows: readonly Row[]): number {
  return rows.reduce(
    (n, r) => n + forbidden(r) + (r.rejected['untyped error'] ?? 0) + r.findingCount,
    0,
  );
}

export function runTask(t: Task): Row[] {
  switch (t.kind) {
    case 'hs-flip':
      return [hsFlips(t.pattern, t.k, t.bits)];
    case 'hs-load':
      return hsUnderLoad(t.pattern, t.stride);
    case 'hs-remac':
      return [hsRemac(t.pattern, t.bits)];
    case 'hs-cut':
      return [hsCuts(t.pattern, t.k, t.lengths)];
    case 'hs-junk':
      return [hsJunk(t.pattern, t.k, t.count)];
    case 'rec':
      return records(t.mode, t.stride, t.extend);
    case 'replay':
      return replayCases();
  }
}

const flip = (m: Uint8Array, bit: number): Uint8Array => {
  const out = m.slice();
  out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
  return out;
};
const MAC2_ACCEPT = 'mac2, not under load (unchecked, spec §10)';

/** Feeds one input to a fresh receiver of message k and records the outcome. */
function feedHandshake(
  r: Row,
  pattern: Pattern,
  k: number,
  input: Uint8Array,
  mac2: boolean,
  what: string,
): void {
  r.tried++;
  const hs = receiverOf(pattern, k);
  try {
    hs.readMessage(input);
  } catch (e) {
    if (!isTransportError(e)) {
      finding(r, `${what}: untyped error ${String(e)}`);
      bump(r.rejected, 'untyped error');
      return;
    }
    bump(r.rejected, e.code);
    if (!hs.isFailed || hs.isComplete)
      finding(r, `${what}: rejected but the handshake did not fail`);
    return;
  }
  const same = sameBytes(
    hs.handshakeHash as Uint8Array,
    transcript(pattern).hashAfter[k] as Uint8Array,
  );
  if (!same) r.stateChanged++;
  if (mac2 && same) bump(r.accepted, MAC2_ACCEPT);
  else {
    bump(r.accepted, same ? 'tampered, same handshake hash' : 'tampered, state changed');
    finding(r, `${what}: accepted`);
  }
}

const hsRow = (pattern: Pattern, k: number, what: string) =>
  row(`${pattern} message ${k + 1} ${what}`, `${pattern} handshake ${what}`);

function hsFlips(pattern: Pattern, k: number, bits: number[]): Row {
  const m = transcript(pattern).messages[k] as Uint8Array;
  const r = hsRow(pattern, k, 'bit flips');
  const mac2From = (m.length - 16) * 8;
  for (const b of bits) {
    feedHandshake(r, pattern, k, flip(m, b), k === 0 && b >= mac2From, `bit ${b} of ${r.id}`);
  }
  return r;
}

/** Accepted pqXX message 1 with a changed ephemeral key: allowed only if the handshake then dies. */
export const XX_E_ACCEPT = 'pqXX message 1 is unauthenticated (spec §10), then';

/**
 * Message 1 flipped in its header or Noise part, with mac1 computed again for the flipped
 * bytes: anyone who knows the responder's public key (pqIK) or the protocol label (pqXX) can.
 * This takes the flip past the DoS check into the KEM and AEAD checks.
 */
function hsRemac(pattern: Pattern, bits: number[]): Row {
  const t = transcript(pattern);
  const m = t.messages[0] as Uint8Array;
  const r = row(`${pattern} message 1 bit flips, mac1 recomputed`, `${pattern} mac1 recomputed`);
  const key = mac1Key(pattern === 'pqIK' ? qan.staticKey.publicKey : undefined);
  const body = m.subarray(0, m.length - 2 * MAC_LENGTH);
  for (const b of bits) {
    const input = sealInitiation(flip(body, b), key, undefined, nodeHashes.SHA256);
    r.tried++;
    const hs = receiverOf(pattern, 0);
    try {
      hs.readMessage(input);
    } catch (e) {
      bump(r.rejected, isTransportError(e) ? e.code : 'untyped error');
      if (!isTransportError(e)) finding(r, `bit ${b}: untyped error ${String(e)}`);
      else if (!hs.isFailed) finding(r, `bit ${b}: rejected but the handshake did not fail`);
      continue;
    }
    const same = sameBytes(hs.handshakeHash as Uint8Array, t.hashAfter[0] as Uint8Array);
    if (!same) r.stateChanged++;
    const after = pattern === 'pqXX' && !same ? xxAfterAccept(hs) : undefined;
    if (after !== undefined) bump(r.accepted, `${XX_E_ACCEPT}: ${after}`);
    else {
      bump(r.accepted, same ? 'tampered, same handshake hash' : 'tampered, state changed');
      finding(r, `bit ${b} of ${r.id}: accepted`);
    }
  }
  return r;
}

/**
 * After a pqXX responder accepted a changed message 1: how the handshake dies, or undefined if
 * it does not. Either the responder cannot write its reply (an ephemeral key that fails the
 * X-Wing checks) or the genuine initiator refuses the reply.
 */
function xxAfterAccept(hs: PqHandshake): string | undefined {
  let reply: Uint8Array;
  try {
    reply = hs.writeMessage();
  } catch (e) {
    return isTransportError(e) && hs.isFailed ? `responder's reply fails, ${e.code}` : undefined;
  }
  const i = receiverOf('pqXX', 1);
  try {
    i.readMessage(reply);
    return undefined;
  } catch (e) {
    return isTransportError(e) && i.isFailed ? `initiator refuses the reply, ${e.code}` : undefined;
  }
}

function hsCuts(pattern: Pattern, k: number, lengths: number[]): Row {
  const m = transcript(pattern).messages[k] as Uint8Array;
  const r = hsRow(pattern, k, 'truncations and extensions');
  const junk = seededRandom(new Uint8Array(32).fill(0x6e))(4096);
  for (const n of lengths) {
    const input = new Uint8Array(n);
    input.set(m.subarray(0, Math.min(n, m.length)));
    if (n > m.length) input.set(junk.subarray(0, n - m.length), m.length);
    feedHandshake(r, pattern, k, input, false, `length ${n} of ${r.id}`);
  }
  return r;
}

function hsJunk(pattern: Pattern, k: number, count: number): Row {
  const m = transcript(pattern).messages[k] as Uint8Array;
  const r = hsRow(pattern, k, 'random junk');
  const rng = seededRandom(
    Uint8Array.of(0x6a, k, pattern === 'pqIK' ? 1 : 2, ...new Uint8Array(29)),
  );
  for (let i = 0; i < count; i++) {
    const len = new DataView(rng(4).buffer).getUint32(0) % (2 * m.length + 1);
    const input = rng(len).slice();
    // Half the inputs keep the real header bytes so they get past the type and version checks.
    if (i % 2 === 1) input.set(m.subarray(0, Math.min(4, len)));
    feedHandshake(r, pattern, k, input, false, `junk ${i} of ${r.id}`);
  }
  return r;
}

/** Message 1 with a valid cookie MAC, every bit flipped, judged by the guard under load. */
function hsUnderLoad(pattern: Pattern, stride: number): Row[] {
  const load = row(`${pattern} message 1 bit flips, responder under load`, `${pattern} under load`);
  const cookie = row(
    `${pattern} cookie reply bit flips and truncations`,
    `${pattern} cookie reply`,
  );
  const i = initiator(pattern);
  const m1 = i.writeMessage();
  const guard = cookieGuard();
  const first = guard.check(m1, SOURCE, NOW, true);
  if (first.kind !== 'reply') {
    finding(load, `message 1 without mac2 under load: ${first.kind}, expected a cookie reply`);
    return [load, cookie];
  }
  const m1c = i.applyCookieReply(first.reply);
  if (guard.check(m1c, SOURCE, NOW, true).kind !== 'accept') finding(load, 'valid mac2 refused');
  for (const b of flipBits(m1c.length, stride, true)) {
    load.tried++;
    const v = guard.check(flip(m1c, b), SOURCE, NOW, true);
    if (v.kind === 'accept') {
      bump(load.accepted, b >= (m1c.length - 16) * 8 ? 'tampered mac2' : 'tampered');
      finding(load, `bit ${b}: accepted under load`);
    } else bump(load.rejected, v.kind === 'reply' ? 'cookie reply (no KEM work)' : v.code);
  }
  const reply = first.reply;
  const inputs: Uint8Array[] = [];
  for (let b = 0; b < reply.length * 8; b++) inputs.push(flip(reply, b));
  for (let n = 0; n < reply.length; n++) inputs.push(reply.slice(0, n));
  inputs.push(Uint8Array.of(...reply, 0));
  for (const input of inputs) {
    cookie.tried++;
    try {
      i.applyCookieReply(input);
      bump(cookie.accepted, 'tampered');
      finding(cookie, 'tampered cookie reply accepted');
    } catch (e) {
      bump(cookie.rejected, isTransportError(e) ? e.code : 'untyped error');
      if (!isTransportError(e)) finding(cookie, `untyped error ${String(e)}`);
    }
  }
  if (!sameBytes(i.applyCookieReply(reply), m1c)) {
    cookie.stateChanged++;
    finding(cookie, 'the initiator no longer rebuilds the same message 1 from the real reply');
  }
  return [load, cookie];
}

/** A session's records: data of several sizes, a key update, data in the next epoch, close. */
function recordSequence(o: RecordOptions): {
  rx: SecureSession;
  recs: Uint8Array[];
  plain: Uint8Array[];
} {
  const { sender, receiver } = sessionPair(o);
  const rng = seededRandom(new Uint8Array(32).fill(0x7e));
  const recs: Uint8Array[] = [];
  const plain: Uint8Array[] = [];
  for (const n of [0, 1, 64, 1024, 16_384]) {
    const p = rng(n).slice();
    plain.push(p);
    recs.push(sender.seal(p));
  }
  recs.push(sender.rekey());
  plain.push(new Uint8Array(0));
  const p = rng(100).slice();
  plain.push(p);
  recs.push(sender.seal(p));
  recs.push(sender.close());
  plain.push(new Uint8Array(0));
  return { rx: receiver, recs, plain };
}

function records(mode: 'stream' | 'datagram', stride: number, extend: number): Row[] {
  const flips = row(`records (${mode}) bit flips`, 'records bit flips');
  const cuts = row(
    `records (${mode}) truncations and extensions`,
    'records truncations and extensions',
  );
  const { rx, recs, plain } = recordSequence({ mode });
  const junk = seededRandom(new Uint8Array(32).fill(0x6f))(4096);
  const tryOpen = (r: Row, input: Uint8Array, what: string) => {
    r.tried++;
    try {
      rx.openRecord(input);
      bump(r.accepted, 'tampered');
      finding(r, `${what}: accepted`);
    } catch (e) {
      bump(r.rejected, isTransportError(e) ? e.code : 'untyped error');
      if (!isTransportError(e)) finding(r, `${what}: untyped error ${String(e)}`);
    }
  };
  recs.forEach((rec, idx) => {
    for (const b of flipBits(rec.length, stride, false))
      tryOpen(flips, flip(rec, b), `record ${idx} bit ${b}`);
    const step = stride === 1 ? 1 : Math.max(1, Math.floor(rec.length / 16));
    for (let n = 0; n < rec.length; n += step)
      tryOpen(cuts, rec.slice(0, n), `record ${idx} cut to ${n}`);
    for (let e = 1; e <= extend; e++) {
      const input = new Uint8Array(rec.length + e);
      input.set(rec);
      input.set(junk.subarray(0, e), rec.length);
      tryOpen(cuts, input, `record ${idx} extended by ${e}`);
    }
    // The untouched record must still open with its plaintext: no rejected input moved the state.
    try {
      const got = rx.openRecord(rec);
      const data = got.kind === 'data' ? got.data : new Uint8Array(0);
      if (!sameBytes(data, plain[idx] as Uint8Array)) throw new Error('wrong plaintext');
    } catch (e) {
      flips.stateChanged++;
      finding(flips, `record ${idx}: the untouched record no longer opens (${String(e)})`);
    }
  });
  return [flips, cuts];
}

export interface ReplayCase {
  readonly name: string;
  readonly expected: string;
  readonly observed: string;
}

/** Outcome of opening a record: `accepted` or the error code. */
function outcome(rx: SecureSession, rec: Uint8Array | undefined): string {
  if (rec === undefined) return 'no record';
  try {
    rx.openRecord(rec);
    return 'accepted';
  } catch (e) {
    return isTransportError(e) ? e.code : `untyped error ${String(e)}`;
  }
}

/** WireGuard-style replay cases; each one is a row with 1..n steps, expected vs observed. */
export function replayCases(): Row[] {
  return replayCaseList().map((c) => {
    const r = row(`replay: ${c.name}`, 'replay cases');
    r.tried = 1;
    r.expected = c.expected;
    r.observed = c.observed;
    if (c.observed !== c.expected)
      finding(r, `${c.name}: expected ${c.expected}, observed ${c.observed}`);
    return r;
  });
}

/** Seals `n` data records (counters 0..n-1) on a fresh datagram or stream session. */
function sealed(mode: 'stream' | 'datagram', n: number, rekeyInterval?: number) {
  const pair = sessionPair({ mode, ...(rekeyInterval === undefined ? {} : { rekeyInterval }) });
  const recs: Uint8Array[] = [];
  for (let c = 0; c < n; c++) recs.push(pair.sender.seal(Uint8Array.of(c & 0xff)));
  return { ...pair, recs };
}

export function replayCaseList(): ReplayCase[] {
  const cases: ReplayCase[] = [];
  const add = (name: string, expected: string, observed: string[]) =>
    cases.push({ name, expected, observed: observed.join(', ') });

  {
    const { receiver: rx, recs } = sealed('stream', 2);
    add('stream: record replayed', 'accepted, RECORD_REPLAYED', [
      outcome(rx, recs[0]),
      outcome(rx, recs[0]),
    ]);
    const s = sealed('stream', 3);
    add('stream: record skipped ahead, then in order', 'RECORD_OUT_OF_ORDER, accepted, accepted', [
      outcome(s.receiver, s.recs[1]),
      outcome(s.receiver, s.recs[0]),
      outcome(s.receiver, s.recs[1]),
    ]);
  }
  {
    const { receiver: rx, recs } = sealed('datagram', 2);
    add('datagram: record replayed', 'accepted, RECORD_REPLAYED', [
      outcome(rx, recs[0]),
      outcome(rx, recs[0]),
    ]);
  }
  {
    const { receiver: rx, recs } = sealed('datagram', 64);
    const order = [...recs.keys()].reverse();
    const got = order.map((c) => outcome(rx, recs[c]));
    const again = order.map((c) => outcome(rx, recs[c]));
    add(
      'datagram: 64 records in reverse order, then all again',
      '64 accepted, then 64 RECORD_REPLAYED',
      [
        `${got.filter((o) => o === 'accepted').length} accepted`,
        `then ${again.filter((o) => o === 'RECORD_REPLAYED').length} RECORD_REPLAYED`,
      ],
    );
  }
  {
    const { receiver: rx, recs } = sealed('datagram', 2018);
    add(
      'datagram: exactly 2 016 behind the highest, accepted once',
      'accepted, accepted, RECORD_REPLAYED',
      [outcome(rx, recs[2016]), outcome(rx, recs[0]), outcome(rx, recs[0])],
    );
    const s = sealed('datagram', 2018);
    add('datagram: 2 017 behind the highest, refused', 'accepted, RECORD_TOO_OLD', [
      outcome(s.receiver, s.recs[2017]),
      outcome(s.receiver, s.recs[0]),
    ]);
  }
  {
    // Counter 5 and 5 + 2 048 share a bitmap block: the slide must clear 5's bit, not keep it.
    const { receiver: rx, recs } = sealed('datagram', 2054);
    add(
      'datagram: window slide clears old bits (5, then 2 053 in the same block, then 5 and 100)',
      'accepted, accepted, RECORD_TOO_OLD, accepted',
      [outcome(rx, recs[5]), outcome(rx, recs[2053]), outcome(rx, recs[5]), outcome(rx, recs[100])],
    );
    const s = sealed('datagram', 2200);
    add(
      'datagram: slide keeps bits still inside the window (100, 2 116, 100, 2 116)',
      'accepted, accepted, RECORD_REPLAYED, RECORD_REPLAYED',
      [
        outcome(s.receiver, s.recs[100]),
        outcome(s.receiver, s.recs[2116]),
        outcome(s.receiver, s.recs[100]),
        outcome(s.receiver, s.recs[2116]),
      ],
    );
  }
  {
    // Datagram epochs of 16 records: a key update moves the sender to the next epoch.
    const { sender, receiver: rx } = sessionPair({ mode: 'datagram', rekeyInterval: 16 });
    const e0 = [
      sender.seal(Uint8Array.of(0)),
      sender.seal(Uint8Array.of(1)),
      sender.seal(Uint8Array.of(2)),
    ];
    const ku1 = sender.rekey();
    const e1 = sender.seal(Uint8Array.of(16));
    const ku2 = sender.rekey();
    const e2 = sender.seal(Uint8Array.of(32));
    add(
      'datagram: previous epoch after a key update accepted once, retired epoch refused',
      'accepted, accepted, accepted, accepted, RECORD_REPLAYED, accepted, accepted, RECORD_TOO_OLD',
      [
        outcome(rx, e0[0]),
        outcome(rx, ku1),
        outcome(rx, e1),
        outcome(rx, e0[1]),
        outcome(rx, e0[1]),
        outcome(rx, ku2),
        outcome(rx, e2),
        outcome(rx, e0[2]),
      ],
    );
    const far = sessionPair({ mode: 'datagram', rekeyInterval: 16 });
    for (let i = 0; i < 9; i++) far.sender.rekey();
    add('datagram: record 9 epochs ahead', 'REKEY_GAP', [
      outcome(far.receiver, far.sender.seal(Uint8Array.of(9))),
    ]);
  }
  {
    const { sender, receiver: rx } = sessionPair({ mode: 'stream', rekeyInterval: 16 });
    const old = sender.seal(Uint8Array.of(0));
    const ku = sender.rekey();
    const next = sender.seal(Uint8Array.of(16));
    add(
      'stream: old-epoch record replayed after a key update',
      'accepted, accepted, accepted, RECORD_REPLAYED',
      [outcome(rx, old), outcome(rx, ku), outcome(rx, next), outcome(rx, old)],
    );
  }
  {
    const { sender, receiver: rx } = sessionPair({ mode: 'datagram' });
    const a = sender.seal(Uint8Array.of(1));
    const c = sender.close();
    add('datagram: record after the peer closed', 'accepted, accepted, SESSION_CLOSED', [
      outcome(rx, a),
      outcome(rx, c),
      outcome(rx, a),
    ]);
  }
  cases.push(...handshakeReplays());
  return cases;
}

function tryRead(
  hs: { readMessage(m: Uint8Array): Uint8Array },
  m: Uint8Array | undefined,
): string {
  if (m === undefined) return 'no message';
  try {
    hs.readMessage(m);
    return 'accepted';
  } catch (e) {
    return isTransportError(e) ? e.code : `untyped error ${String(e)}`;
  }
}

/** Replayed handshake messages (pqIK message 1 and its reply, pqXX message 3). */
function handshakeReplays(): ReplayCase[] {
  const out: ReplayCase[] = [];
  const ik = transcript('pqIK');
  const m1 = ik.messages[0] as Uint8Array;
  {
    const r = receiverOf('pqIK', 0);
    out.push({
      name: 'pqIK message 1 replayed to the responder that read it',
      expected: 'accepted, HANDSHAKE_STATE',
      observed: [tryRead(r, m1), tryRead(r, m1)].join(', '),
    });
  }
  {
    // A fresh responder completes on a replayed message 1 (spec §9) but with keys nobody else
    // has: the original initiator's records fail there, and its reply is refused by the initiator.
    const i = receiverOf('pqIK', 1);
    i.readMessage(ik.messages[1] as Uint8Array);
    const original = i.split();
    // Another responder random seed: a replay meets a responder with a new ephemeral key.
    const fresh = responder(undefined, 108);
    const steps = [tryRead(fresh, m1)];
    const reply = fresh.writeMessage();
    steps.push(fresh.isComplete ? 'complete' : 'not complete');
    steps.push(sameBytes(reply, ik.messages[1] as Uint8Array) ? 'same reply' : 'new reply');
    steps.push(tryRead(i, reply));
    steps.push(outcome(fresh.split(), original.seal(Uint8Array.of(1))));
    out.push({
      name: 'pqIK message 1 replayed to a fresh responder (new randomness)',
      expected: 'accepted, complete, new reply, HANDSHAKE_STATE, DECRYPT_FAILED',
      observed: steps.join(', '),
    });
  }
  {
    const xx = transcript('pqXX');
    const r = receiverOf('pqXX', 2);
    out.push({
      name: 'pqXX message 3 replayed to the responder that read it',
      expected: 'accepted, HANDSHAKE_STATE',
      observed: [tryRead(r, xx.messages[2]), tryRead(r, xx.messages[2])].join(', '),
    });
  }
  return out;
}
