import { type Counter, counter, type Histogram, histogram, type Registry } from '@qcos/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The route label of a request no route matched (404s, undecodable paths). */
export const UNMATCHED_ROUTE = 'unmatched';
/** The method label of a method the API serves no route for. */
export const OTHER_METHOD = 'OTHER';
/** Methods labelled as themselves; any other is OTHER_METHOD, so the label set stays fixed. */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/** Request latency buckets, in seconds: from a cached read to a contract run's deadline. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface RequestMetrics {
  readonly requests: Counter;
  readonly duration: Histogram;
}

/** The two metrics, registered once per registry (a second server on it shares them). */
function requestMetrics(registry: Registry): RequestMetrics {
  const requests = registry.getSingleMetric('qcos_qan_http_requests_total') as Counter | undefined;
  const duration = registry.getSingleMetric('qcos_qan_http_request_duration_seconds') as
    | Histogram
    | undefined;
  return {
    requests:
      requests ??
      counter(
        registry,
        'qcos_qan_http_requests_total',
        'HTTP API requests answered, by method, route pattern (never the raw URL) and status',
        ['method', 'route', 'status'],
      ),
    duration:
      duration ??
      histogram(
        registry,
        'qcos_qan_http_request_duration_seconds',
        'HTTP API request latency, from request received to response sent, by method and route pattern',
        DURATION_BUCKETS,
        ['method', 'route'],
      ),
  };
}

/**
 * The labels of an answered request: the route pattern fastify matched (`/api/v1/nodes/:alias`),
 * never the URL, whose values are unbounded (a scraper's memory is an attack surface).
 */
export function requestLabels(request: FastifyRequest): { method: string; route: string } {
  const method = KNOWN_METHODS.has(request.method) ? request.method : OTHER_METHOD;
  // No route matched: fastify's 404 handler has no route pattern.
  const pattern = request.is404 ? undefined : request.routeOptions?.url;
  return { method, route: pattern ?? UNMATCHED_ROUTE };
}

/** Counts and times every response of `app` in `registry` (an onResponse hook). */
export function observeRequests(app: FastifyInstance, registry: Registry): void {
  const { requests, duration } = requestMetrics(registry);
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const labels = requestLabels(request);
    requests.inc({ ...labels, status: String(reply.statusCode) });
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}
