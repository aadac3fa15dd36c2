import { type BlockHead, type StoredBlock, StoreError } from '@qcos/interface';

// Heights are zero-padded to the 16 digits of Number.MAX_SAFE_INTEGER, so etcd's byte order of
// the keys is the order of the heights and a key range is a height range.
const HEIGHT_DIGITS = 16;

/** The etcd keys of one block log, all under `prefix`. */
export interface BlockKeys {
  /** `<prefix>head`: the height and hash of the highest block, compared by every append. */
  readonly head: string;
  /** `<prefix>block/`: every block key starts with it. */
  readonly blocks: string;
  /** `<prefix>base`: the lowest height still stored, once retention has pruned any block. */
  readonly base: string;
  /** `<prefix>block/<height, 16 digits>`. */
  block(height: number): string;
  /** The height of a block key, or STORE_CORRUPT. */
  heightOf(key: string): number;
}

export function blockKeys(prefix: string): BlockKeys {
  const blocks = `${prefix}block/`;
  return {
    head: `${prefix}head`,
    blocks,
    base: `${prefix}base`,
    block: (height) => blocks + String(height).padStart(HEIGHT_DIGITS, '0'),
    heightOf: (key) => {
      const digits = key.slice(blocks.length);
      if (!key.startsWith(blocks) || !/^[0-9]{16}$/.test(digits)) {
        throw new StoreError('STORE_CORRUPT', `not a block key: ${key}`, { key });
      }
      return Number(digits);
    },
  };
}

/**
 * The value of the head key: height as 8 bytes big-endian, then the hash. One encoding per head,
 * so etcd can compare it byte for byte with the head a writer expects.
 */
export function encodeHead(head: BlockHead): Buffer {
  const out = Buffer.alloc(8 + head.hash.length);
  out.writeBigUInt64BE(BigInt(head.height), 0);
  out.set(head.hash, 8);
  return out;
}

export function decodeHead(value: Uint8Array, key: string): BlockHead {
  if (value.length < 8) throw corrupt(key, 'a head value is at least 8 bytes');
  const view = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const height = view.readBigUInt64BE(0);
  if (height > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(key, 'the head height is too large');
  return { height: Number(height), hash: new Uint8Array(value.subarray(8)) };
}

/** The value of the base key: the height as 8 bytes big-endian. */
export function encodeBase(height: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(height), 0);
  return out;
}

export function decodeBase(value: Uint8Array, key: string): number {
  if (value.length !== 8) throw corrupt(key, 'a base value is 8 bytes');
  const height = Buffer.from(value.buffer, value.byteOffset, 8).readBigUInt64BE(0);
  if (height > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(key, 'the base height is too large');
  return Number(height);
}

/** The value of a block key: hash length (4 bytes big-endian), hash, block bytes. */
export function encodeBlock(block: StoredBlock): Buffer {
  const out = Buffer.alloc(4 + block.hash.length + block.bytes.length);
  out.writeUInt32BE(block.hash.length, 0);
  out.set(block.hash, 4);
  out.set(block.bytes, 4 + block.hash.length);
  return out;
}

export function decodeBlock(height: number, value: Uint8Array, key: string): StoredBlock {
  if (value.length < 4) throw corrupt(key, 'a block value is at least 4 bytes');
  const view = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const hashLength = view.readUInt32BE(0);
  if (4 + hashLength > value.length) throw corrupt(key, 'the hash runs past the value');
  return {
    height,
    hash: new Uint8Array(value.subarray(4, 4 + hashLength)),
    bytes: new Uint8Array(value.subarray(4 + hashLength)),
  };
}

function corrupt(key: string, why: string): StoreError {
  return new StoreError('STORE_CORRUPT', `${key}: ${why}`, { key });
}
