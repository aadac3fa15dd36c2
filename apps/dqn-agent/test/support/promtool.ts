import { spawnSync } from 'node:child_process';

/** What CI installs to get promtool (Debian's package; its binary is /usr/bin/promtool). */
export const PROMTOOL_PACKAGE = 'prometheus';

/** What `promtool check metrics` made of an exposition: its exit status and every line it wrote. */
export interface PromtoolVerdict {
  readonly status: number | null;
  readonly problems: string;
}

/**
 * Runs `promtool check metrics` (the Prometheus exposition linter) on a /metrics body. Without
 * promtool this throws, naming the package to install: a metrics test must fail, never skip.
 */
export function promtoolCheckMetrics(exposition: string, promtool = 'promtool'): PromtoolVerdict {
  const run = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (run.error !== undefined) {
    throw new Error(
      `promtool is not installed (${run.error.message}): install Debian's ${PROMTOOL_PACKAGE} package (apt-get install --no-install-recommends ${PROMTOOL_PACKAGE})`,
    );
  }
  return { status: run.status, problems: `${run.stdout}${run.stderr}`.trim() };
}

/** The metric names of a text exposition, from its TYPE lines. */
export function typedMetricNames(exposition: string): string[] {
  return [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string);
}
