import { CliError } from './cli-error.js';

/** Positional arguments and `--name value` / `--flag` options, in the order given. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Record<string, string | true>;
}

/**
 * One flag a command declares: a switch (`boolean`) or a flag that takes a value; `integer`
 * and `number` values are checked against their range when the command line is parsed.
 */
export interface FlagSpec {
  readonly name: string;
  readonly kind: 'boolean' | 'string' | 'integer' | 'number';
  /** What the value is called in the help (URL, FILE, N). */
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
  /** The value in force when the flag is not given, as the help shows it. */
  readonly default?: string;
  readonly meaning: string;
}

/** The edit distance of two flag names, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The declared flag closest to a misspelt one, if any is close enough to be meant. */
function closest(name: string, specs: readonly FlagSpec[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const spec of specs) {
    const d = distance(name, spec.name);
    if (d <= Math.max(2, Math.floor(spec.name.length / 3)) && (best === undefined || d < best.d))
      best = { name: spec.name, d };
  }
  return best?.name;
}

/** The expected form of a flag's value, as a usage error states it. */
export function expectedForm(spec: FlagSpec): string {
  const noun = spec.kind === 'integer' ? 'an integer' : 'a number';
  const range =
    spec.min === undefined && spec.max === undefined
      ? ''
      : ` in ${spec.min ?? '-∞'}..${spec.max ?? '∞'}`;
  return `${noun}${range}`;
}

/** Refuses a numeric flag value that does not parse or lies outside the flag's range. */
function checkValue(spec: FlagSpec, raw: string, command: string): void {
  if (spec.kind !== 'integer' && spec.kind !== 'number') return;
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  const parses = spec.kind === 'integer' ? Number.isSafeInteger(n) : Number.isFinite(n);
  if (!parses || n < (spec.min ?? -Infinity) || n > (spec.max ?? Infinity))
    throw new CliError(
      'USAGE',
      `flag --${spec.name} of "${command}" expects ${expectedForm(spec)}, got "${raw}"`,
      { flag: spec.name },
    );
}

/**
 * Parses a command line against the flags `command` declares: an undeclared flag, a switch
 * given a value, a missing value or a value that does not parse is a USAGE error naming the flag.
 */
export function parseArgs(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  command: string,
): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (spec === undefined) {
      const hint = closest(name, specs);
      throw new CliError(
        'USAGE',
        `unknown flag --${name} for "${command}"${hint === undefined ? '' : ` (did you mean --${hint}?)`}`,
        { flag: name },
      );
    }
    if (spec.kind === 'boolean') {
      if (eq !== -1)
        throw new CliError('USAGE', `flag --${name} of "${command}" takes no value`, {
          flag: name,
        });
      flags[name] = true;
      continue;
    }
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--')))
      throw new CliError('USAGE', `flag --${name} of "${command}" needs a value`, { flag: name });
    checkValue(spec, value, command);
    flags[name] = value;
  }
  return { positional, flags };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === true) throw new CliError('USAGE', `flag --${name} needs a value`, { flag: name });
  return v;
}

export function intFlag(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = stringFlag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError('USAGE', `flag --${name} must be an integer in ${min}..${max}`, {
      flag: name,
    });
  }
  return n;
}
