import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writePrivateFile } from '@qcos/runtime';
import { CliError } from '../cli-error.js';

/**
 * A saved context (`qcos context add`): which QAN to talk to and which credentials file to use.
 * It names the credentials file and never holds a token itself.
 */
export interface NamedContext {
  readonly name: string;
  readonly qan: string;
  /** Absolute path of a credentials context file. */
  readonly credentials?: string;
  readonly description?: string;
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** `$XDG_CONFIG_HOME/qcos`, else `~/.config/qcos`. */
export function configDir(): string {
  const xdg = process.env['XDG_CONFIG_HOME'];
  return join(xdg === undefined || xdg === '' ? join(homedir(), '.config') : xdg, 'qcos');
}

const contextsDir = () => join(configDir(), 'contexts');
const selectedFile = () => join(configDir(), 'selected-context');

/** Refuses a name that could escape the contexts directory or surprise a shell. */
export function checkContextName(name: string): string {
  if (!NAME_PATTERN.test(name))
    throw new CliError(
      'CONTEXT_INVALID',
      `context name "${name}" must be 1 to 64 of A-Z a-z 0-9 _ -`,
      { name },
    );
  return name;
}

/** The config directory and its contexts directory, owner-only (0700). */
function ensureDirs(): void {
  for (const dir of [configDir(), contextsDir()]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700); // the mode above applies only when the directory is created
  }
}

/** Whether `value` is an http(s) URL with a host. */
export function isQanUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A stored context as read back: only the fields a context may hold, each checked. */
function parseContext(name: string, text: string): NamedContext {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['qan', 'credentials', 'description'].includes(k));
  const optionalString = (k: string) => o[k] === undefined || typeof o[k] === 'string';
  if (
    typeof o['qan'] !== 'string' ||
    !isQanUrl(o['qan']) ||
    !optionalString('credentials') ||
    !optionalString('description') ||
    extra.length > 0
  )
    throw new CliError(
      'CONTEXT_INVALID',
      `context "${name}" (${join(contextsDir(), `${name}.json`)}) is not a valid context`,
      { name },
    );
  return { name, ...(o as Omit<NamedContext, 'name'>) };
}

export function loadNamedContext(name: string): NamedContext {
  const file = join(contextsDir(), `${checkContextName(name)}.json`);
  if (!existsSync(file))
    throw new CliError('CONTEXT_NOT_FOUND', `no context "${name}" (qcos context ls)`, { name });
  return parseContext(name, readFileSync(file, 'utf8'));
}

/** Saves (or replaces) a context; a relative credentials path is made absolute. */
export function saveNamedContext(context: NamedContext): NamedContext {
  checkContextName(context.name);
  const saved: NamedContext = {
    ...context,
    ...(context.credentials === undefined ? {} : { credentials: resolve(context.credentials) }),
  };
  const { name, ...stored } = saved;
  ensureDirs();
  writePrivateFile(join(contextsDir(), `${name}.json`), `${JSON.stringify(stored, null, 2)}\n`);
  return saved;
}

export function listNamedContexts(): NamedContext[] {
  if (!existsSync(contextsDir())) return [];
  return readdirSync(contextsDir())
    .filter((f) => f.endsWith('.json') && NAME_PATTERN.test(f.slice(0, -5)))
    .sort()
    .map((f) => loadNamedContext(f.slice(0, -5)));
}

/** The selected context's name, if one is selected. */
export function selectedContextName(): string | undefined {
  if (!existsSync(selectedFile())) return undefined;
  const name = readFileSync(selectedFile(), 'utf8').trim();
  return name === '' ? undefined : name;
}

export function selectNamedContext(name: string): NamedContext {
  const context = loadNamedContext(name);
  ensureDirs();
  writePrivateFile(selectedFile(), `${name}\n`);
  return context;
}

/** Removes a context; removing the selected one leaves none selected. */
export function removeNamedContext(name: string): void {
  loadNamedContext(name);
  rmSync(join(contextsDir(), `${name}.json`));
  if (selectedContextName() === name) rmSync(selectedFile());
}
