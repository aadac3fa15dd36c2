import { readFileSync } from 'node:fs';

/** The parts of a JSON Schema property the help reads. */
interface PropertySchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly writeOnly?: boolean;
}

interface ObjectSchema {
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Record<string, PropertySchema>;
}

/** What `<service> --help` and `--version` describe. */
export interface ServiceHelp {
  /** The command's name, e.g. `qan`. */
  readonly name: string;
  /** One line: what the service is. */
  readonly summary: string;
  /** The config schema loadConfig validates against: every option is one of its properties. */
  readonly schema: object;
  /** The service's package.json, for --version. */
  readonly packageJson: URL;
}

const camelToKebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camelToSnake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** The placeholder of an option's value: none for a switch, the choices, N, JSON, FILE or VALUE. */
function placeholderOf(key: string, p: PropertySchema): string {
  const type = Array.isArray(p.type) ? p.type[0] : p.type;
  if (type === 'boolean') return '';
  if (p.enum !== undefined) return ` ${p.enum.join('|')}`;
  if (type === 'integer' || type === 'number') return ' N';
  if (type === 'array' || type === 'object') return ' JSON';
  if (key === 'config' || key.endsWith('File')) return ' FILE';
  if (key.endsWith('Dir')) return ' DIR';
  return ' VALUE';
}

/** How an option is given: its flag, or for a secret (never a flag) its file key and variable. */
function headOf(key: string, p: PropertySchema): string {
  return p.writeOnly === true
    ? `${key} / QCOS_${camelToSnake(key)}`
    : `--${camelToKebab(key)}${placeholderOf(key, p)}`;
}

/** The notes after an option's meaning: required, secret, range, default. */
function notesOf(p: PropertySchema, required: boolean): string {
  const notes = [
    ...(required ? ['required'] : []),
    ...(p.writeOnly === true ? ['secret: config file (0600) or environment only'] : []),
    ...(p.minimum !== undefined || p.maximum !== undefined
      ? [`${p.minimum ?? ''}..${p.maximum ?? ''}`]
      : []),
    ...(p.default === undefined ? [] : [`default ${JSON.stringify(p.default)}`]),
  ];
  return notes.length === 0 ? '' : ` (${notes.join('; ')})`;
}

/**
 * The usage of a service whose options are a config schema: every property as its flag, with its
 * meaning, range and default, generated from the schema so the help cannot drift from what
 * loadConfig accepts.
 */
export function renderConfigHelp(help: Pick<ServiceHelp, 'name' | 'summary' | 'schema'>): string {
  const schema = help.schema as ObjectSchema;
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {});
  const heads = entries.map(([key, p]) => headOf(key, p));
  const width = Math.min(30, Math.max(...heads.map((h) => h.length)));
  const lines = entries.map(([key, p], i) => {
    const head = (heads[i] ?? '').padEnd(width);
    return `  ${head}  ${p.description ?? ''}${notesOf(p, required.has(key))}`;
  });
  return `${help.name} — ${help.summary}

usage: ${help.name} [--config FILE] [--OPTION VALUE …]
       ${help.name} --help | --version

Each option is also a key of the JSON --config file (camelCase, e.g. ${entries[1]?.[0] ?? 'key'}) and an
environment variable QCOS_<UPPER_SNAKE> (e.g. QCOS_${camelToSnake(entries[1]?.[0] ?? 'KEY')}). Flags
override the environment, which overrides the file; secrets never come from a flag.

options:
${lines.join('\n')}
`;
}

/**
 * The text `--help` or `--version` asks for, when the command line holds either; undefined
 * otherwise, and the service starts.
 */
export function serviceInfoRequest(argv: readonly string[], help: ServiceHelp): string | undefined {
  if (argv.includes('--help')) return renderConfigHelp(help);
  if (!argv.includes('--version')) return undefined;
  const { version } = JSON.parse(readFileSync(help.packageJson, 'utf8')) as { version: string };
  return `${help.name} ${version}\n`;
}
