import { QUriError } from './error.js';
import { jobIdViolationAt, MAX_JOB_ID_LENGTH } from './job-id.js';

/** The operation named by a path, before any query is read. */
export type ParsedOperation =
  | { readonly operation: 'run' | 'status' }
  | { readonly operation: 'link' }
  | { readonly operation: 'job' | 'cancel'; readonly jobId: string };

const RUN: ParsedOperation = { operation: 'run' };
const STATUS: ParsedOperation = { operation: 'status' };
const LINK: ParsedOperation = { operation: 'link' };

/**
 * Matches the path `d[start, end)` against the closed set of operations:
 * `/run`, `/status`, `/link`, `/jobs/<id>`, `/jobs/<id>/cancel`. Segment names are case-sensitive
 * (RFC 3986 paths are); dot-segments are not resolved, so they match nothing.
 * The shape is matched first, the job id checked second.
 */
export function parseOperation(d: string, start: number, end: number): ParsedOperation {
  const length = end - start;
  if (length <= 1) throw new QUriError('OPERATION_MISSING', end, 'no operation in the path');
  if (length === 4 && d.startsWith('/run', start)) return RUN;
  if (length === 7 && d.startsWith('/status', start)) return STATUS;
  if (length === 5 && d.startsWith('/link', start)) return LINK;
  if (d.startsWith('/jobs/', start)) {
    const idStart = start + 6;
    let idEnd = idStart;
    while (idEnd < end && d.charCodeAt(idEnd) !== 0x2f) idEnd++;
    if (idEnd === end) return { operation: 'job', jobId: readJobId(d, idStart, idEnd) };
    if (end - idEnd === 7 && d.startsWith('/cancel', idEnd)) {
      return { operation: 'cancel', jobId: readJobId(d, idStart, idEnd) };
    }
  }
  throw new QUriError(
    'OPERATION_UNKNOWN',
    start,
    'operation must be /run, /status, /link, /jobs/<id> or /jobs/<id>/cancel',
  );
}

function readJobId(d: string, start: number, end: number): string {
  const bad = jobIdViolationAt(d, start, end);
  if (bad >= 0) {
    throw new QUriError(
      'JOB_ID_INVALID',
      bad,
      `a job id is 1-${MAX_JOB_ID_LENGTH} characters of A-Z a-z 0-9 - _`,
    );
  }
  return d.slice(start, end);
}
