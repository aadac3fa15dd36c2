import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../src/errors.js';
import { createMetricsRegistry, gauge } from '../src/metrics.js';

/** The metric names of a text exposition, from its TYPE lines. */
function typedNames(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string);
}

describe('createMetricsRegistry', () => {
  it('serves the process metrics under the prefix once, never a doubled family', async () => {
    const names = typedNames(await createMetricsRegistry('qcos_test_').metrics());
    expect(names).toContain('qcos_test_process_cpu_seconds_total');
    expect(names).toContain('qcos_test_nodejs_eventloop_lag_seconds');
    expect(names.filter((n) => /process_process_|nodejs_nodejs_/.test(n))).toEqual([]);
    expect(names.every((n) => n.startsWith('qcos_test_'))).toBe(true);
  });

  it('serves no gauge named like a counter (a _total gauge), keeping the per-type counts', async () => {
    const text = await createMetricsRegistry('qcos_test_').metrics();
    const gauges = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1] as string);
    expect(gauges.filter((n) => n.endsWith('_total'))).toEqual([]);
    expect(gauges).toContain('qcos_test_nodejs_active_handles');
  });

  it('refuses a prefix that would double a default family or is no metric name start', () => {
    for (const prefix of ['qcos_qan_process_', 'qcos_nodejs_', 'qcos_qan', '9qcos_', 'qcos-qan_']) {
      let caught: unknown;
      try {
        createMetricsRegistry(prefix);
      } catch (error) {
        caught = error;
      }
      expect(caught, prefix).toBeInstanceOf(RuntimeError);
      expect((caught as RuntimeError).code).toBe('METRICS_PREFIX_INVALID');
      expect((caught as RuntimeError).details['prefix']).toBe(prefix);
    }
  });
});

describe('gauge', () => {
  it('computes a gauge at scrape time, serving only the series its collect sets', async () => {
    const registry = createMetricsRegistry('qcos_test_');
    let status = 'ACTIVE';
    gauge(registry, 'qcos_test_status', 'Status now', ['status'], function collect() {
      this.reset();
      this.set({ status }, 1);
    });
    expect(await registry.getSingleMetricAsString('qcos_test_status')).toContain(
      'qcos_test_status{status="ACTIVE"} 1',
    );
    status = 'QUARANTINE';
    const after = await registry.getSingleMetricAsString('qcos_test_status');
    expect(after).toContain('qcos_test_status{status="QUARANTINE"} 1');
    expect(after).not.toContain('ACTIVE');
  });
});
