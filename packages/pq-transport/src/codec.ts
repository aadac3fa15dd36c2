/**
 * A tiny bounded binary reader/writer for the package's own structures (certificates,
 * attestation documents, handshake payloads). Every read is length-checked and fails
 * with a typed error naming the field and offset.
 */
import { concat } from '@qcos/identity';
import { fail, type TransportErrorCode } from './errors.js';

export class Writer {
  readonly #parts: Uint8Array[] = [];

  u8(v: number): this {
    this.#parts.push(Uint8Array.of(v & 0xff));
    return this;
  }
  u16(v: number): this {
    this.#parts.push(Uint8Array.of((v >>> 8) & 0xff, v & 0xff));
    return this;
  }
  u64(v: number): this {
    const b = new Uint8Array(8);
    const hi = Math.floor(v / 0x1_0000_0000);
    new DataView(b.buffer).setUint32(0, hi);
    new DataView(b.buffer).setUint32(4, v >>> 0);
    this.#parts.push(b);
    return this;
  }
  raw(b: Uint8Array): this {
    this.#parts.push(b);
    return this;
  }
  /** u8 length prefix (≤ 255 bytes). */
  bytes8(b: Uint8Array): this {
    if (b.length > 0xff) fail('INVALID_ARGUMENT', 'field longer than 255 bytes');
    return this.u8(b.length).raw(b);
  }
  /** u16 length prefix (≤ 65535 bytes). */
  bytes16(b: Uint8Array): this {
    if (b.length > 0xffff) fail('INVALID_ARGUMENT', 'field longer than 65535 bytes');
    return this.u16(b.length).raw(b);
  }
  finish(): Uint8Array {
    return concat(...this.#parts);
  }
}

export class Reader {
  readonly #b: Uint8Array;
  readonly #code: TransportErrorCode;
  #o = 0;

  constructor(bytes: Uint8Array, code: TransportErrorCode) {
    this.#b = bytes;
    this.#code = code;
  }
  get offset(): number {
    return this.#o;
  }
  get remaining(): number {
    return this.#b.length - this.#o;
  }
  #need(n: number, field: string): void {
    if (this.#o + n > this.#b.length) fail(this.#code, `truncated at ${field}`, field, this.#o);
  }
  u8(field: string): number {
    this.#need(1, field);
    return this.#b[this.#o++] as number;
  }
  u16(field: string): number {
    this.#need(2, field);
    const v = ((this.#b[this.#o] as number) << 8) | (this.#b[this.#o + 1] as number);
    this.#o += 2;
    return v;
  }
  u64(field: string): number {
    this.#need(8, field);
    const dv = new DataView(this.#b.buffer, this.#b.byteOffset + this.#o, 8);
    const hi = dv.getUint32(0);
    const lo = dv.getUint32(4);
    if (hi > 0x1f_ffff) fail(this.#code, `${field} above 2^53 - 1`, field, this.#o);
    this.#o += 8;
    return hi * 0x1_0000_0000 + lo;
  }
  raw(n: number, field: string): Uint8Array {
    this.#need(n, field);
    const out = this.#b.slice(this.#o, this.#o + n);
    this.#o += n;
    return out;
  }
  bytes8(field: string, max = 0xff): Uint8Array {
    const at = this.#o;
    const n = this.u8(field);
    if (n > max) fail(this.#code, `${field} longer than ${max} bytes`, field, at);
    return this.raw(n, field);
  }
  bytes16(field: string, max = 0xffff): Uint8Array {
    const at = this.#o;
    const n = this.u16(field);
    if (n > max) fail(this.#code, `${field} longer than ${max} bytes`, field, at);
    return this.raw(n, field);
  }
  rest(): Uint8Array {
    const out = this.#b.slice(this.#o);
    this.#o = this.#b.length;
    return out;
  }
  end(field: string): void {
    if (this.#o !== this.#b.length) fail(this.#code, 'trailing bytes', field, this.#o);
  }
}
