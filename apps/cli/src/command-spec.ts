import type { FlagSpec, ParsedArgs } from './args.js';

/**
 * One `qcos` command: what `qcos help <command>` prints about it, the flags it accepts and how it
 * runs. Each command module exports its own; index.ts lists them in one table.
 */
export interface CommandSpec {
  readonly name: string;
  /** One line for the index of commands. */
  readonly summary: string;
  /** Usage lines, each starting with `qcos <name>`. */
  readonly usage: readonly string[];
  /** What it does, in a few lines. */
  readonly description: string;
  readonly flags: readonly FlagSpec[];
  /** It talks to a QAN: it takes the global flags (--qan, --credentials, --context …). */
  readonly talksToQan: boolean;
  readonly examples: readonly string[];
  run(args: ParsedArgs): Promise<number> | number;
}

/** Flags every command takes. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'json', kind: 'boolean', meaning: 'machine-readable output (errors too)' },
  { name: 'help', kind: 'boolean', meaning: "print this command's usage and exit" },
];

/** Flags every command that talks to a QAN takes; the precedence is in PRECEDENCE. */
export const QAN_FLAGS: readonly FlagSpec[] = [
  { name: 'qan', kind: 'string', value: 'URL', meaning: "the QAN's HTTP API (http or https)" },
  {
    name: 'credentials',
    kind: 'string',
    value: 'FILE',
    meaning:
      "a credentials context (owner-only): the QAN's address, a token per role, SAE certificates",
  },
  {
    name: 'context',
    kind: 'string',
    value: 'NAME',
    meaning: 'a context saved with `qcos context add` (its QAN and credentials file)',
  },
  {
    name: 'data-dir',
    kind: 'string',
    value: 'DIR',
    meaning: "a devnet's data directory: its credentials are DIR/credentials/context.json",
  },
];

/** Where the QAN and the credentials come from, first match wins. */
export const PRECEDENCE = `The QAN and the credentials file, first match wins:
  --qan / --credentials (or --data-dir DIR)  >  --context NAME  >  $QCOS_QAN_URL / $QCOS_CREDENTIALS
  >  the selected context (qcos context select)  >  http://127.0.0.1:8400
A credentials file also names its QAN, used at the rank the file was chosen at. $QCOS_API_TOKEN
overrides the credentials' token; a token is never taken from the command line.`;

/** Every flag a command accepts: its own, then the shared ones it does not redeclare. */
export function flagsOf(spec: CommandSpec): FlagSpec[] {
  const own = new Set(spec.flags.map((f) => f.name));
  const shared = [...COMMON_FLAGS, ...(spec.talksToQan ? QAN_FLAGS : [])];
  return [...spec.flags, ...shared.filter((f) => !own.has(f.name))];
}

/** `--name VALUE   meaning (range; default)` lines, aligned. */
function flagLines(flags: readonly FlagSpec[]): string[] {
  const heads = flags.map(
    (f) => `--${f.name}${f.kind === 'boolean' ? '' : ` ${f.value ?? 'VALUE'}`}`,
  );
  const width = Math.max(...heads.map((h) => h.length));
  return flags.map((f, i) => {
    const range =
      f.min === undefined && f.max === undefined
        ? []
        : [`${f.kind === 'integer' ? 'integer' : 'number'} ${f.min ?? ''}..${f.max ?? ''}`];
    const notes = [...range, ...(f.default === undefined ? [] : [`default ${f.default}`])];
    const suffix = notes.length === 0 ? '' : ` (${notes.join('; ')})`;
    return `  ${(heads[i] ?? '').padEnd(width)}  ${f.meaning}${suffix}`;
  });
}

/** What `qcos <command> --help` and `qcos help <command>` print. */
export function renderCommandHelp(spec: CommandSpec): string {
  const own = spec.flags;
  const shared = flagsOf(spec).filter((f) => !spec.flags.includes(f));
  const sections = [
    `qcos ${spec.name} — ${spec.summary}`,
    `usage:\n${spec.usage.map((u) => `  ${u}`).join('\n')}`,
    spec.description,
    ...(own.length === 0 ? [] : [`flags:\n${flagLines(own).join('\n')}`]),
    `global flags:\n${flagLines(shared).join('\n')}`,
    ...(spec.talksToQan ? [PRECEDENCE] : []),
    `examples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`,
  ];
  return `${sections.join('\n\n')}\n`;
}

/** The top-level usage: a short index of the commands. */
export function renderIndex(specs: readonly CommandSpec[]): string {
  const width = Math.max(...specs.map((s) => s.name.length));
  return `qcos — QCOS network command line

usage: qcos <command> [arguments] [flags]

commands:
${specs.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n')}

  qcos help <command>, qcos <command> --help   that command's usage, flags and an example
  qcos --version                                the version of this command line
`;
}
