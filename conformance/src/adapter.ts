/**
 * The contract between the conformance runner and one package under test.
 *
 * An operation takes the vector's JSON `input` and returns a value that the runner
 * normalises to JSON (see `toJsonValue`) and compares with the vector's `output`.
 * Failing operations throw an error whose string `code` property is compared with
 * the vector's `error`. Any other throw (no `code`) is a failure of the vector.
 */
export type Operation = (input: unknown) => unknown | Promise<unknown>;

export interface PackageAdapter {
  /** Package name without the @qcos/ scope, as in a vector file's `package`. */
  readonly package: string;
  readonly operations: Readonly<Record<string, Operation>>;
}

/** Thrown by adapters when a vector's input is not of the shape the operation needs. */
export class VectorInputError extends Error {
  readonly code = 'VECTOR_INPUT';
}

/** Reads a field of a vector input, failing clearly when the vector is malformed. */
export function field<T>(input: unknown, name: string, check: (v: unknown) => v is T): T {
  if (typeof input !== 'object' || input === null || !(name in input)) {
    throw new VectorInputError(`vector input lacks field "${name}"`);
  }
  const value = (input as Record<string, unknown>)[name];
  if (!check(value)) throw new VectorInputError(`vector input field "${name}" has the wrong type`);
  return value;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new VectorInputError(`not a hex string: ${hex.slice(0, 40)}`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Reads a field of a vector input that holds bytes as a hex string. */
export function bytesField(input: unknown, name: string): Uint8Array {
  return hexToBytes(field(input, name, isString));
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
