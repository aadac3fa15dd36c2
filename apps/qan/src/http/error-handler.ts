import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { QanError, type QanErrorCode } from '../api/qan-error.js';
import { ApiError } from './api-error.js';
import { requestLabels } from './request-metrics.js';

/** The status and API code of each refusal of a QAN operation. */
const QAN_ERRORS: Record<QanErrorCode, [number, ApiError['code']]> = {
  NODE_NOT_FOUND: [404, 'NODE_NOT_FOUND'],
  JOB_NOT_FOUND: [404, 'JOB_NOT_FOUND'],
  BLOCK_NOT_FOUND: [404, 'BLOCK_NOT_FOUND'],
  BLOCK_PRUNED: [404, 'BLOCK_PRUNED'],
  // Key delivery refusals use ETSI GS QKD 014's statuses: 400 for a request the KME cannot
  // serve, 403 for an authenticated SAE outside its pairings, 503 for a pool that is short.
  SAE_NOT_FOUND: [400, 'SAE_NOT_FOUND'],
  KEY_NOT_FOUND: [400, 'KEY_NOT_FOUND'],
  KEYS_EXHAUSTED: [503, 'KEYS_EXHAUSTED'],
  OPERATOR_ACTION_INVALID: [400, 'OPERATOR_ACTION_INVALID'],
  OPERATOR_ACTION_REFUSED: [409, 'OPERATOR_ACTION_REFUSED'],
  KEY_SIZE_UNSUPPORTED: [400, 'KEY_SIZE_UNSUPPORTED'],
  ADDITIONAL_SLAVE_SAE_UNSUPPORTED: [400, 'ADDITIONAL_SLAVE_SAE_UNSUPPORTED'],
  EXTENSION_UNSUPPORTED: [400, 'EXTENSION_UNSUPPORTED'],
  SAE_NOT_PAIRED: [403, 'SAE_NOT_PAIRED'],
  CONTRACT_NOT_FOUND: [404, 'CONTRACT_NOT_FOUND'],
  CONTRACT_INVALID: [400, 'CONTRACT_INVALID'],
  CONTRACT_REFUSED: [409, 'CONTRACT_REFUSED'],
  CONTRACT_ENDED: [409, 'CONTRACT_ENDED'],
  CONTRACT_SCOPE_DENIED: [403, 'CONTRACT_SCOPE_DENIED'],
  CONTRACT_LIMIT: [429, 'CONTRACT_LIMIT'],
  CONTRACT_RUN_INVALID: [400, 'CONTRACT_RUN_INVALID'],
  CONTRACT_RUN_UNAVAILABLE: [409, 'CONTRACT_RUN_UNAVAILABLE'],
  CONTRACT_RUN_BUSY: [429, 'CONTRACT_RUN_BUSY'],
  CONTRACT_RUN_FAILED: [502, 'CONTRACT_RUN_FAILED'],
  CONTRACT_RUN_TIMEOUT: [504, 'CONTRACT_RUN_TIMEOUT'],
};

/** Maps fastify's own error codes onto the API's stable codes. */
const FASTIFY_CODES: Record<string, [number, ApiError['code']]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_BAD_URL: [400, 'INVALID_PATH'],
  FST_ERR_MAX_PARAM_LENGTH: [400, 'INVALID_PATH'],
};

/** Turns any thrown value into an ApiError; unknown failures become a 500 without internals. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof QanError) {
    const [status, code] = QAN_ERRORS[error.code];
    return new ApiError(status, code, error.message, error.details);
  }
  const e = error as Partial<FastifyError> & {
    validation?: { instancePath?: string; message?: string }[];
  };
  if (Array.isArray(e.validation)) {
    const problems = e.validation.map((v) => ({
      field: `${e.validationContext ?? 'body'}${v.instancePath ?? ''}`,
      message: v.message ?? 'is invalid',
    }));
    return new ApiError(400, 'VALIDATION_FAILED', e.message ?? 'request failed validation', {
      problems,
    });
  }
  const mapped = e.code === undefined ? undefined : FASTIFY_CODES[e.code];
  if (mapped !== undefined) return new ApiError(mapped[0], mapped[1], e.message ?? mapped[1]);
  if (error instanceof SyntaxError || (e.statusCode === 400 && typeof e.message === 'string')) {
    return new ApiError(400, 'MALFORMED_JSON', e.message ?? 'malformed body');
  }
  return new ApiError(500, 'INTERNAL', 'internal error');
}

/**
 * Whether a failure was unexpected: nothing the API refuses on purpose (an ApiError, a QAN
 * refusal, a request fastify could not parse) but a fault, which became INTERNAL.
 */
function isUnexpected(error: unknown, apiError: ApiError): boolean {
  return !(error instanceof ApiError) && apiError.code === 'INTERNAL';
}

/**
 * Logs a refusal and returns it as an ApiError with its headers set on the reply. An expected
 * refusal (any 4xx, or a 5xx the API answers on purpose such as KEYS_EXHAUSTED) is a warning
 * with its code and route, and no stack: it is no crash. Only an unexpected failure is an error,
 * logged with its stack.
 */
function refusal(error: unknown, request: FastifyRequest, reply: FastifyReply): ApiError {
  const apiError = toApiError(error);
  const { method, route } = requestLabels(request);
  if (isUnexpected(error, apiError)) {
    request.log.error({ err: error, method, route, url: request.url }, 'request failed');
  } else {
    const fields = { code: apiError.code, status: apiError.statusCode, method, route };
    request.log.warn({ ...fields, url: request.url }, 'request refused');
  }
  void reply.status(apiError.statusCode).headers(apiError.headers);
  return apiError;
}

/** The API's error handler: `{code, message, details}` bodies. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  void reply.send(refusal(error, request, reply).toBody());
}

/** The ETSI 014 listener's error handler: ETSI GS QKD 014 `{message, details: […]}` bodies. */
export function etsiErrorHandler(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  void reply.send(refusal(error, request, reply).toEtsiBody());
}
