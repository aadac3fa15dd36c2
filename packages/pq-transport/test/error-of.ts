import { isTransportError } from '../src/index.js';

export interface ErrorOf {
  readonly code: string;
  readonly field: string | undefined;
  readonly offset: number | undefined;
}

/** The code, field and offset of the TransportError `f` throws; undefined when it returns. */
export function errorOf(f: () => unknown): ErrorOf | undefined {
  try {
    f();
  } catch (e) {
    if (!isTransportError(e)) throw e;
    return { code: e.code, field: e.field, offset: e.offset };
  }
  return undefined;
}

/** The ErrorOf a TransportError with these parts (offset omitted when the module gives none). */
export const err = (code: string, field?: string, offset?: number): ErrorOf => ({
  code,
  field,
  offset,
});
