/**
 * Generates conformance/vectors/chips-codec/*.json.
 *
 * Expected bytes are not taken from the codec under test. They are written with `mp` below, a
 * small MessagePack writer made from the format table of the MessagePack specification, and the
 * packet layout of docs/spec/chips.md §5. Every valid packet is also encoded a second way, with
 * @msgpack/msgpack, and generation stops if the two disagree. Expected error codes are assigned
 * by hand from the spec's rules. Finally every vector is run through the conformance adapter,
 * and generation stops on any difference, so a file is only written when the codec agrees.
 * Stamped headers are predicted by a small model of the rules of docs/spec/chips.md §4.2 written
 * below, not by the stamper under test.
 *
 * Run: pnpm tsx conformance/scripts/chips-vectors.ts   (build @qcos/chips-codec first), then
 * pnpm biome check --write conformance/vectors/chips-codec
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { hexToBytes } from '../src/adapter.js';
import { adapter } from '../src/adapters/chips-codec.js';
import { jsonEqual, toJsonValue } from '../src/runner.js';

// ---------------------------------------------------------------- the MessagePack writer
const hx = (n: number, bytes: number): string => n.toString(16).padStart(bytes * 2, '0');
const utf8 = (s: string): string =>
  Array.from(new TextEncoder().encode(s), (b) => hx(b, 1)).join('');

const mp = {
  nil: 'c0',
  t: 'c3',
  f: 'c2',
  /** Non-negative integer, shortest form: fixint, uint 8/16/32/64. */
  uint(n: number): string {
    if (n < 0x80) return hx(n, 1);
    if (n < 0x100) return `cc${hx(n, 1)}`;
    if (n < 0x10000) return `cd${hx(n, 2)}`;
    if (n < 2 ** 32) return `ce${hx(n, 4)}`;
    return `cf${hx(Math.floor(n / 2 ** 32), 4)}${hx(n % 2 ** 32, 4)}`;
  },
  /** Negative integer, shortest form: negative fixint, int 8/16/32/64 (two's complement). */
  neg(n: number): string {
    if (n >= -32) return hx(0x100 + n, 1);
    if (n >= -128) return `d0${hx(0x100 + n, 1)}`;
    if (n >= -32768) return `d1${hx(0x10000 + n, 2)}`;
    if (n >= -(2 ** 31)) return `d2${hx(2 ** 32 + n, 4)}`;
    const hi = Math.floor(n / 2 ** 32);
    return `d3${hx(2 ** 32 + hi, 4)}${hx(n - hi * 2 ** 32, 4)}`;
  },
  float(x: number): string {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    return `cb${Array.from(new Uint8Array(v.buffer), (b) => hx(b, 1)).join('')}`;
  },
  str(s: string): string {
    const body = utf8(s);
    const n = body.length / 2;
    if (n < 32) return hx(0xa0 + n, 1) + body;
    if (n < 0x100) return `d9${hx(n, 1)}${body}`;
    if (n < 0x10000) return `da${hx(n, 2)}${body}`;
    return `db${hx(n, 4)}${body}`;
  },
  bin(hex: string): string {
    const n = hex.length / 2;
    if (n < 0x100) return `c4${hx(n, 1)}${hex}`;
    if (n < 0x10000) return `c5${hx(n, 2)}${hex}`;
    return `c6${hx(n, 4)}${hex}`;
  },
  arr(items: string[]): string {
    const n = items.length;
    const head = n < 16 ? hx(0x90 + n, 1) : n < 0x10000 ? `dc${hx(n, 2)}` : `dd${hx(n, 4)}`;
    return head + items.join('');
  },
  /** Entries are [encoded key, encoded value], written in the order given. */
  map(entries: [string, string][]): string {
    const n = entries.length;
    const head = n < 16 ? hx(0x80 + n, 1) : n < 0x10000 ? `de${hx(n, 2)}` : `df${hx(n, 4)}`;
    return head + entries.map(([k, v]) => k + v).join('');
  },
};

// ---------------------------------------------------------------- vector bookkeeping
interface Vector {
  name: string;
  description?: string;
  operation: string;
  input: unknown;
  output?: unknown;
  error?: string;
}
const files = new Map<string, { description: string; vectors: Vector[] }>();
function file(name: string, description: string): Vector[] {
  const vectors: Vector[] = [];
  files.set(name, { description, vectors });
  return vectors;
}

// ---------------------------------------------------------------- canonical values
const canonical = file(
  'canonical.json',
  'Canonical MessagePack profile (docs/spec/chips.md §3): exact bytes of values, and refusal of every non-canonical or malformed encoding. Bytes in values are written {"$bytes": hex}.',
);
const a31 = 'a'.repeat(31);
const a32 = 'a'.repeat(32);
const a256 = 'a'.repeat(256);
const sixteen = Array.from({ length: 16 }, (_, i) => i);
const map16 = Object.fromEntries(sixteen.map((i) => [String.fromCharCode(0x61 + i), i]));
const values: [string, unknown, string][] = [
  // Scalars: the hex here is written out by hand from the spec's format table.
  ['zero', 0, '00'],
  ['positive fixint max', 127, '7f'],
  ['uint 8 min', 128, 'cc80'],
  ['uint 8 max', 255, 'ccff'],
  ['uint 16 min', 256, 'cd0100'],
  ['uint 16 max', 65535, 'cdffff'],
  ['uint 32 min', 65536, 'ce00010000'],
  ['uint 32 max', 4294967295, 'ceffffffff'],
  ['uint 64 min', 4294967296, 'cf0000000100000000'],
  ['uint 64 max safe integer', 9007199254740991, 'cf001fffffffffffff'],
  ['negative fixint -1', -1, 'ff'],
  ['negative fixint min', -32, 'e0'],
  ['int 8 max', -33, 'd0df'],
  ['int 8 min', -128, 'd080'],
  ['int 16 max', -129, 'd1ff7f'],
  ['int 16 min', -32768, 'd18000'],
  ['int 32 max', -32769, 'd2ffff7fff'],
  ['int 32 min', -2147483648, 'd280000000'],
  ['int 64 max', -2147483649, 'd3ffffffff7fffffff'],
  ['int 64 min safe integer', -9007199254740991, 'd3ffe0000000000001'],
  ['float 64 1.5', 1.5, 'cb3ff8000000000000'],
  ['float 64 -2.25', -2.25, 'cbc002000000000000'],
  ['float 64 0.1', 0.1, 'cb3fb999999999999a'],
  ['2^53 is beyond the safe integers: float 64', 9007199254740992, 'cb4340000000000000'],
  ['-2^53: float 64', -9007199254740992, 'cbc340000000000000'],
  ['smallest subnormal', 5e-324, 'cb0000000000000001'],
  ['nil', null, 'c0'],
  ['false', false, 'c2'],
  ['true', true, 'c3'],
  ['empty string', '', 'a0'],
  ['fixstr', 'abc', 'a3616263'],
  ['NFC é is two bytes', 'é', 'a2c3a9'],
  ['CJK', '日本', 'a6e697a5e69cac'],
  ['astral code point', '😀', 'a4f09f9880'],
  ['leading U+FEFF is content', '\ufeffa', 'a4efbbbf61'],
  ['empty bin', { $bytes: '' }, 'c400'],
  ['bin 8', { $bytes: '0102ff' }, 'c4030102ff'],
  ['empty array', [], '90'],
  ['empty map', {}, '80'],
  ['fixarray', [1, [2], 'x'], '930191 02a178'.replace(' ', '')],
  ['map keys sorted', { b: 1, a: 2 }, '82a16102a16201'],
  ['shorter key first when it is a prefix', { aa: 1, a: 2 }, '82a16102a2616101'],
  ['integer-like keys sort as strings', { '10': 1, '9': 2 }, '82a2313001a13902'],
  // Composite values: built with the writer above.
  ['fixstr max', a31, mp.str(a31)],
  ['str 8 min', a32, mp.str(a32)],
  ['str 16 min', a256, mp.str(a256)],
  ['bin 16 min', { $bytes: '00'.repeat(256) }, mp.bin('00'.repeat(256))],
  ['array 16 min', sixteen, mp.arr(sixteen.map(mp.uint))],
  [
    'map 16 min',
    map16,
    mp.map(sixteen.map((i) => [mp.str(String.fromCharCode(0x61 + i)), mp.uint(i)])),
  ],
  [
    'keys in UTF-16 order: U+1F600 (D83D DE00) before U+FF61',
    { '\uff61': 1, '😀': 2 },
    mp.map([
      [mp.str('😀'), mp.uint(2)],
      [mp.str('\uff61'), mp.uint(1)],
    ]),
  ],
  [
    'nested',
    { c: { $bytes: '00ff' }, a: [1, { b: null }], bb: -1.5 },
    mp.map([
      [mp.str('a'), mp.arr([mp.uint(1), mp.map([[mp.str('b'), mp.nil]])])],
      [mp.str('bb'), mp.float(-1.5)],
      [mp.str('c'), mp.bin('00ff')],
    ]),
  ],
];
for (const [name, value, hex] of values) {
  canonical.push({
    name: `encode: ${name}`,
    operation: 'encodeCanonical',
    input: { value },
    output: hex,
  });
  canonical.push({
    name: `decode: ${name}`,
    operation: 'decodeCanonical',
    input: { hex },
    output: value,
  });
}
const canonicalErrors: [string, string, string, unknown?][] = [
  ['uint 8 for a fixint', 'cc05', 'NON_CANONICAL'],
  ['uint 16 for a uint 8 value', 'cd00ff', 'NON_CANONICAL'],
  ['uint 32 for a uint 16 value', 'ce0000ffff', 'NON_CANONICAL'],
  ['uint 64 for a uint 32 value', 'cf00000000ffffffff', 'NON_CANONICAL'],
  ['uint 64 above 2^53 - 1', 'cf0020000000000000', 'UNSAFE_INTEGER'],
  ['uint 64 max', 'cfffffffffffffffff', 'UNSAFE_INTEGER'],
  ['int 8 for a positive value', 'd001', 'NON_CANONICAL'],
  ['int 8 for a negative fixint', 'd0ff', 'NON_CANONICAL'],
  ['int 16 for an int 8 value', 'd1ff80', 'NON_CANONICAL'],
  ['int 32 for an int 16 value', 'd2ffff8000', 'NON_CANONICAL'],
  ['int 64 for an int 32 value', 'd3ffffffff80000000', 'NON_CANONICAL'],
  ['int 64 below -(2^53 - 1)', 'd3ffe0000000000000', 'UNSAFE_INTEGER'],
  ['float 64 holding an integer', 'cb3ff0000000000000', 'NON_CANONICAL'],
  ['float 64 -0', 'cb8000000000000000', 'NON_CANONICAL'],
  ['float 64 NaN', 'cb7ff8000000000000', 'NON_FINITE'],
  ['float 64 +Infinity', 'cb7ff0000000000000', 'NON_FINITE'],
  ['float 64 -Infinity', 'cbfff0000000000000', 'NON_FINITE'],
  ['float 32', 'ca3fc00000', 'UNSUPPORTED_FORMAT'],
  ['never-used head 0xc1', 'c1', 'UNSUPPORTED_FORMAT'],
  ['fixext 1', 'd40100', 'UNSUPPORTED_FORMAT'],
  ['ext 8', 'c7010000', 'UNSUPPORTED_FORMAT'],
  ['timestamp 32', 'd6ff00000000', 'UNSUPPORTED_FORMAT'],
  ['str 8 for a fixstr', 'd903616263', 'NON_CANONICAL'],
  ['str 16 for a str 8', `da0020${'61'.repeat(32)}`, 'NON_CANONICAL'],
  ['bin 16 for a bin 8', 'c500020102', 'NON_CANONICAL'],
  ['bin 32 for a bin 8', 'c6000000020102', 'NON_CANONICAL'],
  ['array 16 for a fixarray', 'dc000101', 'NON_CANONICAL'],
  ['array 32 for a fixarray', 'dd0000000101', 'NON_CANONICAL'],
  ['map 16 for a fixmap', 'de0001a16101', 'NON_CANONICAL'],
  ['keys out of order', '82a16201a16102', 'KEY_ORDER'],
  ['duplicate key', '82a16101a16102', 'DUPLICATE_KEY'],
  ['integer map key', '810101', 'INVALID_KEY'],
  ['nil map key', '81c001', 'INVALID_KEY'],
  ['__proto__ key', `81${mp.str('__proto__')}01`, 'INVALID_KEY'],
  ['invalid UTF-8 continuation', 'a2c328', 'INVALID_UTF8'],
  ['overlong UTF-8', 'a2c0af', 'INVALID_UTF8'],
  ['UTF-8 of a surrogate', 'a3eda080', 'INVALID_UTF8'],
  ['UTF-8 above U+10FFFF', 'a4f4908080', 'INVALID_UTF8'],
  ['decomposed e + U+0301 is not NFC', 'a365cc81', 'NOT_NFC'],
  ['U+212B ANGSTROM SIGN is not NFC', 'a3e284ab', 'NOT_NFC'],
  ['empty input', '', 'TRUNCATED'],
  ['truncated uint 16', 'cd01', 'TRUNCATED'],
  ['truncated float 64', 'cb3ff8', 'TRUNCATED'],
  ['truncated string', 'a36162', 'TRUNCATED'],
  ['truncated array', '920102'.slice(0, 4), 'TRUNCATED'],
  ['truncated map value', '81a161', 'TRUNCATED'],
  ['array 32 claiming 2^32 - 1 items', 'ddffffffff00', 'TOO_LARGE'],
  ['array 32 claiming more items than bytes left', 'dd0001000001', 'TRUNCATED'],
  ['trailing bytes', '0100', 'TRAILING_BYTES'],
  ['two values', 'c0c0', 'TRAILING_BYTES'],
  ['nesting over maxDepth', '919190', 'TOO_DEEP', { maxDepth: 2 }],
  ['input over maxBytes', 'a3616263', 'TOO_LARGE', { maxBytes: 3 }],
  ['string over maxStringBytes', 'a3616263', 'TOO_LARGE', { maxStringBytes: 2 }],
  ['bin over maxBinBytes', 'c403010203', 'TOO_LARGE', { maxBinBytes: 2 }],
  ['array over maxItems', '93010203', 'TOO_LARGE', { maxItems: 2 }],
];
for (const [name, hex, error, limits] of canonicalErrors) {
  canonical.push({
    name: `refuse: ${name}`,
    operation: 'decodeCanonical',
    input: limits === undefined ? { hex } : { hex, limits },
    error,
  });
}
canonical.push({
  name: 'within maxDepth',
  operation: 'decodeCanonical',
  input: { hex: '919190', limits: { maxDepth: 3 } },
  output: [[[]]],
});
// (NaN and Infinity cannot be written in JSON; the package's own tests cover them.)
const encodeRefusals: [string, unknown, string][] = [
  ['lone surrogate has no UTF-8 form', 'a\ud800', 'INVALID_UTF8'],
  ['non-NFC text is refused, not normalised', 'e\u0301', 'NOT_NFC'],
  ['__proto__ key', JSON.parse('{"__proto__":1}'), 'INVALID_KEY'],
];
for (const [name, value, error] of encodeRefusals) {
  canonical.push({
    name: `encode refuses: ${name}`,
    operation: 'encodeCanonical',
    input: { value },
    error,
  });
}

// ---------------------------------------------------------------- packets
const TYPE_CODE = {
  JOB_SUBMIT: 1,
  JOB_RESULT: 2,
  SOFT_REJECT: 3,
  HEARTBEAT: 4,
  EKS_SYNC: 5,
  ENTANGLEMENT_REQUEST: 6,
  MEASUREMENT_RESULT: 7,
  REGISTRY_BLOCK: 8,
  ACK: 9,
  NACK: 10,
  EKS_RELAY: 11,
  CONTRACT_RUN: 12,
  WINDOW: 13,
} as const;

interface Header {
  destination: string;
  source: string;
  packetId: string;
  lamport: number;
  seq: number;
  scope: string;
  hopLimit: number;
  reroute: 'allow' | 'deny';
}
const H: Header = {
  destination: 'rigel',
  source: '0011223344556677',
  packetId: '000102030405060708090a0b0c0d0e0f',
  lamport: 42,
  seq: 7,
  scope: 'job:submit',
  hopLimit: 8,
  reroute: 'allow',
};
const headerHex = (h: Header): string[] => [
  mp.str(h.destination),
  mp.bin(h.source),
  mp.bin(h.packetId),
  mp.uint(h.lamport),
  mp.uint(h.seq),
  mp.str(h.scope),
  mp.uint(h.hopLimit),
  mp.uint(h.reroute === 'allow' ? 0 : 1),
];
const headerWire = (h: Header): unknown[] => [
  h.destination,
  hexToBytes(h.source),
  hexToBytes(h.packetId),
  h.lamport,
  h.seq,
  h.scope,
  h.hopLimit,
  h.reroute === 'allow' ? 0 : 1,
];
type TypeName = keyof typeof TYPE_CODE;
/**
 * The header version of a type: EKS_SYNC's layout is version 2, EKS_RELAY's 3, CONTRACT_RUN's 4,
 * WINDOW's 5, every other 1.
 */
const LAYOUT_VERSION: Partial<Record<TypeName, number>> = {
  EKS_SYNC: 2,
  EKS_RELAY: 3,
  CONTRACT_RUN: 4,
  WINDOW: 5,
};
const versionOf = (type: TypeName): number => LAYOUT_VERSION[type] ?? 1;
const packetHex = (type: TypeName, h: Header, body: string): string =>
  mp.arr([mp.uint(versionOf(type)), mp.uint(TYPE_CODE[type]), ...headerHex(h), body]);
/** EKS_SYNC links (wire order: distanceM, fibreLossMilliDbPerKm, pulsesPerRound, eavesdropperPpm). */
const defaultLink = {
  distanceM: 10000,
  fibreLossMilliDbPerKm: 200,
  pulsesPerRound: 1048576,
  eavesdropperPpm: 0,
};
const linkHex = (l: typeof defaultLink): string =>
  mp.arr([
    mp.uint(l.distanceM),
    mp.uint(l.fibreLossMilliDbPerKm),
    mp.uint(l.pulsesPerRound),
    mp.uint(l.eavesdropperPpm),
  ]);
const linkWire = (l: typeof defaultLink): number[] => [
  l.distanceM,
  l.fibreLossMilliDbPerKm,
  l.pulsesPerRound,
  l.eavesdropperPpm,
];
/** The round number and default link appended to an EKS_SYNC body's first four elements. */
const eksTail = [mp.uint(3), linkHex(defaultLink)];

// Enum codes used below (spec §5): SoftRejectReason EKS_LOSS=0 … LOW_FIDELITY=4; EksLossReason
// QBER_ABOVE_THRESHOLD=0, EAVESDROPPER_DETECTED=1, LINK_DOWN=2, KEY_EXHAUSTED=3; fault mask bits
// CALIBRATION=0, CONTROL_ELECTRONICS=1, CRYOSTAT=2, OTHER=3, QKD_HARDWARE=4; NackCode
// MALFORMED=0 … HOP_LIMIT=3 … UNSUPPORTED=7.
const id2 = 'ffeeddccbbaa99887766554433221100';
const program =
  'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n';
type Json = Record<string, unknown>;
/** [name, type, header, body JSON, body hex (writer), body as @msgpack/msgpack input]. */
const packets: [string, TypeName, Header, Json, string, unknown][] = [];
function add(
  name: string,
  type: TypeName,
  h: Header,
  body: Json,
  hex: string,
  wire: unknown,
): void {
  packets.push([name, type, h, body, hex, wire]);
}
{
  const params = { shots: 1024, minFidelityPpm: 970000, qubits: 2, deadlineMs: 60000, priority: 3 };
  add(
    'JOB_SUBMIT with every parameter',
    'JOB_SUBMIT',
    H,
    { quri: 'q://rigel/run?shots=1024', program, params },
    mp.arr([
      mp.str('q://rigel/run?shots=1024'),
      mp.str(program),
      mp.arr([mp.uint(1024), mp.uint(970000), mp.uint(2), mp.uint(60000), mp.uint(3)]),
    ]),
    ['q://rigel/run?shots=1024', program, [1024, 970000, 2, 60000, 3]],
  );
  const h2: Header = {
    ...H,
    destination: 'vega-2',
    reroute: 'deny',
    lamport: 2 ** 40 + 5,
    seq: 4294967295,
    hopLimit: 255,
  };
  add(
    'JOB_SUBMIT with no qubit or deadline requirement, reroute=deny, uint 64 Lamport time',
    'JOB_SUBMIT',
    h2,
    {
      quri: 'q://*.eu-west/run?qubits=20',
      program: 'OPENQASM 3.0;',
      params: { shots: 1, minFidelityPpm: 0, qubits: null, deadlineMs: null, priority: 0 },
    },
    mp.arr([
      mp.str('q://*.eu-west/run?qubits=20'),
      mp.str('OPENQASM 3.0;'),
      mp.arr([mp.uint(1), mp.uint(0), mp.nil, mp.nil, mp.uint(0)]),
    ]),
    ['q://*.eu-west/run?qubits=20', 'OPENQASM 3.0;', [1, 0, null, null, 0]],
  );
  const counts = [
    { bits: '00', count: 500 },
    { bits: '11', count: 524 },
  ];
  add(
    'JOB_RESULT of a Bell pair',
    'JOB_RESULT',
    { ...H, scope: 'job:result' },
    { jobId: id2, shots: 1024, counts },
    mp.arr([
      mp.bin(id2),
      mp.uint(1024),
      mp.map([
        [mp.str('00'), mp.uint(500)],
        [mp.str('11'), mp.uint(524)],
      ]),
    ]),
    [hexToBytes(id2), 1024, { '00': 500, '11': 524 }],
  );
  add(
    'JOB_RESULT of one shot',
    'JOB_RESULT',
    { ...H, scope: 'job:result' },
    { jobId: id2, shots: 1, counts: [{ bits: '101', count: 1 }] },
    mp.arr([mp.bin(id2), mp.uint(1), mp.map([[mp.str('101'), mp.uint(1)]])]),
    [hexToBytes(id2), 1, { '101': 1 }],
  );
  add(
    'SOFT_REJECT re-routed within the scope',
    'SOFT_REJECT',
    H,
    { jobId: id2, reason: 'EKS_LOSS', reroutedTo: 'deneb' },
    mp.arr([mp.bin(id2), mp.uint(0), mp.str('deneb')]),
    [hexToBytes(id2), 0, 'deneb'],
  );
  add(
    'SOFT_REJECT without re-route',
    'SOFT_REJECT',
    { ...H, reroute: 'deny' },
    { jobId: id2, reason: 'LOW_FIDELITY', reroutedTo: null },
    mp.arr([mp.bin(id2), mp.uint(4), mp.nil]),
    [hexToBytes(id2), 4, null],
  );
  const ok = {
    eksOk: true,
    eksLastSyncMs: 1763700000000,
    fidelity1qPpm: 999500,
    fidelity2qPpm: 990000,
    utilisationPct: 42,
    faults: [],
  };
  add(
    'HEARTBEAT of a healthy node',
    'HEARTBEAT',
    { ...H, destination: 'qan-1', scope: 'node:heartbeat' },
    { report: ok },
    mp.arr([
      mp.t,
      mp.uint(1763700000000),
      mp.nil,
      mp.uint(999500),
      mp.uint(990000),
      mp.uint(42),
      mp.uint(0),
    ]),
    [true, 1763700000000, null, 999500, 990000, 42, 0],
  );
  const lost = {
    eksOk: false,
    eksLastSyncMs: 1763699990000,
    eksLossReason: 'EAVESDROPPER_DETECTED',
    fidelity1qPpm: 0,
    fidelity2qPpm: 1000000,
    utilisationPct: 100,
    faults: ['CRYOSTAT', 'QKD_HARDWARE'],
  };
  add(
    'HEARTBEAT after an eavesdropper, with faults (mask bits 2 and 4)',
    'HEARTBEAT',
    { ...H, destination: 'qan-1', scope: 'node:heartbeat' },
    { report: lost },
    mp.arr([
      mp.f,
      mp.uint(1763699990000),
      mp.uint(1),
      mp.uint(0),
      mp.uint(1000000),
      mp.uint(100),
      mp.uint(0b10100),
    ]),
    [false, 1763699990000, 1, 0, 1000000, 100, 0b10100],
  );
  const k1 = '0a0b0c0d-0000-4000-8000-000000000001';
  const k2 = '0a0b0c0d-0000-4000-8000-000000000002';
  const kb = (k: string) => k.replaceAll('-', '');
  add(
    'EKS_SYNC stable with two key ids',
    'EKS_SYNC',
    { ...H, scope: 'eks:sync' },
    {
      status: { state: 'stable', lastSyncMs: 1763700000000, keyBitsAvailable: 262144 },
      keyIds: [k1, k2],
      round: 3,
      link: defaultLink,
    },
    mp.arr([
      mp.uint(0),
      mp.uint(1763700000000),
      mp.uint(262144),
      mp.arr([mp.bin(kb(k1)), mp.bin(kb(k2))]),
      mp.uint(3),
      linkHex(defaultLink),
    ]),
    [0, 1763700000000, 262144, [hexToBytes(kb(k1)), hexToBytes(kb(k2))], 3, linkWire(defaultLink)],
  );
  add(
    'EKS_SYNC lost',
    'EKS_SYNC',
    { ...H, scope: 'eks:sync' },
    {
      status: { state: 'lost', lastSyncMs: 1763700000000, reason: 'QBER_ABOVE_THRESHOLD' },
      keyIds: [],
      round: 0,
      link: defaultLink,
    },
    mp.arr([
      mp.uint(1),
      mp.uint(1763700000000),
      mp.uint(0),
      mp.arr([]),
      mp.uint(0),
      linkHex(defaultLink),
    ]),
    [1, 1763700000000, 0, [], 0, linkWire(defaultLink)],
  );
  const farLink = {
    distanceM: 25000,
    fibreLossMilliDbPerKm: 180,
    pulsesPerRound: 524288,
    eavesdropperPpm: 20000,
  };
  add(
    'EKS_SYNC stable over a non-default link (25 km, 0.18 dB/km, 2^19 pulses, 2 % intercept-resend)',
    'EKS_SYNC',
    { ...H, scope: 'eks:sync' },
    {
      status: { state: 'stable', lastSyncMs: 1763700000000, keyBitsAvailable: 256 },
      keyIds: [k1],
      round: 41,
      link: farLink,
    },
    mp.arr([
      mp.uint(0),
      mp.uint(1763700000000),
      mp.uint(256),
      mp.arr([mp.bin(kb(k1))]),
      mp.uint(41),
      linkHex(farLink),
    ]),
    [0, 1763700000000, 256, [hexToBytes(kb(k1))], 41, linkWire(farLink)],
  );
  const maxLink = {
    distanceM: 500000,
    fibreLossMilliDbPerKm: 1000,
    pulsesPerRound: 4194304,
    eavesdropperPpm: 1000000,
  };
  add(
    'EKS_SYNC lost with every round and link field at its maximum',
    'EKS_SYNC',
    { ...H, scope: 'eks:sync' },
    {
      status: { state: 'lost', lastSyncMs: 1763700000000, reason: 'LINK_DOWN' },
      keyIds: [],
      round: 4294967295,
      link: maxLink,
    },
    mp.arr([
      mp.uint(1),
      mp.uint(1763700000000),
      mp.uint(2),
      mp.arr([]),
      mp.uint(4294967295),
      linkHex(maxLink),
    ]),
    [1, 1763700000000, 2, [], 4294967295, linkWire(maxLink)],
  );
  const minLink = {
    distanceM: 0,
    fibreLossMilliDbPerKm: 0,
    pulsesPerRound: 1024,
    eavesdropperPpm: 0,
  };
  add(
    'EKS_SYNC lost with every link field at its minimum',
    'EKS_SYNC',
    { ...H, scope: 'eks:sync' },
    {
      status: { state: 'lost', lastSyncMs: 0, reason: 'LINK_DOWN' },
      keyIds: [],
      round: 0,
      link: minLink,
    },
    mp.arr([mp.uint(1), mp.uint(0), mp.uint(2), mp.arr([]), mp.uint(0), linkHex(minLink)]),
    [1, 0, 2, [], 0, linkWire(minLink)],
  );
  add(
    'ENTANGLEMENT_REQUEST',
    'ENTANGLEMENT_REQUEST',
    { ...H, scope: 'ent:request' },
    { peer: 'deneb', pairs: 4096, minFidelityPpm: 950000, deadlineMs: 5000 },
    mp.arr([mp.str('deneb'), mp.uint(4096), mp.uint(950000), mp.uint(5000)]),
    ['deneb', 4096, 950000, 5000],
  );
  add(
    'MEASUREMENT_RESULT of 9 pairs (outcomes packed MSB first, zero padding)',
    'MEASUREMENT_RESULT',
    { ...H, scope: 'ent:measure' },
    { requestId: id2, bases: '000102030001020300', outcomes: '010001010000000101' },
    mp.arr([mp.bin(id2), mp.bin('000102030001020300'), mp.bin('b180')]),
    [hexToBytes(id2), hexToBytes('000102030001020300'), Uint8Array.of(0xb1, 0x80)],
  );
  const block = Array.from({ length: 300 }, (_, i) => hx(i & 0xff, 1)).join('');
  add(
    'REGISTRY_BLOCK of 300 bytes (bin 16)',
    'REGISTRY_BLOCK',
    { ...H, destination: 'relay-1', scope: 'registry:replicate' },
    { height: 70000, block },
    mp.arr([mp.uint(70000), mp.bin(block)]),
    [70000, hexToBytes(block)],
  );
  add('ACK', 'ACK', H, { ackOf: id2 }, mp.arr([mp.bin(id2)]), [hexToBytes(id2)]);
  add(
    'NACK with a non-ASCII detail',
    'NACK',
    H,
    { nackOf: id2, code: 'HOP_LIMIT', detail: 'hop limit reached at relay «r1»' },
    mp.arr([mp.bin(id2), mp.uint(3), mp.str('hop limit reached at relay «r1»')]),
    [hexToBytes(id2), 3, 'hop limit reached at relay «r1»'],
  );
  add(
    'NACK with an empty detail',
    'NACK',
    H,
    { nackOf: id2, code: 'UNSUPPORTED', detail: '' },
    mp.arr([mp.bin(id2), mp.uint(7), mp.str('')]),
    [hexToBytes(id2), 7, ''],
  );
  // EKS_RELAY (version 3): M = K_node ⊕ K_hop as 32 bytes; ids as 16-byte bins, in the relay's order.
  const m1 = Array.from({ length: 32 }, (_, i) => hx(i, 1)).join('');
  const m2 = 'ff'.repeat(32);
  const hop1 = '1a1b1c1d-0000-4000-8000-000000000001';
  const hop2 = '1a1b1c1d-0000-4000-8000-000000000002';
  const relayHeader = {
    ...H,
    destination: 'qan',
    scope: 'eks:relay',
    hopLimit: 1,
    reroute: 'deny',
  };
  add(
    'EKS_RELAY with one announcement',
    'EKS_RELAY',
    relayHeader as Header,
    { announcements: [{ node: 'vega', nodeKeyId: k1, hopKeyId: hop1, announcement: m1 }] },
    mp.arr([mp.arr([mp.arr([mp.str('vega'), mp.bin(kb(k1)), mp.bin(kb(hop1)), mp.bin(m1)])])]),
    [[['vega', hexToBytes(kb(k1)), hexToBytes(kb(hop1)), hexToBytes(m1)]]],
  );
  add(
    'EKS_RELAY with two announcements for two nodes, ids not sorted',
    'EKS_RELAY',
    relayHeader as Header,
    {
      announcements: [
        { node: 'vega', nodeKeyId: k2, hopKeyId: hop2, announcement: m2 },
        { node: 'altair', nodeKeyId: k1, hopKeyId: hop1, announcement: m1 },
      ],
    },
    mp.arr([
      mp.arr([
        mp.arr([mp.str('vega'), mp.bin(kb(k2)), mp.bin(kb(hop2)), mp.bin(m2)]),
        mp.arr([mp.str('altair'), mp.bin(kb(k1)), mp.bin(kb(hop1)), mp.bin(m1)]),
      ]),
    ]),
    [
      [
        ['vega', hexToBytes(kb(k2)), hexToBytes(kb(hop2)), hexToBytes(m2)],
        ['altair', hexToBytes(kb(k1)), hexToBytes(kb(hop1)), hexToBytes(m1)],
      ],
    ],
  );
  // CONTRACT_RUN (version 4): use CHSH = 0, TELEPORT = 1; the link in wire order; the state nil for
  // CHSH, [thetaUrad, phiUrad] for TELEPORT.
  const runHeader = { ...H, destination: 'vega', scope: 'contract:run', hopLimit: 1 };
  const secret = Array.from({ length: 32 }, (_, i) => hx(0x20 + i, 1)).join('');
  const runLink = [25000, 200, 1000000, 500000, 900000, 990000, 10000];
  const runLinkJson = (l: number[]) => ({
    lengthM: l[0],
    lossMdbPerKm: l[1],
    attemptRateHz: l[2],
    emissionPpm: l[3],
    detectorPpm: l[4],
    initialFidelityPpm: l[5],
    memoryTimeMs: l[6],
  });
  add(
    'CONTRACT_RUN of a CHSH run, side A',
    'CONTRACT_RUN',
    runHeader,
    {
      contract: 70000,
      run: id2,
      use: 'CHSH',
      role: 0,
      peer: 'altair',
      secret,
      link: runLinkJson(runLink),
      firstPair: 0,
      pairs: 1000,
      state: null,
    },
    mp.arr([
      mp.uint(70000),
      mp.bin(id2),
      mp.uint(0),
      mp.uint(0),
      mp.str('altair'),
      mp.bin(secret),
      mp.arr(runLink.map(mp.uint)),
      mp.uint(0),
      mp.uint(1000),
      mp.nil,
    ]),
    [70000, hexToBytes(id2), 0, 0, 'altair', hexToBytes(secret), runLink, 0, 1000, null],
  );
  // Every range at its top where it allows uint 64 (attempt rate, memory time, first pair).
  const wideLink = [10000000, 10000, 10000000000, 1000000, 1000000, 250000, 2 ** 53 - 1];
  add(
    'CONTRACT_RUN of a TELEPORT run, receiver, with its state and uint 64 fields',
    'CONTRACT_RUN',
    { ...runHeader, reroute: 'deny' },
    {
      contract: 2 ** 53 - 1,
      run: id2,
      use: 'TELEPORT',
      role: 1,
      peer: 'altair',
      secret,
      link: runLinkJson(wideLink),
      firstPair: 2 ** 40,
      pairs: 65536,
      state: { thetaUrad: 1570796, phiUrad: 6283185 },
    },
    mp.arr([
      mp.uint(2 ** 53 - 1),
      mp.bin(id2),
      mp.uint(1),
      mp.uint(1),
      mp.str('altair'),
      mp.bin(secret),
      mp.arr(wideLink.map(mp.uint)),
      mp.uint(2 ** 40),
      mp.uint(65536),
      mp.arr([mp.uint(1570796), mp.uint(6283185)]),
    ]),
    [
      2 ** 53 - 1,
      hexToBytes(id2),
      1,
      1,
      'altair',
      hexToBytes(secret),
      wideLink,
      2 ** 40,
      65536,
      [1570796, 6283185],
    ],
  );
  // WINDOW (version 5): step PREPARE = 0 … ACTIVE = 3 … FAULT = 6; activatedL only at ACTIVATE and
  // ACTIVE, phaseErrorMrad only at READY, ACTIVE and FAULT, nil otherwise.
  const windowHeader = { ...H, destination: 'vega', scope: 'contract:window', hopLimit: 1 };
  const windowTerms = { contract: 70000, lengthMs: 60000, toleranceMrad: 100, clockDomain: 'gps' };
  const windowCases: [string, string, number, number | null, number | null][] = [
    ['WINDOW PREPARE from the QAN', 'PREPARE', 0, null, null],
    ['WINDOW ACTIVE from a participant, with a uint 64 activatedL', 'ACTIVE', 3, 2 ** 40 + 5, 37],
    ['WINDOW FAULT from a participant over the tolerance', 'FAULT', 6, null, 6283],
  ];
  for (const [name, step, code, activatedL, phaseErrorMrad] of windowCases) {
    const orNil = (n: number | null) => (n === null ? mp.nil : mp.uint(n));
    add(
      name,
      'WINDOW',
      windowHeader,
      { ...windowTerms, step, activatedL, phaseErrorMrad },
      mp.arr([
        mp.uint(70000),
        mp.uint(code),
        mp.uint(60000),
        mp.uint(100),
        mp.str('gps'),
        orNil(activatedL),
        orNil(phaseErrorMrad),
      ]),
      [70000, code, 60000, 100, 'gps', activatedL, phaseErrorMrad],
    );
  }
}

const packetVectors = file(
  'packets.json',
  'One or more packets of every CHIPS packet type (docs/spec/chips.md §5): exact bytes, both directions. Byte fields of a packet (block, bases, outcomes, announcement, secret) are hex strings.',
);
const hexes = new Map<string, string>();
for (const [name, type, h, body, bodyHex, wire] of packets) {
  const hex = packetHex(type, h, bodyHex);
  const second = Array.from(
    msgpackEncode([versionOf(type), TYPE_CODE[type], ...headerWire(h), wire], { sortKeys: true }),
    (b) => hx(b, 1),
  ).join('');
  if (second !== hex)
    throw new Error(`${name}: the hand writer and @msgpack/msgpack disagree\n${hex}\n${second}`);
  const packet = { type, header: h, body };
  hexes.set(name, hex);
  packetVectors.push({
    name: `encode: ${name}`,
    operation: 'encodePacket',
    input: { packet },
    output: hex,
  });
  packetVectors.push({
    name: `decode: ${name}`,
    operation: 'decodePacket',
    input: { hex },
    output: packet,
  });
}

// ---------------------------------------------------------------- malformed packets
const malformed = file(
  'malformed.json',
  'Packets that strict decoding must refuse, each with its error code (docs/spec/chips.md §7).',
);
const ack = hexes.get('ACK')!;
const ackBody = mp.arr([mp.bin(id2)]);
const withHeader = (
  type: TypeName,
  patch: Partial<Record<number, string>>,
  bodyHex: string,
): string => {
  const parts = [mp.uint(versionOf(type)), mp.uint(TYPE_CODE[type]), ...headerHex(H), bodyHex];
  for (const [i, v] of Object.entries(patch)) parts[Number(i)] = v!;
  return mp.arr(parts);
};
/** One EKS_RELAY announcement's four encoded fields (node, node key id, hop key id, M), patched. */
const relayParts = (patch: Partial<Record<number, string>> = {}): string[] => {
  const parts = [
    mp.str('vega'),
    mp.bin('01'.repeat(16)),
    mp.bin('11'.repeat(16)),
    mp.bin('aa'.repeat(32)),
  ];
  for (const [i, v] of Object.entries(patch)) parts[Number(i)] = v!;
  return parts;
};
const relayEntry = (patch: Partial<Record<number, string>> = {}): string =>
  mp.arr(relayParts(patch));
const relayList = (entries: string[]): string => mp.arr(entries);
/** A CONTRACT_RUN body of a CHSH run (ten encoded fields), patched. */
const runBody = (patch: Partial<Record<number, string>> = {}): string => {
  const parts = [
    mp.uint(70000),
    mp.bin(id2),
    mp.uint(0),
    mp.uint(0),
    mp.str('altair'),
    mp.bin('5a'.repeat(32)),
    mp.arr([25000, 200, 1000000, 500000, 900000, 990000, 10000].map(mp.uint)),
    mp.uint(0),
    mp.uint(1000),
    mp.nil,
  ];
  for (const [i, v] of Object.entries(patch)) parts[Number(i)] = v!;
  return mp.arr(parts);
};
const runState = mp.arr([mp.uint(1570796), mp.uint(0)]);
/** A WINDOW body of an ACTIVE step (seven encoded fields), patched. */
const windowWire = (patch: Partial<Record<number, string>> = {}): string => {
  const parts = [
    mp.uint(70000),
    mp.uint(3),
    mp.uint(60000),
    mp.uint(100),
    mp.str('gps'),
    mp.uint(71000),
    mp.uint(12),
  ];
  for (const [i, v] of Object.entries(patch)) parts[Number(i)] = v!;
  return mp.arr(parts);
};
const bad: [string, string, string][] = [
  ['empty input', '', 'TRUNCATED'],
  ['cut after the array head', ack.slice(0, 2), 'TRUNCATED'],
  ['cut inside the destination', ack.slice(0, 12), 'TRUNCATED'],
  ['cut inside the packet id', ack.slice(0, 60), 'TRUNCATED'],
  ['cut one byte short', ack.slice(0, -2), 'TRUNCATED'],
  ['a trailing zero byte', `${ack}00`, 'TRAILING_BYTES'],
  ['two packets back to back', ack + ack, 'TRAILING_BYTES'],
  ['a map instead of the packet array', `8b${ack.slice(2)}`, 'WRONG_TYPE'],
  ['array 16 head for 11 fields', `dc000b${ack.slice(2)}`, 'NON_CANONICAL'],
  ['10 fields', mp.arr([mp.uint(1), mp.uint(9), ...headerHex(H)]), 'MISSING_FIELD'],
  [
    '12 fields',
    mp.arr([mp.uint(1), mp.uint(9), ...headerHex(H), ackBody, mp.nil]),
    'UNKNOWN_FIELD',
  ],
  ['empty array', '90', 'MISSING_FIELD'],
  [
    '15 fields',
    mp.arr([mp.uint(1), mp.uint(9), ...headerHex(H), ackBody, mp.nil, mp.nil, mp.nil, mp.nil]),
    'UNKNOWN_FIELD',
  ],
  ['array 32 head declaring 2^32 - 1 fields', 'ddffffffff0109', 'UNKNOWN_FIELD'],
  [
    'body array declaring 65 535 fields',
    withHeader('ACK', {}, `dcffff${mp.bin(id2)}`),
    'UNKNOWN_FIELD',
  ],
  ['version 0', withHeader('ACK', { 0: mp.uint(0) }, ackBody), 'UNSUPPORTED_VERSION'],
  ['version 2', withHeader('ACK', { 0: mp.uint(2) }, ackBody), 'UNSUPPORTED_VERSION'],
  ['version as uint 8', withHeader('ACK', { 0: 'cc01' }, ackBody), 'NON_CANONICAL'],
  ['type 0 (reserved)', withHeader('ACK', { 1: mp.uint(0) }, ackBody), 'UNKNOWN_PACKET_TYPE'],
  ['type 14', withHeader('ACK', { 1: mp.uint(14) }, ackBody), 'UNKNOWN_PACKET_TYPE'],
  [
    'type 11 (EKS_RELAY) at version 1',
    withHeader('ACK', { 1: mp.uint(11) }, ackBody),
    'UNSUPPORTED_VERSION',
  ],
  [
    'type 12 (CONTRACT_RUN) at version 1',
    withHeader('ACK', { 1: mp.uint(12) }, ackBody),
    'UNSUPPORTED_VERSION',
  ],
  [
    'type 13 (WINDOW) at version 1',
    withHeader('ACK', { 1: mp.uint(13) }, ackBody),
    'UNSUPPORTED_VERSION',
  ],
  ['version 6', withHeader('ACK', { 0: mp.uint(6) }, ackBody), 'UNSUPPORTED_VERSION'],
  ['type 200', withHeader('ACK', { 1: mp.uint(200) }, ackBody), 'UNKNOWN_PACKET_TYPE'],
  ['type as a string', withHeader('ACK', { 1: mp.str('ACK') }, ackBody), 'WRONG_TYPE'],
  ['upper-case destination', withHeader('ACK', { 2: mp.str('Rigel') }, ackBody), 'INVALID_FIELD'],
  [
    'destination ending in a hyphen',
    withHeader('ACK', { 2: mp.str('rigel-') }, ackBody),
    'INVALID_FIELD',
  ],
  [
    'destination starting with a digit',
    withHeader('ACK', { 2: mp.str('9rigel') }, ackBody),
    'INVALID_FIELD',
  ],
  ['empty destination', withHeader('ACK', { 2: mp.str('') }, ackBody), 'INVALID_FIELD'],
  ['destination as bin', withHeader('ACK', { 2: mp.bin('726967656c') }, ackBody), 'WRONG_TYPE'],
  [
    'destination in str 8 form',
    withHeader('ACK', { 2: 'd905726967656c' }, ackBody),
    'NON_CANONICAL',
  ],
  [
    'source of 7 bytes',
    withHeader('ACK', { 3: mp.bin('00112233445566') }, ackBody),
    'INVALID_FIELD',
  ],
  [
    'source as a hex string',
    withHeader('ACK', { 3: mp.str('0011223344556677') }, ackBody),
    'WRONG_TYPE',
  ],
  [
    'source in bin 16 form',
    withHeader('ACK', { 3: 'c500080011223344556677' }, ackBody),
    'NON_CANONICAL',
  ],
  [
    'packet id of 15 bytes',
    withHeader('ACK', { 4: mp.bin('000102030405060708090a0b0c0d0e') }, ackBody),
    'INVALID_FIELD',
  ],
  ['negative Lamport time', withHeader('ACK', { 5: mp.neg(-1) }, ackBody), 'OUT_OF_RANGE'],
  ['Lamport time as float 64', withHeader('ACK', { 5: mp.float(42.5) }, ackBody), 'WRONG_TYPE'],
  [
    'Lamport time in uint 64 form',
    withHeader('ACK', { 5: 'cf000000000000002a' }, ackBody),
    'NON_CANONICAL',
  ],
  [
    'Lamport time above 2^53 - 1',
    withHeader('ACK', { 5: 'cf0020000000000000' }, ackBody),
    'UNSAFE_INTEGER',
  ],
  ['Lamport time as an ext', withHeader('ACK', { 5: 'd4002a' }, ackBody), 'UNSUPPORTED_FORMAT'],
  ['seq in uint 8 form', withHeader('ACK', { 6: 'cc07' }, ackBody), 'NON_CANONICAL'],
  ['seq as float 32', withHeader('ACK', { 6: 'ca40e00000' }, ackBody), 'UNSUPPORTED_FORMAT'],
  ['seq above 2^32 - 1', withHeader('ACK', { 6: mp.uint(2 ** 32) }, ackBody), 'OUT_OF_RANGE'],
  [
    'scope with upper case and a space',
    withHeader('ACK', { 7: mp.str('Job Submit') }, ackBody),
    'INVALID_FIELD',
  ],
  ['empty scope', withHeader('ACK', { 7: mp.str('') }, ackBody), 'INVALID_FIELD'],
  [
    'scope over 64 bytes',
    withHeader('ACK', { 7: mp.str(`job:${'a'.repeat(61)}`) }, ackBody),
    'TOO_LARGE',
  ],
  ['scope with invalid UTF-8', withHeader('ACK', { 7: 'a3c328aa' }, ackBody), 'INVALID_UTF8'],
  ['hop limit 256', withHeader('ACK', { 8: mp.uint(256) }, ackBody), 'OUT_OF_RANGE'],
  ['0xc1 as hop limit', withHeader('ACK', { 8: 'c1' }, ackBody), 'UNSUPPORTED_FORMAT'],
  ['reroute 2', withHeader('ACK', { 9: mp.uint(2) }, ackBody), 'OUT_OF_RANGE'],
  ['reroute as a boolean', withHeader('ACK', { 9: mp.t }, ackBody), 'WRONG_TYPE'],
  ['reroute as a string', withHeader('ACK', { 9: mp.str('deny') }, ackBody), 'WRONG_TYPE'],
  ['body nil', withHeader('ACK', {}, mp.nil), 'WRONG_TYPE'],
  ['body empty', withHeader('ACK', {}, mp.arr([])), 'MISSING_FIELD'],
  [
    'ACK body with an extra field',
    withHeader('ACK', {}, mp.arr([mp.bin(id2), mp.arr([mp.float(0.6), mp.float(0.8)])])),
    'UNKNOWN_FIELD',
  ],
  [
    'ACK body as a map',
    withHeader('ACK', {}, mp.map([[mp.str('ackOf'), mp.bin(id2)]])),
    'WRONG_TYPE',
  ],
  [
    'JOB_SUBMIT with an http URI',
    withHeader(
      'JOB_SUBMIT',
      {},
      mp.arr([mp.str('http://rigel/run'), mp.str(program), mp.arr(['01', '00', 'c0', 'c0', '00'])]),
    ),
    'INVALID_FIELD',
  ],
  [
    'JOB_SUBMIT with 0 shots',
    withHeader(
      'JOB_SUBMIT',
      {},
      mp.arr([mp.str('q://rigel/run'), mp.str(program), mp.arr(['00', '00', 'c0', 'c0', '00'])]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'JOB_SUBMIT with priority 8',
    withHeader(
      'JOB_SUBMIT',
      {},
      mp.arr([mp.str('q://rigel/run'), mp.str(program), mp.arr(['01', '00', 'c0', 'c0', '08'])]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'JOB_SUBMIT with 32768 qubits',
    withHeader(
      'JOB_SUBMIT',
      {},
      mp.arr([
        mp.str('q://rigel/run'),
        mp.str(program),
        mp.arr(['01', '00', mp.uint(32768), 'c0', '00']),
      ]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'JOB_SUBMIT with 4 parameters',
    withHeader(
      'JOB_SUBMIT',
      {},
      mp.arr([mp.str('q://rigel/run'), mp.str(program), mp.arr(['01', '00', 'c0', 'c0'])]),
    ),
    'MISSING_FIELD',
  ],
  [
    'JOB_SUBMIT with a decomposed program text',
    withHeader(
      'JOB_SUBMIT',
      {},
      mp.arr([
        mp.str('q://rigel/run'),
        mp.str('// cafe\u0301'),
        mp.arr(['01', '00', 'c0', 'c0', '00']),
      ]),
    ),
    'NOT_NFC',
  ],
  [
    'JOB_RESULT outcomes out of order',
    withHeader(
      'JOB_RESULT',
      {},
      mp.arr([
        mp.bin(id2),
        mp.uint(3),
        mp.map([
          [mp.str('1'), '01'],
          [mp.str('0'), '02'],
        ]),
      ]),
    ),
    'KEY_ORDER',
  ],
  [
    'JOB_RESULT outcome repeated',
    withHeader(
      'JOB_RESULT',
      {},
      mp.arr([
        mp.bin(id2),
        mp.uint(3),
        mp.map([
          [mp.str('1'), '01'],
          [mp.str('1'), '02'],
        ]),
      ]),
    ),
    'DUPLICATE_KEY',
  ],
  [
    'JOB_RESULT counts not summing to shots',
    withHeader(
      'JOB_RESULT',
      {},
      mp.arr([
        mp.bin(id2),
        mp.uint(4),
        mp.map([
          [mp.str('0'), '01'],
          [mp.str('1'), '02'],
        ]),
      ]),
    ),
    'INVALID_FIELD',
  ],
  [
    'JOB_RESULT with a zero count',
    withHeader(
      'JOB_RESULT',
      {},
      mp.arr([
        mp.bin(id2),
        mp.uint(1),
        mp.map([
          [mp.str('0'), '00'],
          [mp.str('1'), '01'],
        ]),
      ]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'JOB_RESULT outcome that is not a bit string',
    withHeader('JOB_RESULT', {}, mp.arr([mp.bin(id2), mp.uint(1), mp.map([[mp.str('2'), '01']])])),
    'INVALID_FIELD',
  ],
  [
    'JOB_RESULT outcomes of different widths',
    withHeader(
      'JOB_RESULT',
      {},
      mp.arr([
        mp.bin(id2),
        mp.uint(2),
        mp.map([
          [mp.str('0'), '01'],
          [mp.str('01'), '01'],
        ]),
      ]),
    ),
    'INVALID_FIELD',
  ],
  [
    'JOB_RESULT counts as amplitudes (floats)',
    withHeader(
      'JOB_RESULT',
      {},
      mp.arr([mp.bin(id2), mp.uint(1), mp.map([[mp.str('0'), mp.float(0.5)]])]),
    ),
    'WRONG_TYPE',
  ],
  [
    'SOFT_REJECT reason 5',
    withHeader('SOFT_REJECT', {}, mp.arr([mp.bin(id2), mp.uint(5), mp.nil])),
    'OUT_OF_RANGE',
  ],
  [
    'SOFT_REJECT re-routed to an invalid alias',
    withHeader('SOFT_REJECT', {}, mp.arr([mp.bin(id2), mp.uint(0), mp.str('-x')])),
    'INVALID_FIELD',
  ],
  [
    'HEARTBEAT ok with a loss reason',
    withHeader('HEARTBEAT', {}, mp.arr([mp.t, '00', '00', '00', '00', '00', '00'])),
    'INVALID_FIELD',
  ],
  [
    'HEARTBEAT lost without a reason',
    withHeader('HEARTBEAT', {}, mp.arr([mp.f, '00', mp.nil, '00', '00', '00', '00'])),
    'INVALID_FIELD',
  ],
  [
    'HEARTBEAT loss reason 4',
    withHeader('HEARTBEAT', {}, mp.arr([mp.f, '00', '04', '00', '00', '00', '00'])),
    'OUT_OF_RANGE',
  ],
  [
    'HEARTBEAT fidelity over 1 000 000 ppm',
    withHeader('HEARTBEAT', {}, mp.arr([mp.t, '00', mp.nil, mp.uint(1000001), '00', '00', '00'])),
    'OUT_OF_RANGE',
  ],
  [
    'HEARTBEAT utilisation 101 %',
    withHeader('HEARTBEAT', {}, mp.arr([mp.t, '00', mp.nil, '00', '00', mp.uint(101), '00'])),
    'OUT_OF_RANGE',
  ],
  [
    'HEARTBEAT fault bit 5 (no such fault)',
    withHeader('HEARTBEAT', {}, mp.arr([mp.t, '00', mp.nil, '00', '00', '00', mp.uint(0x20)])),
    'OUT_OF_RANGE',
  ],
  [
    'HEARTBEAT eksOk as 1',
    withHeader('HEARTBEAT', {}, mp.arr(['01', '00', mp.nil, '00', '00', '00', '00'])),
    'WRONG_TYPE',
  ],
  [
    'EKS_SYNC key ids out of order',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([mp.bin('01'.repeat(16)), mp.bin('00'.repeat(16))]),
        ...eksTail,
      ]),
    ),
    'KEY_ORDER',
  ],
  [
    'EKS_SYNC key id repeated',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([mp.bin('01'.repeat(16)), mp.bin('01'.repeat(16))]),
        ...eksTail,
      ]),
    ),
    'DUPLICATE_KEY',
  ],
  [
    'EKS_SYNC lost with key ids',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr(['01', '00', '02', mp.arr([mp.bin('01'.repeat(16))]), ...eksTail]),
    ),
    'INVALID_FIELD',
  ],
  [
    'EKS_SYNC state 2',
    withHeader('EKS_SYNC', {}, mp.arr(['02', '00', '00', mp.arr([]), ...eksTail])),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC carrying key material (a 32-byte key where an id goes)',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr(['00', '00', '00', mp.arr([mp.bin('ab'.repeat(32))]), ...eksTail]),
    ),
    'INVALID_FIELD',
  ],
  [
    'EKS_SYNC at version 1 (the layout without round and link)',
    withHeader('EKS_SYNC', { 0: mp.uint(1) }, mp.arr(['00', '00', '00', mp.arr([])])),
    'UNSUPPORTED_VERSION',
  ],
  [
    'EKS_SYNC at version 1 with the version 2 body',
    withHeader('EKS_SYNC', { 0: mp.uint(1) }, mp.arr(['00', '00', '00', mp.arr([]), ...eksTail])),
    'UNSUPPORTED_VERSION',
  ],
  ['version 3', withHeader('EKS_SYNC', { 0: mp.uint(3) }, ackBody), 'UNSUPPORTED_VERSION'],
  [
    'EKS_SYNC body without round and link',
    withHeader('EKS_SYNC', {}, mp.arr(['00', '00', '00', mp.arr([])])),
    'MISSING_FIELD',
  ],
  [
    'EKS_SYNC body with a seventh element',
    withHeader('EKS_SYNC', {}, mp.arr(['00', '00', '00', mp.arr([]), ...eksTail, '00'])),
    'UNKNOWN_FIELD',
  ],
  [
    'EKS_SYNC round 2^32',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr(['00', '00', '00', mp.arr([]), mp.uint(2 ** 32), linkHex(defaultLink)]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC negative round',
    withHeader('EKS_SYNC', {}, mp.arr(['00', '00', '00', mp.arr([]), 'ff', linkHex(defaultLink)])),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC link distance 500 001 m',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr(['00', '00', '00', mp.arr([]), '00', linkHex({ ...defaultLink, distanceM: 500001 })]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC link fibre loss 1.001 dB/km',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([]),
        '00',
        linkHex({ ...defaultLink, fibreLossMilliDbPerKm: 1001 }),
      ]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC link with 2^22 + 1 pulses',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([]),
        '00',
        linkHex({ ...defaultLink, pulsesPerRound: 4194305 }),
      ]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC link with 2^40 pulses',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([]),
        '00',
        linkHex({ ...defaultLink, pulsesPerRound: 2 ** 40 }),
      ]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC link with 1023 pulses',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([]),
        '00',
        linkHex({ ...defaultLink, pulsesPerRound: 1023 }),
      ]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC link eavesdropper 1 000 001 ppm',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([]),
        '00',
        linkHex({ ...defaultLink, eavesdropperPpm: 1000001 }),
      ]),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC link distance as a float (25.5 km)',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([]),
        '00',
        mp.arr(['cb4039800000000000', mp.uint(200), mp.uint(1048576), '00']),
      ]),
    ),
    'WRONG_TYPE',
  ],
  [
    'EKS_SYNC link with three fields',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr(['00', '00', '00', mp.arr([]), '00', mp.arr([mp.uint(10000), mp.uint(200), '00'])]),
    ),
    'MISSING_FIELD',
  ],
  [
    'EKS_SYNC link with five fields',
    withHeader(
      'EKS_SYNC',
      {},
      mp.arr([
        '00',
        '00',
        '00',
        mp.arr([]),
        '00',
        mp.arr([mp.uint(10000), mp.uint(200), mp.uint(1048576), '00', '00']),
      ]),
    ),
    'UNKNOWN_FIELD',
  ],
  [
    'ENTANGLEMENT_REQUEST for 0 pairs',
    withHeader('ENTANGLEMENT_REQUEST', {}, mp.arr([mp.str('deneb'), '00', '00', '01'])),
    'OUT_OF_RANGE',
  ],
  [
    'MEASUREMENT_RESULT basis 4',
    withHeader('MEASUREMENT_RESULT', {}, mp.arr([mp.bin(id2), mp.bin('04'), mp.bin('80')])),
    'OUT_OF_RANGE',
  ],
  [
    'MEASUREMENT_RESULT padding bit set',
    withHeader('MEASUREMENT_RESULT', {}, mp.arr([mp.bin(id2), mp.bin('0000'), mp.bin('c1')])),
    'INVALID_FIELD',
  ],
  [
    'MEASUREMENT_RESULT outcome bytes missing',
    withHeader(
      'MEASUREMENT_RESULT',
      {},
      mp.arr([mp.bin(id2), mp.bin('00'.repeat(9)), mp.bin('00')]),
    ),
    'INVALID_FIELD',
  ],
  [
    'MEASUREMENT_RESULT with no pairs',
    withHeader('MEASUREMENT_RESULT', {}, mp.arr([mp.bin(id2), mp.bin(''), mp.bin('')])),
    'INVALID_FIELD',
  ],
  [
    'MEASUREMENT_RESULT carrying a state vector (float array)',
    withHeader(
      'MEASUREMENT_RESULT',
      {},
      mp.arr([mp.bin(id2), mp.arr([mp.float(0.6), mp.float(0.8)]), mp.bin('')]),
    ),
    'WRONG_TYPE',
  ],
  [
    'REGISTRY_BLOCK with an empty block',
    withHeader('REGISTRY_BLOCK', {}, mp.arr(['01', mp.bin('')])),
    'INVALID_FIELD',
  ],
  [
    'REGISTRY_BLOCK with a negative height',
    withHeader('REGISTRY_BLOCK', {}, mp.arr(['ff', mp.bin('00')])),
    'OUT_OF_RANGE',
  ],
  ['NACK code 8', withHeader('NACK', {}, mp.arr([mp.bin(id2), '08', mp.str('')])), 'OUT_OF_RANGE'],
  [
    'EKS_RELAY at version 2',
    withHeader('EKS_RELAY', { 0: mp.uint(2) }, mp.arr([relayList([])])),
    'UNSUPPORTED_VERSION',
  ],
  ['ACK at version 3', withHeader('ACK', { 0: mp.uint(3) }, ackBody), 'UNSUPPORTED_VERSION'],
  [
    'EKS_RELAY without announcements',
    withHeader('EKS_RELAY', {}, mp.arr([relayList([])])),
    'INVALID_FIELD',
  ],
  [
    'EKS_RELAY with 65 announcements (over the cap of 64)',
    withHeader(
      'EKS_RELAY',
      {},
      mp.arr([relayList(Array.from({ length: 65 }, () => relayEntry()))]),
    ),
    'TOO_LARGE',
  ],
  [
    'EKS_RELAY body with a second element',
    withHeader('EKS_RELAY', {}, mp.arr([relayList([relayEntry()]), mp.nil])),
    'UNKNOWN_FIELD',
  ],
  [
    'EKS_RELAY announcement of three fields',
    withHeader('EKS_RELAY', {}, mp.arr([relayList([mp.arr(relayParts().slice(0, 3))])])),
    'MISSING_FIELD',
  ],
  [
    'EKS_RELAY announcement naming an upper-case node',
    withHeader('EKS_RELAY', {}, mp.arr([relayList([relayEntry({ 0: mp.str('Vega') })])])),
    'INVALID_FIELD',
  ],
  [
    'EKS_RELAY announcement of 31 bytes',
    withHeader('EKS_RELAY', {}, mp.arr([relayList([relayEntry({ 3: mp.bin('00'.repeat(31)) })])])),
    'INVALID_FIELD',
  ],
  [
    'EKS_RELAY announcement of 33 bytes',
    withHeader('EKS_RELAY', {}, mp.arr([relayList([relayEntry({ 3: mp.bin('00'.repeat(33)) })])])),
    'INVALID_FIELD',
  ],
  [
    'EKS_RELAY hop key id of 32 bytes (a key where an id goes)',
    withHeader('EKS_RELAY', {}, mp.arr([relayList([relayEntry({ 2: mp.bin('ab'.repeat(32)) })])])),
    'INVALID_FIELD',
  ],
  [
    'EKS_RELAY hop key used twice in one packet',
    withHeader(
      'EKS_RELAY',
      {},
      mp.arr([relayList([relayEntry(), relayEntry({ 1: mp.bin('02'.repeat(16)) })])]),
    ),
    'DUPLICATE_KEY',
  ],
  [
    'EKS_RELAY node key announced twice in one packet',
    withHeader(
      'EKS_RELAY',
      {},
      mp.arr([relayList([relayEntry(), relayEntry({ 2: mp.bin('03'.repeat(16)) })])]),
    ),
    'DUPLICATE_KEY',
  ],
  [
    'CONTRACT_RUN at version 3',
    withHeader('CONTRACT_RUN', { 0: mp.uint(3) }, runBody()),
    'UNSUPPORTED_VERSION',
  ],
  ['ACK at version 4', withHeader('ACK', { 0: mp.uint(4) }, ackBody), 'UNSUPPORTED_VERSION'],
  [
    'CONTRACT_RUN of a CHSH run with a state',
    withHeader('CONTRACT_RUN', {}, runBody({ 9: runState })),
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN of a TELEPORT run without a state',
    withHeader('CONTRACT_RUN', {}, runBody({ 2: mp.uint(1) })),
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN secret of 31 bytes',
    withHeader('CONTRACT_RUN', {}, runBody({ 5: mp.bin('5a'.repeat(31)) })),
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN secret of 33 bytes',
    withHeader('CONTRACT_RUN', {}, runBody({ 5: mp.bin('5a'.repeat(33)) })),
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN of 0 pairs',
    withHeader('CONTRACT_RUN', {}, runBody({ 8: mp.uint(0) })),
    'OUT_OF_RANGE',
  ],
  [
    'CONTRACT_RUN of 65 537 pairs (over the cap of 65 536)',
    withHeader('CONTRACT_RUN', {}, runBody({ 8: mp.uint(65537) })),
    'OUT_OF_RANGE',
  ],
  [
    'CONTRACT_RUN role 2',
    withHeader('CONTRACT_RUN', {}, runBody({ 3: mp.uint(2) })),
    'OUT_OF_RANGE',
  ],
  [
    'CONTRACT_RUN use 2',
    withHeader('CONTRACT_RUN', {}, runBody({ 2: mp.uint(2) })),
    'OUT_OF_RANGE',
  ],
  [
    'CONTRACT_RUN contract 0',
    withHeader('CONTRACT_RUN', {}, runBody({ 0: mp.uint(0) })),
    'OUT_OF_RANGE',
  ],
  [
    'CONTRACT_RUN link of 6 fields',
    withHeader(
      'CONTRACT_RUN',
      {},
      runBody({ 6: mp.arr([25000, 200, 1000000, 500000, 900000, 990000].map(mp.uint)) }),
    ),
    'MISSING_FIELD',
  ],
  [
    'CONTRACT_RUN link with an initial fidelity below 1/4',
    withHeader(
      'CONTRACT_RUN',
      {},
      runBody({ 6: mp.arr([25000, 200, 1000000, 500000, 900000, 249999, 10000].map(mp.uint)) }),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'CONTRACT_RUN state with θ above π',
    withHeader(
      'CONTRACT_RUN',
      {},
      runBody({ 2: mp.uint(1), 9: mp.arr([mp.uint(3141594), mp.uint(0)]) }),
    ),
    'OUT_OF_RANGE',
  ],
  [
    'CONTRACT_RUN body of 11 elements',
    withHeader('CONTRACT_RUN', {}, `9b${runBody().slice(2)}${mp.nil}`),
    'UNKNOWN_FIELD',
  ],
  [
    'WINDOW at version 4',
    withHeader('WINDOW', { 0: mp.uint(4) }, windowWire()),
    'UNSUPPORTED_VERSION',
  ],
  ['ACK at version 5', withHeader('ACK', { 0: mp.uint(5) }, ackBody), 'UNSUPPORTED_VERSION'],
  [
    'CONTRACT_RUN at version 5',
    withHeader('CONTRACT_RUN', { 0: mp.uint(5) }, runBody()),
    'UNSUPPORTED_VERSION',
  ],
  [
    'WINDOW ACTIVE without activatedL',
    withHeader('WINDOW', {}, windowWire({ 5: mp.nil })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW ACTIVATE without activatedL',
    withHeader('WINDOW', {}, windowWire({ 1: mp.uint(2), 5: mp.nil, 6: mp.nil })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW READY with activatedL',
    withHeader('WINDOW', {}, windowWire({ 1: mp.uint(1) })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW TERMINATE with activatedL',
    withHeader('WINDOW', {}, windowWire({ 1: mp.uint(4), 6: mp.nil })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW ACTIVE without a phase error',
    withHeader('WINDOW', {}, windowWire({ 6: mp.nil })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW FAULT without a phase error',
    withHeader('WINDOW', {}, windowWire({ 1: mp.uint(6), 5: mp.nil, 6: mp.nil })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW ACTIVATE with a phase error',
    withHeader('WINDOW', {}, windowWire({ 1: mp.uint(2) })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW PREPARE with a phase error',
    withHeader('WINDOW', {}, windowWire({ 1: mp.uint(0), 5: mp.nil })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW PREPARE with both, the phase error out of range (the body is read before the rules)',
    withHeader('WINDOW', {}, windowWire({ 1: mp.uint(0), 6: mp.uint(6284) })),
    'OUT_OF_RANGE',
  ],
  ['WINDOW step 7', withHeader('WINDOW', {}, windowWire({ 1: mp.uint(7) })), 'OUT_OF_RANGE'],
  ['WINDOW tolerance 0', withHeader('WINDOW', {}, windowWire({ 3: mp.uint(0) })), 'OUT_OF_RANGE'],
  [
    'WINDOW tolerance 6 284 mrad (2π or more)',
    withHeader('WINDOW', {}, windowWire({ 3: mp.uint(6284) })),
    'OUT_OF_RANGE',
  ],
  [
    'WINDOW phase error 6 284 mrad',
    withHeader('WINDOW', {}, windowWire({ 6: mp.uint(6284) })),
    'OUT_OF_RANGE',
  ],
  ['WINDOW length 0 ms', withHeader('WINDOW', {}, windowWire({ 2: mp.uint(0) })), 'OUT_OF_RANGE'],
  [
    'WINDOW length over a day',
    withHeader('WINDOW', {}, windowWire({ 2: mp.uint(86400001) })),
    'OUT_OF_RANGE',
  ],
  [
    'WINDOW upper-case clock domain',
    withHeader('WINDOW', {}, windowWire({ 4: mp.str('GPS') })),
    'INVALID_FIELD',
  ],
  [
    'WINDOW clock domain of 64 bytes',
    withHeader('WINDOW', {}, windowWire({ 4: mp.str('a'.repeat(64)) })),
    'TOO_LARGE',
  ],
  [
    'WINDOW body of 8 elements',
    withHeader('WINDOW', {}, `98${windowWire().slice(2)}${mp.nil}`),
    'UNKNOWN_FIELD',
  ],
  [
    'NACK detail over 256 bytes',
    withHeader('NACK', {}, mp.arr([mp.bin(id2), '00', mp.str('x'.repeat(257))])),
    'TOO_LARGE',
  ],
];
for (const [name, hex, error] of bad)
  malformed.push({ name, operation: 'decodePacket', input: { hex }, error });

const eksBody = (link: unknown, round: unknown = 0) => ({
  status: { state: 'lost', lastSyncMs: 0, reason: 'LINK_DOWN' },
  keyIds: [],
  round,
  link,
});
/** The in-memory body of runBody(). */
const runJson = {
  contract: 70000,
  run: id2,
  use: 'CHSH',
  role: 0,
  peer: 'altair',
  secret: '5a'.repeat(32),
  link: {
    lengthM: 25000,
    lossMdbPerKm: 200,
    attemptRateHz: 1000000,
    emissionPpm: 500000,
    detectorPpm: 900000,
    initialFidelityPpm: 990000,
    memoryTimeMs: 10000,
  },
  firstPair: 0,
  pairs: 1000,
  state: null,
};
/** The in-memory body of windowWire(). */
const windowJson = {
  contract: 70000,
  step: 'ACTIVE',
  lengthMs: 60000,
  toleranceMrad: 100,
  clockDomain: 'gps',
  activatedL: 71000,
  phaseErrorMrad: 12,
};
const encodeBad: [string, unknown, string][] = [
  [
    'EKS_SYNC with 2^40 pulses',
    { type: 'EKS_SYNC', header: H, body: eksBody({ ...defaultLink, pulsesPerRound: 2 ** 40 }) },
    'OUT_OF_RANGE',
  ],
  [
    'EKS_SYNC with a fractional distance',
    { type: 'EKS_SYNC', header: H, body: eksBody({ ...defaultLink, distanceM: 12.5 }) },
    'WRONG_TYPE',
  ],
  [
    'EKS_SYNC without a link',
    { type: 'EKS_SYNC', header: H, body: eksBody(undefined) },
    'WRONG_TYPE',
  ],
  [
    'EKS_SYNC round -1',
    { type: 'EKS_SYNC', header: H, body: eksBody(defaultLink, -1) },
    'OUT_OF_RANGE',
  ],
  [
    'EKS_RELAY with a 16-byte announcement',
    {
      type: 'EKS_RELAY',
      header: H,
      body: {
        announcements: [
          {
            node: 'vega',
            nodeKeyId: '0a0b0c0d-0000-4000-8000-000000000001',
            hopKeyId: '1a1b1c1d-0000-4000-8000-000000000001',
            announcement: '00'.repeat(16),
          },
        ],
      },
    },
    'INVALID_FIELD',
  ],
  [
    'EKS_RELAY without announcements',
    { type: 'EKS_RELAY', header: H, body: { announcements: [] } },
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN of a TELEPORT run without a state',
    { type: 'CONTRACT_RUN', header: H, body: { ...runJson, use: 'TELEPORT' } },
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN of a CHSH run with a state',
    { type: 'CONTRACT_RUN', header: H, body: { ...runJson, state: { thetaUrad: 0, phiUrad: 0 } } },
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN with a 16-byte secret',
    { type: 'CONTRACT_RUN', header: H, body: { ...runJson, secret: '5a'.repeat(16) } },
    'INVALID_FIELD',
  ],
  [
    'CONTRACT_RUN of 65 537 pairs',
    { type: 'CONTRACT_RUN', header: H, body: { ...runJson, pairs: 65537 } },
    'OUT_OF_RANGE',
  ],
  [
    'WINDOW PREPARE with activatedL',
    { type: 'WINDOW', header: H, body: { ...windowJson, step: 'PREPARE' } },
    'INVALID_FIELD',
  ],
  [
    'WINDOW ACTIVE without a phase error',
    { type: 'WINDOW', header: H, body: { ...windowJson, phaseErrorMrad: null } },
    'INVALID_FIELD',
  ],
  [
    'WINDOW step OPEN',
    { type: 'WINDOW', header: H, body: { ...windowJson, step: 'OPEN' } },
    'OUT_OF_RANGE',
  ],
  [
    'WINDOW tolerance 6 284 mrad',
    { type: 'WINDOW', header: H, body: { ...windowJson, toleranceMrad: 6284 } },
    'OUT_OF_RANGE',
  ],
  ['unknown type', { type: 'TELEPORT', header: H, body: {} }, 'UNKNOWN_PACKET_TYPE'],
  [
    'upper-case destination',
    { type: 'ACK', header: { ...H, destination: 'Rigel' }, body: { ackOf: id2 } },
    'INVALID_FIELD',
  ],
  [
    'fractional Lamport time',
    { type: 'ACK', header: { ...H, lamport: 1.5 }, body: { ackOf: id2 } },
    'WRONG_TYPE',
  ],
  [
    'upper-case packet id',
    { type: 'ACK', header: { ...H, packetId: id2.toUpperCase() }, body: { ackOf: id2 } },
    'INVALID_FIELD',
  ],
  [
    'outcome 2 in a measurement',
    {
      type: 'MEASUREMENT_RESULT',
      header: H,
      body: { requestId: id2, bases: '00', outcomes: '02' },
    },
    'OUT_OF_RANGE',
  ],
];
for (const [name, packet, error] of encodeBad) {
  malformed.push({
    name: `encode refuses: ${name}`,
    operation: 'encodePacket',
    input: { packet },
    error,
  });
}

// ---------------------------------------------------------------- frames
const frames = file(
  'frames.json',
  'Stream framing (docs/spec/chips.md §8): 4-byte big-endian length prefix, incremental decoding in chunks of any size.',
);
const frameOf = (hex: string) => hx(hex.length / 2, 4) + hex;
const ackPacket = packetVectors.find((v) => v.name === 'decode: ACK')!.output;
const nackPacket = packetVectors.find(
  (v) => v.name === 'decode: NACK with an empty detail',
)!.output;
frames.push({
  name: 'frame of an ACK (71 bytes = 0x47)',
  operation: 'encodeFrame',
  input: { packet: ackPacket },
  output: frameOf(ack),
});
const two = frameOf(ack) + frameOf(hexes.get('NACK with an empty detail')!);
for (const chunkSize of [1, 2, 3, 5, 75, 1000]) {
  frames.push({
    name: `two frames fed ${chunkSize} byte(s) at a time`,
    operation: 'decodeFrames',
    input: { hex: two, chunkSize },
    output: [ackPacket, nackPacket],
  });
}
frames.push({
  name: 'empty stream',
  operation: 'decodeFrames',
  input: { hex: '', chunkSize: 1 },
  output: [],
});
frames.push({
  name: 'frame over maxFrameBytes, refused from its prefix',
  operation: 'decodeFrames',
  input: { hex: frameOf(ack), chunkSize: 1, maxFrameBytes: 70 },
  error: 'FRAME_TOO_LARGE',
});
frames.push({
  name: 'prefix claiming 4 GiB - 1',
  operation: 'decodeFrames',
  input: { hex: 'ffffffff', chunkSize: 4 },
  error: 'FRAME_TOO_LARGE',
});
frames.push({
  name: 'stream ending inside a frame',
  operation: 'decodeFrames',
  input: { hex: frameOf(ack).slice(0, -2), chunkSize: 7 },
  error: 'TRUNCATED',
});
frames.push({
  name: 'stream ending inside a length prefix',
  operation: 'decodeFrames',
  input: { hex: `${frameOf(ack)}0000`, chunkSize: 3 },
  error: 'TRUNCATED',
});
frames.push({
  name: 'zero-length frame',
  operation: 'decodeFrames',
  input: { hex: '00000000', chunkSize: 1 },
  error: 'TRUNCATED',
});
frames.push({
  name: 'frame one byte longer than its packet',
  operation: 'decodeFrames',
  input: { hex: hx(72, 4) + ack + '00', chunkSize: 10 },
  error: 'TRAILING_BYTES',
});
frames.push({
  name: 'second frame holds a non-canonical packet',
  operation: 'decodeFrames',
  input: { hex: frameOf(ack) + frameOf(withHeader('ACK', { 6: 'cc07' }, ackBody)), chunkSize: 1 },
  error: 'NON_CANONICAL',
});

// ---------------------------------------------------------------- health reports
const health = file(
  'health-report.json',
  'HealthReport validation: fields, ranges, the eksOk / eksLossReason rule, sorted unique faults.',
);
const good = {
  eksOk: true,
  eksLastSyncMs: 1763700000000,
  fidelity1qPpm: 999500,
  fidelity2qPpm: 990000,
  utilisationPct: 42,
  faults: [],
};
const okCases: [string, unknown][] = [
  ['healthy', good],
  [
    'lost with every fault',
    {
      ...good,
      eksOk: false,
      eksLossReason: 'LINK_DOWN',
      faults: ['CALIBRATION', 'CONTROL_ELECTRONICS', 'CRYOSTAT', 'OTHER', 'QKD_HARDWARE'],
    },
  ],
  [
    'bounds',
    { ...good, eksLastSyncMs: 0, fidelity1qPpm: 0, fidelity2qPpm: 1000000, utilisationPct: 100 },
  ],
];
for (const [name, report] of okCases)
  health.push({ name, operation: 'validateHealthReport', input: { report }, output: report });
const badReports: [string, unknown, string][] = [
  ['loss reason while eksOk', { ...good, eksLossReason: 'LINK_DOWN' }, 'INVALID_FIELD'],
  ['no loss reason while lost', { ...good, eksOk: false }, 'MISSING_FIELD'],
  ['unknown loss reason', { ...good, eksOk: false, eksLossReason: 'SOLAR_FLARE' }, 'OUT_OF_RANGE'],
  ['fidelity over 1e6 ppm', { ...good, fidelity1qPpm: 1000001 }, 'OUT_OF_RANGE'],
  ['fractional fidelity', { ...good, fidelity2qPpm: 0.99 }, 'WRONG_TYPE'],
  ['utilisation 101', { ...good, utilisationPct: 101 }, 'OUT_OF_RANGE'],
  ['negative sync time', { ...good, eksLastSyncMs: -1 }, 'OUT_OF_RANGE'],
  ['faults unsorted', { ...good, faults: ['OTHER', 'CRYOSTAT'] }, 'INVALID_FIELD'],
  ['fault repeated', { ...good, faults: ['OTHER', 'OTHER'] }, 'INVALID_FIELD'],
  ['unknown fault', { ...good, faults: ['GREMLINS'] }, 'OUT_OF_RANGE'],
  ['extra field (amplitudes)', { ...good, amplitudes: [0.6, 0.8] }, 'UNKNOWN_FIELD'],
  ['eksOk as a string', { ...good, eksOk: 'yes' }, 'WRONG_TYPE'],
];
for (const [name, report, error] of badReports)
  health.push({
    name: `refuse: ${name}`,
    operation: 'validateHealthReport',
    input: { report },
    error,
  });

// ---------------------------------------------------------------- header stamping
const stamping = file(
  'stamping.json',
  'Header stamping: one Lamport rule (tick on send, max + 1 on receive), seq per destination wrapping at 2^32, packet ids from the random bytes, NACK details, forwarding.',
);
type StampStep =
  | { send: string; scope: string; hopLimit: number; reroute?: 'allow' | 'deny'; packetId?: string }
  | { receive: number }
  | { observe: number };

/** The rules of §4.3 as a model: what each event of a scenario must give. */
function modelStamps(source: string, random: string, start: number, steps: StampStep[]): unknown[] {
  let l = start;
  let r = 0;
  const seq = new Map<string, number>();
  const randomHex = (n: number) => {
    let out = '';
    for (let k = 0; k < n; k++, r++)
      out += random.slice((2 * r) % random.length, ((2 * r) % random.length) + 2);
    return out;
  };
  return steps.map((e) => {
    if ('send' in e) {
      l = Math.min(l + 1, 2 ** 53 - 1);
      const n = seq.get(e.send) ?? 0;
      seq.set(e.send, (n + 1) % 2 ** 32);
      return {
        destination: e.send,
        source,
        packetId: e.packetId ?? randomHex(16),
        lamport: l,
        seq: n,
        scope: e.scope,
        hopLimit: e.hopLimit,
        reroute: e.reroute ?? 'deny',
      };
    }
    const t = 'receive' in e ? e.receive : e.observe;
    l = Math.min(Math.max(l, t) + 1, 2 ** 53 - 1);
    return { lamport: l };
  });
}
function stampVector(
  name: string,
  steps: StampStep[],
  { start = 0, random = '000102030405060708090a0b0c0d0e0f' } = {},
) {
  const source = '0011223344556677';
  stamping.push({
    name,
    operation: 'stampHeaders',
    input: { source, random, ...(start === 0 ? {} : { start }), events: steps },
    output: modelStamps(source, random, start, steps),
  });
}
const hb = { scope: 'node:heartbeat', hopLimit: 16 };
stampVector('a node sends three heartbeats: L 1, 2, 3 and seq 0, 1, 2', [
  { send: 'qan', ...hb },
  { send: 'qan', ...hb },
  { send: 'qan', ...hb },
]);
stampVector('receiving a later time jumps past it; an earlier one still ticks', [
  { send: 'qan', ...hb },
  { receive: 500 },
  { send: 'qan', ...hb },
  { receive: 3 },
  { send: 'qan', ...hb },
]);
stampVector('seq counts per destination; Lamport time is one clock for all', [
  { send: 'rigel', scope: 'job:submit', hopLimit: 8, reroute: 'allow' },
  { send: 'vega', scope: 'job:submit', hopLimit: 8 },
  { send: 'rigel', scope: 'ack', hopLimit: 8 },
  { receive: 20 },
  { send: 'vega', scope: 'ack', hopLimit: 8 },
]);
stampVector('an observed time (registry state) moves the clock like a receive', [
  { observe: 41 },
  { send: 'us-east-relay', scope: 'registry:block', hopLimit: 1 },
  { observe: 41 },
  { send: 'rigel', scope: 'job:submit', hopLimit: 8, packetId: 'ab'.repeat(16) },
]);
stampVector(
  'the clock stops at 2^53 - 1',
  [{ send: 'qan', ...hb }, { receive: 2 ** 53 - 1 }, { send: 'qan', ...hb }],
  { start: 2 ** 53 - 2 },
);
stampVector(
  'packet ids are the next 16 random bytes in lower-case hex',
  [
    { send: 'qan', ...hb },
    { send: 'qan', ...hb },
  ],
  { random: 'ff00ee11dd22cc33' },
);
stamping.push(
  {
    name: 'refuse: a received time no header can carry',
    operation: 'stampHeaders',
    input: { source: '0011223344556677', random: '00', events: [{ receive: -1 }] },
    error: 'OUT_OF_RANGE',
  },
  {
    name: 'refuse: a hop limit over 255',
    operation: 'stampHeaders',
    input: {
      source: '0011223344556677',
      random: '00',
      events: [{ send: 'qan', scope: 'x', hopLimit: 256 }],
    },
    error: 'OUT_OF_RANGE',
  },
);
for (const [name, text, detail] of [
  ['short ASCII is kept', 'hop limit reached', 'hop limit reached'],
  ['ASCII is cut at 256 bytes', 'x'.repeat(500), 'x'.repeat(256)],
  ['2-byte characters are cut whole', 'é'.repeat(300), 'é'.repeat(128)],
  [
    'a 4-byte character that would cross the limit is dropped',
    `${'x'.repeat(254)}😀`,
    'x'.repeat(254),
  ],
  ['a lone surrogate becomes U+FFFD', 'a\uD800b', 'a\uFFFDb'],
  ['decomposed text is put in NFC', 'e\u0301', 'é'],
] as const) {
  stamping.push({
    name: `NACK detail: ${name}`,
    operation: 'nackDetail',
    input: { text },
    output: detail,
  });
}
const forwardHeader = {
  destination: 'rigel',
  source: '0011223344556677',
  packetId: '0f'.repeat(16),
  lamport: 42,
  seq: 7,
  scope: 'job:submit',
  hopLimit: 2,
  reroute: 'allow',
};
const forwardBody = { ackOf: '00'.repeat(16) };
stamping.push(
  {
    name: 'forwarding spends one hop and keeps the rest of the header',
    operation: 'forwardedPacket',
    input: { packet: { type: 'ACK', header: forwardHeader, body: forwardBody } },
    output: { type: 'ACK', header: { ...forwardHeader, hopLimit: 1 }, body: forwardBody },
  },
  {
    name: 'refuse: forwarding a packet with no hop left',
    operation: 'forwardedPacket',
    input: {
      packet: { type: 'ACK', header: { ...forwardHeader, hopLimit: 0 }, body: forwardBody },
    },
    error: 'OUT_OF_RANGE',
  },
);

// ---------------------------------------------------------------- check against the codec, then write
let total = 0;
const failures: string[] = [];
for (const [fileName, { vectors }] of files) {
  for (const v of vectors) {
    total++;
    const op = adapter.operations[v.operation]!;
    try {
      const got = toJsonValue(await op(v.input));
      if (v.error !== undefined)
        failures.push(`${fileName} ${v.name}: expected ${v.error}, got a result`);
      else {
        const diff = jsonEqual(got, v.output);
        if (diff) failures.push(`${fileName} ${v.name}: ${diff}`);
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== v.error)
        failures.push(
          `${fileName} ${v.name}: expected ${v.error ?? 'a result'}, got ${code ?? String(e)}`,
        );
    }
  }
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
const dir = join(import.meta.dirname, '..', 'vectors', 'chips-codec');
for (const [name, { description, vectors }] of files) {
  const out = {
    $schema: '../../../schemas/conformance/vector-file.schema.json',
    package: 'chips-codec',
    description,
    vectors,
  };
  writeFileSync(join(dir, name), `${JSON.stringify(out, null, 2)}\n`);
}
console.log(`wrote ${total} vectors in ${files.size} files`);
