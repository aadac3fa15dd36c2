import { readFileSync } from 'node:fs';
import { fromHex, isHex } from '@qcos/identity';
import { RuntimeError } from './errors.js';
import { createAjv, describeSchemaErrors } from './schema-validator.js';
import { assertPrivateFile } from './secret-files.js';

/** Where configuration comes from; later sources override earlier ones: defaults < file < env < argv. */
export interface ConfigSources {
  /** Path of a JSON config file (optional; otherwise `--config FILE` in argv, if present). */
  readonly file?: string;
  /** Environment; variables named `<envPrefix><UPPER_SNAKE_KEY>` set top-level keys. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Command-line flags: `--some-key value`, `--some-key=value`, or a bare `--flag` (= true). */
  readonly argv?: readonly string[];
  /** Prefix of environment variables; default `QCOS_`. */
  readonly envPrefix?: string;
}

const kebabToCamel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snakeToCamel = (s: string) =>
  s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Flag and env values are strings; JSON-looking ones (`[..]`, `{..}`) become structures. */
function parseScalar(raw: string): unknown {
  const t = raw.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Parses `--key value` style flags into an object of camelCase keys. */
export function parseFlags(argv: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--') || arg.length === 2) {
      throw new RuntimeError(
        'CONFIG_BAD_FLAG',
        `unexpected argument "${arg}" (flags look like --name value)`,
        {
          index: i,
          argument: arg,
        },
      );
    }
    const eq = arg.indexOf('=');
    const name = kebabToCamel(arg.slice(2, eq === -1 ? undefined : eq));
    if (eq !== -1) {
      out[name] = parseScalar(arg.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) {
      out[name] = true;
    } else {
      out[name] = parseScalar(next);
      i++;
    }
  }
  return out;
}

/** Top-level keys the schema marks `writeOnly: true`: secrets, which never come from a flag. */
function secretKeys(schema: object): string[] {
  const properties = (schema as { properties?: Record<string, { writeOnly?: boolean }> })
    .properties;
  return Object.entries(properties ?? {})
    .filter(([, p]) => p?.writeOnly === true)
    .map(([key]) => key);
}

const camelToKebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Secrets (schema properties marked `writeOnly`) come from a private file or the environment:
 * a flag would show them to every user of the machine (`ps`), and a file others may read gives
 * them away at rest.
 */
function checkSecretSources(
  secrets: readonly string[],
  fromFlags: Record<string, unknown>,
  fromFile: Record<string, unknown>,
  file: string | undefined,
): void {
  for (const key of secrets) {
    if (key in fromFlags) {
      throw new RuntimeError(
        'CONFIG_SECRET_ON_COMMAND_LINE',
        `--${camelToKebab(key)} is secret: give it in a config file (mode 0600) or the environment`,
        { field: key },
      );
    }
    if (file !== undefined && key in fromFile) assertPrivateFile(file, key);
  }
}

/**
 * Loads configuration from defaults, a JSON file, the environment and flags, then validates the
 * merged object against `schema` (JSON Schema; defaults filled in, flag/env strings coerced to the
 * schema's types). Any problem throws a RuntimeError listing every violation, never a partial config.
 * Properties the schema marks `writeOnly` are secrets: refused on the command line
 * (CONFIG_SECRET_ON_COMMAND_LINE) and from a config file that others may read
 * (CONFIG_FILE_PERMISSIONS).
 */
export function loadConfig<T>(schema: object, sources: ConfigSources = {}): T {
  const fromFlags = parseFlags(sources.argv ?? []);
  // `--config FILE` among the flags names the file when the caller gives none.
  const file =
    sources.file ?? (typeof fromFlags['config'] === 'string' ? fromFlags['config'] : undefined);
  let fromFile: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new RuntimeError('CONFIG_FILE_UNREADABLE', `cannot read config file ${file}`, {
        file,
        cause: String(error),
      });
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('top level must be an object');
      }
      fromFile = parsed as Record<string, unknown>;
    } catch (error) {
      throw new RuntimeError(
        'CONFIG_FILE_INVALID_JSON',
        `config file ${file} is not a JSON object`,
        {
          file,
          cause: String(error),
        },
      );
    }
  }
  checkSecretSources(secretKeys(schema), fromFlags, fromFile, file);
  const prefix = sources.envPrefix ?? 'QCOS_';
  const fromEnv: Record<string, unknown> = {};
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  for (const [name, value] of Object.entries(sources.env ?? {})) {
    if (value === undefined || !name.startsWith(prefix)) continue;
    const key = snakeToCamel(name.slice(prefix.length));
    // Unrelated variables that happen to share the prefix are ignored rather than rejected.
    if (key in properties) fromEnv[key] = parseScalar(value);
  }
  const merged = { ...fromFile, ...fromEnv, ...fromFlags };
  const ajv = createAjv({ useDefaults: true, coerceTypes: true });
  const validate = ajv.compile(schema);
  if (!validate(merged)) {
    const problems = describeSchemaErrors(validate.errors);
    throw new RuntimeError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`, {
      problems,
    });
  }
  return merged as T;
}

/**
 * Decodes a hex config value (keys, seeds). Schemas check the pattern first; this still refuses
 * anything else rather than decode it partially, as Buffer.from(…, 'hex') would.
 */
export function bytesFromHex(hex: string, field = 'value'): Uint8Array {
  if (!isHex(hex)) {
    throw new RuntimeError('CONFIG_INVALID', `${field}: not an even-length hex string`, { field });
  }
  return fromHex(hex);
}
