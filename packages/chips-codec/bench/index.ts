/**
 * CHIPS codec speed against the decoders a user would pick instead, in the same run:
 * msgpackr (Packr / unpack) and plain @msgpack/msgpack, on one ~300-byte JOB_SUBMIT packet.
 * Run: pnpm --filter @qcos/chips-codec bench
 */
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { Packr } from 'msgpackr';
import { Bench } from 'tinybench';
import {
  decodePacket,
  encodePacket,
  type NodeId,
  type Packet,
  type PacketId,
} from '../src/index.js';

const packet: Packet = {
  type: 'JOB_SUBMIT',
  header: {
    destination: 'rigel',
    source: '3f2a9c01d4e5b6a7' as NodeId,
    packetId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' as PacketId,
    lamport: 1_763_700_000,
    seq: 4711,
    scope: 'job:submit',
    hopLimit: 8,
    reroute: 'allow',
  },
  body: {
    quri: 'q://rigel.eu-west/run?shots=1024&min-fidelity=0.97&qubits=5',
    program:
      'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[3] q;\nbit[3] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\nbarrier q;\nc = measure q;\n// GHZ state on 3 qubits, measured in Z\n',
    params: { shots: 1024, minFidelityPpm: 970_000, qubits: 5, deadlineMs: 60_000, priority: 3 },
  },
};

const chipsBytes = encodePacket(packet);
// Same logical object, plain MessagePack maps with string keys (what a user would send instead).
const packr = new Packr({ useRecords: false });
const msgpackrBytes = packr.pack(packet);
const msgpackBytes = msgpackEncode(packet);

const TARGET_DECODE_PER_S = 600_000; // ≈ msgpackr unpack on this machine, the stated target

const bench = new Bench({ time: 1500, warmupTime: 300 });
let sink: unknown;
bench
  .add('chips decodePacket (decode + validate)', () => {
    sink = decodePacket(chipsBytes);
  })
  .add('msgpackr unpack (Packet object)', () => {
    sink = packr.unpack(msgpackrBytes);
  })
  .add('msgpackr unpack (the CHIPS bytes, no checks)', () => {
    sink = packr.unpack(chipsBytes);
  })
  .add('@msgpack/msgpack decode (Packet object)', () => {
    sink = msgpackDecode(msgpackBytes);
  })
  .add('chips encodePacket (validate + encode)', () => {
    sink = encodePacket(packet);
  })
  .add('msgpackr pack (Packet object)', () => {
    sink = packr.pack(packet);
  })
  .add('@msgpack/msgpack encode (Packet object)', () => {
    sink = msgpackEncode(packet);
  });

await bench.run();
void sink;

const hz = (name: string): number => {
  const t = bench.tasks.find((x) => x.name === name);
  return t?.result?.throughput.mean ?? Number.NaN;
};

console.log(
  `packet sizes: chips ${chipsBytes.length} B, msgpackr ${msgpackrBytes.length} B, @msgpack/msgpack ${msgpackBytes.length} B`,
);
console.log('| operation | ops/s | vs msgpackr | vs @msgpack/msgpack | vs target |');
console.log('|---|---:|---:|---:|---:|');
const row = (name: string, peerR: string, peerM: string, target?: number): void => {
  const v = hz(name);
  const t = target === undefined ? '' : `${(v / target).toFixed(2)}×`;
  console.log(
    `| ${name} | ${Math.round(v).toLocaleString('en-US')} | ${(v / hz(peerR)).toFixed(2)}× | ${(v / hz(peerM)).toFixed(2)}× | ${t} |`,
  );
};
const unpackR = 'msgpackr unpack (Packet object)';
const decodeM = '@msgpack/msgpack decode (Packet object)';
row('chips decodePacket (decode + validate)', unpackR, decodeM, TARGET_DECODE_PER_S);
row(unpackR, unpackR, decodeM, TARGET_DECODE_PER_S);
row('msgpackr unpack (the CHIPS bytes, no checks)', unpackR, decodeM);
row(decodeM, unpackR, decodeM);
const packR = 'msgpackr pack (Packet object)';
const encodeM = '@msgpack/msgpack encode (Packet object)';
row('chips encodePacket (validate + encode)', packR, encodeM);
row(packR, packR, encodeM);
row(encodeM, packR, encodeM);
