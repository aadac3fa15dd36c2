import { type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import { type CommandSpec, PRECEDENCE } from '../command-spec.js';
import {
  checkContextName,
  configDir,
  isQanUrl,
  listNamedContexts,
  loadNamedContext,
  type NamedContext,
  removeNamedContext,
  saveNamedContext,
  selectedContextName,
  selectNamedContext,
} from '../credentials/named-contexts.js';
import { renderTable } from '../table.js';
import { print } from './client-commands.js';

function nameArg(args: ParsedArgs): string {
  const name = args.positional[1];
  if (name === undefined)
    throw new CliError('USAGE', `qcos context ${args.positional[0]} needs a context name`);
  return checkContextName(name);
}

function addContext(args: ParsedArgs): NamedContext {
  const name = nameArg(args);
  const qan = stringFlag(args, 'qan');
  if (qan === undefined || !isQanUrl(qan))
    throw new CliError(
      'USAGE',
      `flag --qan of "qcos context add" must be an http(s) URL with a host (got ${qan === undefined ? 'none' : `"${qan}"`})`,
      { flag: 'qan' },
    );
  const credentials = stringFlag(args, 'credentials');
  const description = stringFlag(args, 'description');
  const saved = saveNamedContext({
    name,
    qan: qan.replace(/\/+$/, ''),
    ...(credentials === undefined ? {} : { credentials }),
    ...(description === undefined ? {} : { description }),
  });
  if (args.flags['select'] === true) selectNamedContext(name);
  return saved;
}

function showContext(context: NamedContext, selected: boolean): string {
  return [
    `context ${context.name}${selected ? ' (selected)' : ''}`,
    `  qan          ${context.qan}`,
    `  credentials  ${context.credentials ?? '-'}`,
    `  description  ${context.description ?? '-'}`,
  ].join('\n');
}

function listContexts(json: boolean): void {
  const selected = selectedContextName();
  const contexts = listNamedContexts();
  if (json) {
    print(JSON.stringify({ selected: selected ?? null, contexts }));
    return;
  }
  if (contexts.length === 0) {
    print(`no contexts in ${configDir()} (qcos context add NAME --qan URL)`);
    return;
  }
  print(
    renderTable(
      ['', 'NAME', 'QAN', 'CREDENTIALS', 'DESCRIPTION'],
      contexts.map((c) => [
        c.name === selected ? '*' : '',
        c.name,
        c.qan,
        c.credentials ?? '',
        c.description ?? '',
      ]),
    ),
  );
}

/** `qcos context add|ls|select|show|rm …`: saved QANs and credentials files, one selected. */
export function contextCommand(args: ParsedArgs): number {
  const json = args.flags['json'] === true;
  const show = (context: NamedContext) =>
    print(
      json
        ? JSON.stringify({ ...context, selected: selectedContextName() === context.name })
        : showContext(context, selectedContextName() === context.name),
    );
  switch (args.positional[0]) {
    case 'add':
      show(addContext(args));
      return 0;
    case 'ls':
      listContexts(json);
      return 0;
    case 'select':
      show(selectNamedContext(nameArg(args)));
      return 0;
    case 'show': {
      const name = args.positional[1] ?? selectedContextName();
      if (name === undefined)
        throw new CliError(
          'CONTEXT_NOT_FOUND',
          'no context is selected (qcos context select NAME)',
        );
      show(loadNamedContext(name));
      return 0;
    }
    case 'rm':
      removeNamedContext(nameArg(args));
      if (!json) print(`removed context ${args.positional[1]}`);
      else print(JSON.stringify({ removed: args.positional[1] }));
      return 0;
    default:
      throw new CliError('USAGE', `usage: ${contextSpec.usage.join('\n       ')}`);
  }
}

export const contextSpec: CommandSpec = {
  name: 'context',
  summary: 'saved QANs and credentials files; select one to use by default',
  usage: [
    'qcos context add <name> --qan URL [--credentials FILE] [--description TEXT] [--select]',
    'qcos context ls',
    'qcos context select <name>',
    'qcos context show [name]',
    'qcos context rm <name>',
  ],
  description: `A context names a QAN and, optionally, a credentials file (never a token: those stay in
the owner-only credentials file). Contexts live in $XDG_CONFIG_HOME/qcos/ (default
~/.config/qcos/; directory 0700, files 0600); \`ls\` marks the selected one with *. Names are
1 to 64 of A-Z a-z 0-9 _ - (else CONTEXT_INVALID); an unknown name is CONTEXT_NOT_FOUND.

${PRECEDENCE}`,
  flags: [
    { name: 'qan', kind: 'string', value: 'URL', meaning: "add: the QAN's HTTP API" },
    {
      name: 'credentials',
      kind: 'string',
      value: 'FILE',
      meaning: 'add: a credentials context file (stored as an absolute path)',
    },
    { name: 'description', kind: 'string', value: 'TEXT', meaning: 'add: a note for `ls`' },
    { name: 'select', kind: 'boolean', meaning: 'add: also select the context' },
  ],
  talksToQan: false,
  examples: [
    'qcos context add devnet --qan http://127.0.0.1:8400 --credentials ./.devnet/credentials/context.json --select',
    'qcos context ls',
    'qcos nodes --context devnet',
  ],
  run: contextCommand,
};
