/**
 * Field checks of untrusted record values: each failure is RECORD_INVALID naming the field (under
 * a prefix, for records inside operator actions) and the record's index in its block.
 */
import { RegistryError } from './errors.js';
import { isAlias, isLabel, isScope } from './labels.js';

export type Obj = Record<string, unknown>;

export class Check {
  constructor(
    private readonly index: number,
    private readonly prefix: string,
  ) {}
  fail(field: string, why: string): never {
    const path = this.prefix ? `${this.prefix}.${field}` : field;
    throw new RegistryError('RECORD_INVALID', `${path}: ${why}`, {
      field: path,
      index: this.index,
    });
  }
  obj(v: unknown, field: string, allowed: readonly string[]): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
      this.fail(field || 'record', 'not a map');
    }
    for (const k of Object.keys(v))
      if (!allowed.includes(k)) this.fail(field ? `${field}.${k}` : k, 'unknown field');
    return v as Obj;
  }
  int(o: Obj, f: string, min: number, max: number): number {
    const v = o[f];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      this.fail(f, `not an integer in ${min}..${max}`);
    }
    return v;
  }
  bool(o: Obj, f: string): boolean {
    const v = o[f];
    if (typeof v !== 'boolean') this.fail(f, 'not a boolean');
    return v;
  }
  /** A DQN-Alias or Geographic-Scope field, checked by the Q-URI label rule for its kind. */
  label(o: Obj, f: 'alias' | 'scope'): string {
    const v = o[f];
    if (!(f === 'alias' ? isAlias(v) : isScope(v))) this.fail(f, 'not a DNS label');
    return v as string;
  }
  oneOf<T extends string>(o: Obj, f: string, values: readonly T[]): T {
    const v = o[f];
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      this.fail(f, 'unknown value');
    return v as T;
  }
  bytes(o: Obj, f: string, min: number, max: number): Uint8Array {
    const v = o[f];
    if (!(v instanceof Uint8Array) || v.length < min || v.length > max) {
      this.fail(f, `not ${min}..${max} bytes`);
    }
    return v;
  }
  /** A DNS label at `field` (a value inside a list or a nested map). */
  anyLabel(v: unknown, field: string): string {
    if (!isLabel(v)) this.fail(field, 'not a DNS label');
    return v;
  }
  /** A list of 0..max items at `f`. */
  list(o: Obj, f: string, max: number): readonly unknown[] {
    const v = o[f];
    if (!Array.isArray(v) || v.length > max) this.fail(f, `not a list of at most ${max}`);
    return v;
  }
  /** A check whose fields are under `field` (a nested map). */
  nested(field: string): Check {
    return new Check(this.index, this.prefix ? `${this.prefix}.${field}` : field);
  }
}
