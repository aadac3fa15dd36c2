import { ChipsError } from '../src/index.js';

/** What a refusal reports: code, field and byte offset (undefined where the module gives none). */
export interface Refusal {
  readonly code: string;
  readonly field: string | undefined;
  readonly offset: number | undefined;
}

/** Runs `f` and returns the ChipsError it throws; fails the test if it returns or throws another error. */
export function chipsErrorOf(f: () => unknown): ChipsError {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipsError) return e;
    throw e;
  }
  throw new Error('expected a ChipsError, but nothing was thrown');
}

/** The code, field and offset of the ChipsError `f` throws. */
export function refusal(f: () => unknown): Refusal {
  const e = chipsErrorOf(f);
  return { code: e.code, field: e.field, offset: e.offset };
}
