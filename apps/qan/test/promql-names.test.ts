import { describe, expect, it } from 'vitest';
import { metricNamesOfPromQl } from './promql-names.js';

describe('metricNamesOfPromQl', () => {
  it('reads the metric names of an expression, histograms by their base name', () => {
    expect(
      metricNamesOfPromQl(
        'histogram_quantile(0.99, sum by (le, route) (rate(qcos_a_seconds_bucket{job=~"$job", x="y z"}[$__rate_interval])))',
      ),
    ).toEqual(['qcos_a_seconds']);
    expect(
      metricNamesOfPromQl(
        'sum without (instance) (rate(qcos_b_sum[5m])) / on (route) group_left sum(rate(qcos_b_count[5m])) > bool 1e3',
      ),
    ).toEqual(['qcos_b']);
    expect(metricNamesOfPromQl('max(qcos_c == 1) or vector(0) unless qcos_d offset 5m')).toEqual([
      'qcos_c',
      'qcos_d',
    ]);
  });

  it('finds no name in an expression of functions and numbers only', () => {
    expect(metricNamesOfPromQl('vector(1) + time() * 0.5')).toEqual([]);
  });
});
