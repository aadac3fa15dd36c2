import { describe, expect, it } from 'vitest';
import { PROMTOOL_PACKAGE, promtoolCheckMetrics } from './support/promtool.js';

describe('promtoolCheckMetrics', () => {
  it('fails, naming the package to install, when promtool is missing', () => {
    expect(() => promtoolCheckMetrics('', 'promtool-not-installed-here')).toThrow(
      /install Debian's prometheus package/,
    );
    expect(PROMTOOL_PACKAGE).toBe('prometheus');
  });

  it('passes a clean exposition and reports the lint of a bad one', () => {
    const clean = '# HELP qcos_x_total Things.\n# TYPE qcos_x_total counter\nqcos_x_total 1\n';
    expect(promtoolCheckMetrics(clean)).toEqual({ status: 0, problems: '' });
    const gaugeAsCounter =
      '# HELP qcos_y_total Things.\n# TYPE qcos_y_total gauge\nqcos_y_total 1\n';
    const verdict = promtoolCheckMetrics(gaugeAsCounter);
    expect(verdict.status).not.toBe(0);
    expect(verdict.problems).toContain(
      'qcos_y_total non-counter metrics should not have "_total" suffix',
    );
  });
});
