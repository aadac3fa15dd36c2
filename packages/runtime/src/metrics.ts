import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { RuntimeError } from './errors.js';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A service's metric prefix: a Prometheus name start ending in `_`, such as `qcos_qan_`. */
const PREFIX_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*_$/;
/** The families prom-client's process metrics already start with: a prefix ending so doubles them. */
const DEFAULT_FAMILIES = ['process_', 'nodejs_'] as const;
/**
 * prom-client's gauges named like counters (`_total` on a gauge, which `promtool check metrics`
 * refuses). The same counts stay served per type (`nodejs_active_handles{type}` etc.): their sum
 * is the total.
 */
const GAUGES_NAMED_AS_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/**
 * A fresh Prometheus registry (never the global one) with Node process metrics under `prefix`:
 * the service's own prefix (`qcos_qan_` gives `qcos_qan_process_cpu_seconds_total`). A prefix
 * that is not a metric name start ending in `_`, or that ends in a default family (`process_`,
 * `nodejs_`, which would double it), is refused with METRICS_PREFIX_INVALID.
 */
export function createMetricsRegistry(prefix = 'qcos_'): Registry {
  if (!PREFIX_PATTERN.test(prefix) || DEFAULT_FAMILIES.some((f) => prefix.endsWith(f))) {
    throw new RuntimeError(
      'METRICS_PREFIX_INVALID',
      `metric prefix ${JSON.stringify(prefix)} must be a metric name start ending in _, and not in process_ or nodejs_`,
      { prefix },
    );
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  for (const name of GAUGES_NAMED_AS_COUNTERS) registry.removeSingleMetric(`${prefix}${name}`);
  return registry;
}

/** Shorthands that register the metric in `registry` at creation. */
export function counter(registry: Registry, name: string, help: string, labelNames: string[] = []) {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/**
 * A gauge; with `collect`, one computed at scrape time (`collect` runs on every scrape, before
 * the gauge is rendered, and may reset it so that only the series it sets are served).
 */
export function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[] = [],
  collect?: (this: Gauge) => void | Promise<void>,
) {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    ...(collect === undefined ? {} : { collect }),
  });
}

export function histogram(
  registry: Registry,
  name: string,
  help: string,
  buckets: number[],
  labelNames: string[] = [],
) {
  return new Histogram({ name, help, buckets, labelNames, registers: [registry] });
}
