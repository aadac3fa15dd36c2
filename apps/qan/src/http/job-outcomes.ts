import type { QUriError } from '@qcos/q-uri';
import type { JobView, ResolveView } from '@qcos/qan-api';
import type { Resolution, Submission } from '../jobs/job-router.js';
import { ApiError } from './api-error.js';

/** A Q-URI the parser refused: 400 with the parser's code and offset. */
function badQUri(error: QUriError): ApiError {
  return new ApiError(400, 'BAD_Q_URI', error.message, {
    quriCode: error.code,
    offset: error.offset,
  });
}

/** The response to a resolve request, or the API error it becomes. */
export function resolveResponse(resolution: Resolution): ResolveView {
  if (resolution.kind === 'bad-uri') throw badQUri(resolution.error);
  return resolution.view;
}

/** The response to a job submission (the tracked job), or the API error it becomes. */
export function submitResponse(submission: Submission): JobView {
  switch (submission.kind) {
    case 'submitted':
      return submission.job;
    case 'bad-uri':
      throw badQUri(submission.error);
    case 'not-run':
      throw new ApiError(400, 'BAD_Q_URI', 'a job is submitted to a /run or /link Q-URI', {
        operation: submission.operation,
      });
    case 'no-program':
      throw new ApiError(400, 'VALIDATION_FAILED', 'a /run job needs its program', {
        problems: [{ field: 'body/program', message: 'a /run job needs its program' }],
      });
    case 'link-not-node':
      throw new ApiError(
        400,
        'BAD_Q_URI',
        'a /link job names a node: the contract’s first participant',
        {
          operation: 'link',
        },
      );
    case 'unknown-node':
      throw new ApiError(404, 'NODE_NOT_FOUND', `no node ${submission.alias} in the registry`, {
        alias: submission.alias,
      });
  }
}
