import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A fresh Prometheus registry (never the global one) with Node process metrics under `prefix`. */
export function createMetricsRegistry(prefix = 'qcos_'): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  return registry;
}

/** Shorthands that register the metric in `registry` at creation. */
export function counter(registry: Registry, name: string, help: string, labelNames: string[] = []) {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function gauge(registry: Registry, name: string, help: string, labelNames: string[] = []) {
  return new Gauge({ name, help, labelNames, registers: [registry] });
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
