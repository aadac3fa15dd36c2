import { DIGIT_0, DIGIT_9, HYPHEN, LOWER_A, LOWER_Z, UNDERSCORE } from './chars.js';

/** Longest job id. Long enough for a UUID (36), a ULID (26) or 32 hex digits. */
export const MAX_JOB_ID_LENGTH = 64;

/**
 * Index of the first character of `s[start, end)` that breaks the job-id rules
 * (1–64 of `A-Z a-z 0-9 - _`, case-sensitive), or -1 when it is a valid job id.
 * '.' is left out so that no job id is a dot-segment ('.' or '..').
 */
export function jobIdViolationAt(s: string, start: number, end: number): number {
  if (start >= end) return start;
  for (let i = start; i < end; i++) {
    if (i - start === MAX_JOB_ID_LENGTH) return i;
    const c = s.charCodeAt(i);
    const folded = c | 0x20;
    if (folded >= LOWER_A && folded <= LOWER_Z) continue;
    if ((c >= DIGIT_0 && c <= DIGIT_9) || c === HYPHEN || c === UNDERSCORE) continue;
    return i;
  }
  return -1;
}

/** True iff `s` is a job id as `/jobs/<id>` accepts it. */
export function isJobId(s: string): boolean {
  return typeof s === 'string' && jobIdViolationAt(s, 0, s.length) < 0;
}
