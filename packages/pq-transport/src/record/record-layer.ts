/**
 * The record layer over the two transport CipherStates of a finished handshake.
 *
 *   record = u8 type ‖ u16 length ‖ u64 counter ‖ AEAD(k_epoch, nonce = counter, ad = first 11 bytes, plaintext)
 *
 * type 0x17 data, 0x18 key update, 0x15 close; length = bytes after the header.
 * Keys change by epochs: epoch = floor(counter / rekeyInterval), and the key of epoch
 * e + 1 is Noise Rekey() of the key of epoch e. Rekey by count therefore needs no
 * message; rekey on demand sends a key-update record and moves the sender's counter to
 * the next epoch. Streams require counters in order (a gap is only allowed right after
 * a key update); datagrams use a sliding anti-replay window and may arrive out of order.
 */
import { readU64BE, writeU64BE } from '../bytes.js';
import { AEAD_TAG_LENGTH } from '../crypto/aead.js';
import { fail } from '../errors.js';
import type { CipherState } from '../noise/cipher-state.js';
import { ReplayWindow } from './replay-window.js';

export const RECORD_HEADER_LENGTH = 11;
export const RECORD_DATA = 0x17;
export const RECORD_KEY_UPDATE = 0x18;
export const RECORD_CLOSE = 0x15;
/** Largest plaintext in one record (the wire allows 65535 - 16). */
export const MAX_RECORD_PLAINTEXT = 65_535 - AEAD_TAG_LENGTH;
export const DEFAULT_MAX_RECORD_PLAINTEXT = 16_384;
export const DEFAULT_REKEY_INTERVAL = 2 ** 20;
/** A receiver ratchets at most this many epochs ahead for one record (bounded work). */
export const MAX_EPOCH_SKIP = 8;
/** Counters stop here (2^53 - 1): the session must be replaced before. */
export const MAX_RECORD_COUNTER = Number.MAX_SAFE_INTEGER - 1;

export type TransportMode = 'stream' | 'datagram';

export interface RecordOptions {
  /** 'stream' (TCP: strict order) or 'datagram' (UDP: anti-replay window). Default stream. */
  readonly mode?: TransportMode;
  /** Default 16384, at most 65519. */
  readonly maxRecordPlaintext?: number;
  /** Records per key epoch, a power of two 2^4..2^40. Default 2^20. */
  readonly rekeyInterval?: number;
}

export type OpenedRecord =
  | { readonly kind: 'data'; readonly data: Uint8Array }
  | { readonly kind: 'key-update' }
  | { readonly kind: 'close' };

const EMPTY = new Uint8Array(0);

export class RecordLayer {
  readonly mode: TransportMode;
  readonly maxRecordPlaintext: number;
  readonly rekeyInterval: number;
  #send: CipherState;
  #sendEpoch = 0;
  #sendCounter = 0;
  #recv: CipherState;
  #recvPrev: CipherState | undefined;
  #recvEpoch = 0;
  #recvNext = 0;
  readonly #window = new ReplayWindow();
  #closed = false;
  #peerClosed = false;

  constructor(send: CipherState, recv: CipherState, o: RecordOptions = {}) {
    this.mode = o.mode ?? 'stream';
    this.maxRecordPlaintext = o.maxRecordPlaintext ?? DEFAULT_MAX_RECORD_PLAINTEXT;
    this.rekeyInterval = o.rekeyInterval ?? DEFAULT_REKEY_INTERVAL;
    const log2 = Math.log2(this.rekeyInterval);
    if (!Number.isInteger(log2) || log2 < 4 || log2 > 40) {
      fail('INVALID_ARGUMENT', 'rekeyInterval must be a power of two 2^4..2^40', 'rekeyInterval');
    }
    const m = this.maxRecordPlaintext;
    if (!Number.isInteger(m) || m < 1 || m > MAX_RECORD_PLAINTEXT) {
      fail(
        'INVALID_ARGUMENT',
        `maxRecordPlaintext must be 1..${MAX_RECORD_PLAINTEXT}`,
        'maxRecordPlaintext',
      );
    }
    if (this.mode !== 'stream' && this.mode !== 'datagram')
      fail('INVALID_ARGUMENT', 'mode', 'mode');
    this.#send = send.clone();
    this.#recv = recv.clone();
  }

  /** Local side has sent close: nothing more may be sealed. */
  get isClosed(): boolean {
    return this.#closed;
  }
  /** The peer's close record arrived: nothing more will be opened. */
  get peerClosed(): boolean {
    return this.#peerClosed;
  }
  get sendCounter(): number {
    return this.#sendCounter;
  }

  #epoch(counter: number): number {
    return Math.floor(counter / this.rekeyInterval);
  }

  #seal(type: number, plaintext: Uint8Array): Uint8Array {
    const header = this.#next(type, plaintext);
    const out = this.#send.sealAt(this.#sendCounter - 1, header, plaintext, RECORD_HEADER_LENGTH);
    out.set(header, 0);
    return out;
  }

  /** Checks limits, advances the counter and the send epoch; returns the header (counter = sendCounter - 1). */
  #next(type: number, plaintext: Uint8Array): Uint8Array {
    if (this.#closed) return fail('SESSION_CLOSED', 'session closed');
    if (plaintext.length > this.maxRecordPlaintext) {
      fail(
        'MESSAGE_TOO_LARGE',
        `record plaintext over ${this.maxRecordPlaintext} bytes`,
        'plaintext',
      );
    }
    const c = this.#sendCounter;
    if (c > MAX_RECORD_COUNTER) return fail('COUNTER_EXHAUSTED', 'record counter exhausted');
    const e = this.#epoch(c);
    while (this.#sendEpoch < e) {
      this.#send.rekey();
      this.#sendEpoch++;
    }
    const header = new Uint8Array(RECORD_HEADER_LENGTH);
    const len = plaintext.length + AEAD_TAG_LENGTH;
    header[0] = type;
    header[1] = len >>> 8;
    header[2] = len & 0xff;
    writeU64BE(header, 3, c);
    this.#sendCounter = c + 1;
    return header;
  }

  seal(plaintext: Uint8Array): Uint8Array {
    return this.#seal(RECORD_DATA, plaintext);
  }

  /**
   * The same record as seal(), as [header, ciphertext, tag] (or [header, ciphertext ‖ tag])
   * for scatter/gather writes: with node:crypto this saves copying the payload once.
   */
  sealParts(plaintext: Uint8Array): readonly Uint8Array[] {
    const header = this.#next(RECORD_DATA, plaintext);
    return [header, ...this.#send.sealPartsAt(this.#sendCounter - 1, header, plaintext)];
  }

  /** Rekey on demand: returns a key-update record; later records use the next epoch's key. */
  rekey(): Uint8Array {
    const rec = this.#seal(RECORD_KEY_UPDATE, EMPTY);
    this.#sendCounter = (this.#epoch(this.#sendCounter - 1) + 1) * this.rekeyInterval;
    return rec;
  }

  /** Returns the close record; after it, seal() fails with SESSION_CLOSED. */
  close(): Uint8Array {
    const rec = this.#seal(RECORD_CLOSE, EMPTY);
    this.#closed = true;
    return rec;
  }

  /** Total length of the record starting at `bytes[0]`, or undefined if fewer than 3 bytes are there. */
  static recordLength(bytes: Uint8Array): number | undefined {
    if (bytes.length < 3) return undefined;
    return RECORD_HEADER_LENGTH + (((bytes[1] as number) << 8) | (bytes[2] as number));
  }

  openRecord(record: Uint8Array): OpenedRecord {
    if (this.#peerClosed) return fail('SESSION_CLOSED', 'peer closed the session');
    if (record.length < RECORD_HEADER_LENGTH + AEAD_TAG_LENGTH) {
      return fail('MALFORMED_MESSAGE', 'record too short', 'length', 0);
    }
    const type = record[0] as number;
    if (type !== RECORD_DATA && type !== RECORD_KEY_UPDATE && type !== RECORD_CLOSE) {
      return fail('MALFORMED_MESSAGE', `unknown record type 0x${type.toString(16)}`, 'type', 0);
    }
    const len = ((record[1] as number) << 8) | (record[2] as number);
    if (len !== record.length - RECORD_HEADER_LENGTH) {
      return fail('MALFORMED_MESSAGE', 'record length field disagrees', 'length', 1);
    }
    if (len - AEAD_TAG_LENGTH > this.maxRecordPlaintext) {
      return fail('MESSAGE_TOO_LARGE', 'record over the size limit', 'length', 1);
    }
    const c = readU64BE(record, 3);
    if (!(c <= MAX_RECORD_COUNTER))
      return fail('MALFORMED_MESSAGE', 'counter out of range', 'counter', 3);
    if (this.mode === 'stream') {
      if (c < this.#recvNext)
        return fail('RECORD_REPLAYED', `counter ${c} already seen`, 'counter', 3);
      if (c > this.#recvNext) {
        return fail(
          'RECORD_OUT_OF_ORDER',
          `expected counter ${this.#recvNext}, got ${c}`,
          'counter',
          3,
        );
      }
    } else {
      const v = this.#window.check(c);
      if (v === 'replayed')
        return fail('RECORD_REPLAYED', `counter ${c} already seen`, 'counter', 3);
      if (v === 'too-old')
        return fail('RECORD_TOO_OLD', `counter ${c} behind the window`, 'counter', 3);
    }
    const e = this.#epoch(c);
    let key: CipherState;
    let prev: CipherState | undefined;
    if (e === this.#recvEpoch) key = this.#recv;
    else if (e === this.#recvEpoch - 1 && this.#recvPrev !== undefined) key = this.#recvPrev;
    else if (e > this.#recvEpoch && e - this.#recvEpoch <= MAX_EPOCH_SKIP) {
      key = this.#recv.clone();
      for (let i = this.#recvEpoch; i < e; i++) {
        prev = key.clone();
        key.rekey();
      }
    } else if (e < this.#recvEpoch) {
      return fail('RECORD_TOO_OLD', 'record from a retired key epoch', 'counter', 3);
    } else {
      return fail('REKEY_GAP', `record ${e - this.#recvEpoch} epochs ahead`, 'counter', 3);
    }
    const header = record.subarray(0, RECORD_HEADER_LENGTH);
    const pt = key.openAt(c, header, record.subarray(RECORD_HEADER_LENGTH));
    if (pt === undefined)
      return fail('DECRYPT_FAILED', 'record did not authenticate', 'ciphertext', 11);
    if (e > this.#recvEpoch) {
      this.#recvPrev = this.mode === 'datagram' ? prev : undefined;
      this.#recv = key;
      this.#recvEpoch = e;
    }
    if (this.mode === 'stream') {
      this.#recvNext = type === RECORD_KEY_UPDATE ? (e + 1) * this.rekeyInterval : c + 1;
    } else {
      this.#window.accept(c);
    }
    if (type === RECORD_CLOSE) {
      this.#peerClosed = true;
      return { kind: 'close' };
    }
    if (type === RECORD_KEY_UPDATE) return { kind: 'key-update' };
    return { kind: 'data', data: pt };
  }

  /** Opens a record and returns its data (empty for key-update and close records). */
  open(record: Uint8Array): Uint8Array {
    const r = this.openRecord(record);
    return r.kind === 'data' ? r.data : EMPTY;
  }
}
