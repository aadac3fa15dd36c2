import { readFileSync } from 'node:fs';
import { parseArgs } from './args.js';
import { asCliError, CliError } from './cli-error.js';
import { type CommandSpec, flagsOf, renderCommandHelp, renderIndex } from './command-spec.js';
import { resolveSpec, submitSpec } from './commands/client-commands.js';
import { contextSpec } from './commands/context-command.js';
import { contractsSpec, reservationsSpec } from './commands/contract-commands.js';
import { devnetSpec } from './commands/devnet.js';
import { faultSpec } from './commands/fault-command.js';
import { genesisSpec } from './commands/genesis-command.js';
import { keysSpec } from './commands/keys-command.js';
import { logSpec, membersSpec } from './commands/log-commands.js';
import { nodesSpec } from './commands/nodes-command.js';
import { operatorSpec } from './commands/operator-commands.js';
import { snapshotSpec } from './commands/snapshot-command.js';

/** Every command, in the order the index lists them. */
const COMMANDS: readonly CommandSpec[] = [
  devnetSpec,
  nodesSpec,
  resolveSpec,
  submitSpec,
  faultSpec,
  keysSpec,
  contractsSpec,
  reservationsSpec,
  logSpec,
  membersSpec,
  genesisSpec,
  operatorSpec,
  snapshotSpec,
  contextSpec,
];

/** This command line's version, from its package.json (next to dist/ and src/ alike). */
function version(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function commandNamed(name: string): CommandSpec {
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec === undefined)
    throw new CliError('USAGE', `unknown command "${name}" (qcos help lists them)`, {
      command: name,
    });
  return spec;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      process.stderr.write(renderIndex(COMMANDS));
      return 2;
    case 'help':
    case '--help':
      process.stdout.write(
        rest[0] === undefined ? renderIndex(COMMANDS) : renderCommandHelp(commandNamed(rest[0])),
      );
      return 0;
    case 'version':
    case '--version':
      process.stdout.write(`qcos ${version()}\n`);
      return 0;
  }
  const spec = commandNamed(command);
  // `qcos <command> --help` prints that command's usage instead of running it.
  if (rest.includes('--help')) {
    process.stdout.write(renderCommandHelp(spec));
    return 0;
  }
  return spec.run(parseArgs(rest, flagsOf(spec), `qcos ${spec.name}`));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (failure: unknown) => {
    const error = asCliError(failure);
    if (error instanceof CliError) {
      const json = process.argv.includes('--json');
      if (json)
        process.stdout.write(
          `${JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } })}\n`,
        );
      else process.stderr.write(`qcos: ${error.code}: ${error.message}\n`);
      process.exit(error.code === 'USAGE' ? 2 : 1);
    }
    process.stderr.write(
      `qcos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
