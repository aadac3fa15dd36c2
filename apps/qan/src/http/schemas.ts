import block from '../../../../schemas/api/block.schema.json' with { type: 'json' };
import error from '../../../../schemas/api/error.schema.json' with { type: 'json' };
import etsi014KeyContainer from '../../../../schemas/api/etsi014-key-container.schema.json' with {
  type: 'json',
};
import etsi014KeyIds from '../../../../schemas/api/etsi014-key-ids.schema.json' with {
  type: 'json',
};
import etsi014KeyRequest from '../../../../schemas/api/etsi014-key-request.schema.json' with {
  type: 'json',
};
import etsi014Status from '../../../../schemas/api/etsi014-status.schema.json' with {
  type: 'json',
};
import health from '../../../../schemas/api/health.schema.json' with { type: 'json' };
import info from '../../../../schemas/api/info.schema.json' with { type: 'json' };
import job from '../../../../schemas/api/job.schema.json' with { type: 'json' };
import jobSubmit from '../../../../schemas/api/job-submit.schema.json' with { type: 'json' };
import merkleProof from '../../../../schemas/api/merkle-proof.schema.json' with { type: 'json' };
import merkleRoot from '../../../../schemas/api/merkle-root.schema.json' with { type: 'json' };
import node from '../../../../schemas/api/node.schema.json' with { type: 'json' };
import resolveRequest from '../../../../schemas/api/resolve-request.schema.json' with {
  type: 'json',
};
import resolveResponse from '../../../../schemas/api/resolve-response.schema.json' with {
  type: 'json',
};
import routeDecision from '../../../../schemas/api/route-decision.schema.json' with {
  type: 'json',
};
import trust from '../../../../schemas/api/trust.schema.json' with { type: 'json' };

/** Every shared API schema (schemas/api/*.schema.json), registered by `$id` and referenced as `{$ref: '<id>#'}`. */
export const API_SCHEMAS: readonly { $id: string }[] = [
  error,
  node,
  routeDecision,
  resolveRequest,
  resolveResponse,
  jobSubmit,
  job,
  block,
  merkleRoot,
  merkleProof,
  trust,
  health,
  info,
  etsi014Status,
  etsi014KeyRequest,
  etsi014KeyIds,
  etsi014KeyContainer,
];

export const ref = (id: string) => ({ $ref: `${id}#` });

/** The error responses every route may produce, for the OpenAPI document. */
export const errorResponses = {
  400: ref('qcos-api-error'),
  404: ref('qcos-api-error'),
  413: ref('qcos-api-error'),
  429: ref('qcos-api-error'),
};
