import { resolve } from 'node:path';
import { type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import { type CliContext, readContext } from './context.js';
import { isQanUrl, loadNamedContext, selectedContextName } from './named-contexts.js';

/** The QAN used when nothing names one. */
export const DEFAULT_QAN = 'http://127.0.0.1:8400';

/** One rank of the precedence: a QAN URL and/or a credentials file, and what named them. */
interface Source {
  readonly qan?: { readonly url: string; readonly from: string };
  readonly credentials?: string;
}

/** The QAN and the credentials a command uses. */
export interface QanTarget {
  readonly url: string;
  readonly credentials: (CliContext & { readonly dir: string }) | undefined;
}

function checkUrl(url: string, from: string): string {
  if (!isQanUrl(url))
    throw new CliError(
      'USAGE',
      `${from} must be an http(s) URL with a host, e.g. ${DEFAULT_QAN} (got "${url}")`,
      { flag: from.replace(/^--/, '') },
    );
  return url.replace(/\/+$/, '');
}

function contextSource(name: string, from: string): Source {
  const context = loadNamedContext(name);
  return {
    qan: { url: context.qan, from },
    ...(context.credentials === undefined ? {} : { credentials: context.credentials }),
  };
}

/**
 * The ranks, highest first, each read only when the ones above leave something open: flags,
 * --context, the environment, the selected context.
 */
function sources(args: ParsedArgs): (() => Source)[] {
  const env = process.env;
  return [
    () => {
      const qan = stringFlag(args, 'qan');
      const dataDir = stringFlag(args, 'data-dir');
      const credentials =
        stringFlag(args, 'credentials') ??
        (dataDir === undefined ? undefined : resolve(dataDir, 'credentials', 'context.json'));
      return {
        ...(qan === undefined ? {} : { qan: { url: qan, from: '--qan' } }),
        ...(credentials === undefined ? {} : { credentials }),
      };
    },
    () => {
      const name = stringFlag(args, 'context');
      return name === undefined ? {} : contextSource(name, `context "${name}"`);
    },
    () => ({
      ...(env['QCOS_QAN_URL'] === undefined
        ? {}
        : { qan: { url: env['QCOS_QAN_URL'], from: '$QCOS_QAN_URL' } }),
      ...(env['QCOS_CREDENTIALS'] === undefined ? {} : { credentials: env['QCOS_CREDENTIALS'] }),
    }),
    () => {
      const name = selectedContextName();
      return name === undefined ? {} : contextSource(name, `the selected context "${name}"`);
    },
  ];
}

/**
 * The QAN and credentials of a command, by the precedence in PRECEDENCE (command-spec.ts): the
 * first rank naming a QAN wins, and so does the first naming a credentials file; a credentials
 * file's own QAN counts at the rank that chose the file.
 */
export function resolveTarget(args: ParsedArgs): QanTarget {
  let qan: Source['qan'];
  let credentials: QanTarget['credentials'];
  for (const source of sources(args)) {
    const found = source();
    if (credentials === undefined && found.credentials !== undefined) {
      credentials = readContext(found.credentials);
      if (qan === undefined && found.qan === undefined && credentials.qan !== undefined)
        qan = { url: credentials.qan, from: `the credentials ${found.credentials}` };
    }
    qan ??= found.qan;
    if (qan !== undefined && credentials !== undefined) break;
  }
  return { url: checkUrl(qan?.url ?? DEFAULT_QAN, qan?.from ?? 'the default QAN'), credentials };
}

/** The credentials file in use, without needing a QAN. */
export function resolveCredentials(args: ParsedArgs): QanTarget['credentials'] {
  for (const source of sources(args)) {
    const file = source().credentials;
    if (file !== undefined) return readContext(file);
  }
  return undefined;
}
