import type { QUriLinkParams, QUriParams } from './params.js';
import type { QUriTarget } from './target.js';

/**
 * A parsed Q-URI. The operation is a closed set; only `run` carries job parameters, only `link`
 * link parameters, and only `job` / `cancel` carry a job id, so no other combination can be
 * built.
 */
export type QUri =
  | { readonly target: QUriTarget; readonly operation: 'run'; readonly params: QUriParams }
  | { readonly target: QUriTarget; readonly operation: 'status' }
  | { readonly target: QUriTarget; readonly operation: 'job'; readonly jobId: string }
  | { readonly target: QUriTarget; readonly operation: 'cancel'; readonly jobId: string }
  | { readonly target: QUriTarget; readonly operation: 'link'; readonly link: QUriLinkParams };

export type QUriOperation = QUri['operation'];
