import { TrustGraphError } from '../src/index.js';

/** The code and field of the TrustGraphError `fn` throws, or 'no error'. */
export function failure(fn: () => unknown): { code: string; field: string } | 'no error' {
  try {
    fn();
  } catch (e) {
    if (e instanceof TrustGraphError) return { code: e.code, field: e.field };
    throw e;
  }
  return 'no error';
}

/** The code, field and message of the TrustGraphError `fn` throws; throws when it returns. */
export function rejection(fn: () => unknown): { code: string; field: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof TrustGraphError) return { code: e.code, field: e.field, message: e.message };
    throw e;
  }
  throw new Error('expected a TrustGraphError');
}
