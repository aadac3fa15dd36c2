import { parseArgs } from './args.js';
import { asCliError, CliError } from './cli-error.js';
import { nodesCommand, resolveCommand, submitCommand } from './commands/client-commands.js';
import { contractsCommand, reservationsCommand } from './commands/contract-commands.js';
import { devnetCommand } from './commands/devnet.js';
import { genesisCommand } from './commands/genesis-command.js';
import { keysCommand } from './commands/keys-command.js';
import { logCommand, membersCommand } from './commands/log-commands.js';
import { operatorCommand } from './commands/operator-commands.js';
import { snapshotCommand } from './commands/snapshot-command.js';

const USAGE = `qcos — QCOS network command line

  qcos devnet [--cluster] [--scenario default|none] [--json] [--data-dir DIR] [--keep]
              [--heartbeat-interval-ms N] [--heartbeat-timeout-ms N] [--hysteresis N] [--eks-interval-ms N]
      start one QAN, one relay and four DQNs, run the scenario, print a summary (exit 0 = passed);
      --cluster: three etcd members (Debian's etcd-server) and three QANs sharing one registry
  qcos nodes [--json]                      the registry as the QAN sees it
  qcos resolve <q-uri> [--json]            where QNH routing would send a job
  qcos submit <q-uri> [file.qasm] [--json] submit a job and wait for its counts (a /link job:
                                           a run over a link contract, no program)
  qcos keys status <slave_SAE_ID>… [--json]       ETSI GS QKD 014 pool status, as a master SAE
  qcos keys enc <slave_SAE_ID> [--number N]        take N keys, as a master SAE
  qcos keys dec <master_SAE_ID> <key_ID>…          fetch keys by key_ID, as a slave SAE
  qcos contracts request --kind LINK|WINDOW --participants A,B --scopes S [--slots N] [--start-in-ms N]
              [--duration-ms N] [--pairs N] [--type M|K] [--length-ms N] [--tolerance-mrad N] [--json]
      request a resource contract (client); exit 3 when the fold rejects it, with its reason
  qcos contracts get|cancel <id> [--json]  a contract of yours: its state and slots, or how it ended
  qcos contracts run <id> --use CHSH|TELEPORT --pairs N [--theta-urad N --phi-urad N]
      run pairs of an ACTIVE link contract on its two DQNs: S, or the teleportation fidelity
  qcos reservations <alias> [--json]       what holds a node's memory slots
  qcos log [--from N] [--limit N] [--json] committed blocks; operator actions with their signer
  qcos members [--json]                    anchor, QANs and operators with trust from the anchor
  qcos genesis create --network-id ID --anchor-seed-file FILE --out FILE
              [--qans KEY,…] [--operators KEY,…] [--qan-level 1] [--operator-level 1]
      sign the network's genesis document with the anchor key (seed file created 0600 if missing)
  qcos operator key|maintenance <alias> on|off|deregister <alias>|trust grant|revoke <key> --role qan|operator [--level L]
              |policy [--heartbeat-interval-ms N] [--min-fidelity F] [--hysteresis N] [--fidelity-window N]
              --seed-file FILE (or $QCOS_OPERATOR_SEED_FILE)
      operator actions, signed locally with the operator's own key and carried by the QAN
  qcos snapshot export --data-dir DIR --out FILE [--json]
      the newest registry snapshot a QAN stored in DIR, for another QAN's snapshotFile

  --qan URL            QAN HTTP API (default $QCOS_QAN_URL, the credentials' QAN, or http://127.0.0.1:8400)
  --credentials FILE   credentials context (default $QCOS_CREDENTIALS, or DIR/credentials/context.json
                       with --data-dir DIR): the QAN's address, a bearer token per role, SAE certificates.
                       $QCOS_API_TOKEN overrides its token; tokens are never taken from the command line.
  --sae SAE_ID         the SAE whose certificate \`keys\` presents (default: the credentials' master SAE)
  --kme URL            the ETSI 014 listener (https; default: the credentials')
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest);
  // `qcos <command> --help` prints the usage instead of running the command.
  if (args.flags['help'] === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'devnet':
      return devnetCommand(args);
    case 'nodes':
      return nodesCommand(args);
    case 'resolve':
      return resolveCommand(args);
    case 'submit':
      return submitCommand(args);
    case 'keys':
      return keysCommand(args);
    case 'contracts':
      return contractsCommand(args);
    case 'reservations':
      return reservationsCommand(args);
    case 'log':
      return logCommand(args);
    case 'members':
      return membersCommand(args);
    case 'genesis':
      return genesisCommand(args);
    case 'operator':
      return operatorCommand(args);
    case 'snapshot':
      return snapshotCommand(args);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError('USAGE', `unknown command "${command}"\n\n${USAGE}`);
  }
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
