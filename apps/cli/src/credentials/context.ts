import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assertPrivateFile, type ClientTls } from '@qcos/runtime';
import { CliError } from '../cli-error.js';

/** The roles a context holds a bearer token for. */
export type TokenRole = 'operator' | 'client' | 'reader';

/**
 * A credentials context (`context.json`, owner-only): where a network's QAN and KME listen, a
 * bearer token per role, and the SAE certificates the caller may present. File names are
 * relative to the context file. The devnet writes one into its data directory.
 */
export interface CliContext {
  /** The QAN's HTTP API, e.g. http://127.0.0.1:8400. */
  readonly qan?: string;
  /** The ETSI 014 key delivery listener (https). */
  readonly kme?: string;
  readonly tokens: Partial<Record<TokenRole, string>>;
  /** The CA of the KME's server certificate (the SAE CA). */
  readonly saeCa?: string;
  /** The SAE that `qcos keys` acts as by default (a master SAE). */
  readonly master?: string;
  /** Certificate and key files of each SAE the context may act as. */
  readonly saes: Record<string, { readonly cert: string; readonly key: string }>;
  /**
   * The DQN agents' control endpoints (the devnet writes them): where `qcos fault` posts, and
   * the owner-only file holding each endpoint's bearer token.
   */
  readonly agents?: Record<string, AgentControl>;
}

/** An agent's control endpoint; the token stays in its own file, relative to the context. */
export interface AgentControl {
  /** e.g. http://127.0.0.1:PORT */
  readonly control: string;
  readonly tokenFile: string;
}

/** Reads a context file; it holds tokens, so it must be owner-only (CONFIG_FILE_PERMISSIONS). */
export function readContext(file: string): CliContext & { readonly dir: string } {
  try {
    assertPrivateFile(file, 'API tokens');
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CliContext>;
    return { tokens: {}, saes: {}, ...parsed, dir: dirname(resolve(file)) };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    throw new CliError(
      e.code ?? 'FILE_UNREADABLE',
      `credentials ${file}: ${e.message ?? String(error)}`,
    );
  }
}

/** The client TLS of SAE `saeId` from a context, read from its files. */
export function saeTls(context: CliContext & { dir: string }, saeId: string): ClientTls {
  const files = context.saes[saeId];
  if (files === undefined || context.saeCa === undefined)
    throw new CliError('USAGE', `the credentials hold no certificate for SAE ${saeId}`);
  const read = (name: string) => readFileSync(resolve(context.dir, name), 'utf8');
  return { ca: read(context.saeCa), cert: read(files.cert), key: read(files.key) };
}
