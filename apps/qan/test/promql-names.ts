/** PromQL's keywords and aggregation modifiers: identifiers that are never metric names. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/** Histogram series suffixes: a query of `x_bucket` reads the histogram `x`. */
const HISTOGRAM_SUFFIX = /_(bucket|sum|count)$/;

/**
 * The metric names a PromQL expression reads (histogram series reduced to their base name):
 * the identifiers left once strings, label matchers, range and subquery brackets and grouping
 * clauses are taken out, that are neither a function called nor a keyword.
 */
export function metricNamesOfPromQl(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  // Durations and numbers are tokens of their own: `5m`, `0.99` or `1e3` is never a name.
  const token = /(?:\d+(?:ms|[smhdwy]))+|\d+(?:\.\d+)?(?:e[+-]?\d+)?|[a-zA-Z_:][a-zA-Z0-9_:]*|\S/gi;
  const tokens = [...bare.matchAll(token)].map((m) => m[0]);
  const names = new Set<string>();
  tokens.forEach((word, i) => {
    if (!/^[a-zA-Z_:]/.test(word) || tokens[i + 1] === '(') return;
    if (KEYWORDS.has(word.toLowerCase())) return;
    names.add(word.replace(HISTOGRAM_SUFFIX, ''));
  });
  return [...names].sort();
}
