import { createQanApiClient, type Etsi014Status, type QanApiClient } from '@qcos/qan-api';
import { mtlsFetch } from '@qcos/runtime';
import { intFlag, type ParsedArgs, stringFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { saeTls } from '../credentials/context.js';
import { renderTable } from '../table.js';
import { cliContext } from './client-commands.js';

const usage = () => `usage: ${keysSpec.usage.join('\n       ')}`;
const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/**
 * The KME as SAE --sae (default: the context's master SAE), over mutual TLS with that SAE's
 * certificate from the credentials context; --kme URL overrides the context's listener.
 */
function kmeAs(args: ParsedArgs): { api: QanApiClient; sae: string } {
  const context = cliContext(args);
  if (context === undefined)
    throw new CliError(
      'USAGE',
      'key delivery needs SAE credentials: --credentials FILE or --data-dir DIR',
    );
  const sae = stringFlag(args, 'sae') ?? context.master;
  const url = stringFlag(args, 'kme') ?? context.kme;
  if (sae === undefined || url === undefined)
    throw new CliError('USAGE', 'the credentials name no SAE or KME; give --sae and --kme');
  return { api: createQanApiClient(url, { fetch: mtlsFetch(saeTls(context, sae)) }), sae };
}

function printStatus(rows: readonly Etsi014Status[], json: boolean): void {
  if (json) {
    print(JSON.stringify(rows));
    return;
  }
  print(
    renderTable(
      ['SLAVE SAE', 'MASTER SAE', 'STORED KEYS', 'KEY SIZE', 'MAX KEYS'],
      rows.map((r) => [
        r.slave_SAE_ID,
        r.master_SAE_ID,
        String(r.stored_key_count),
        `${r.key_size} bit`,
        String(r.max_key_count),
      ]),
    ),
  );
}

/**
 * `qcos keys status|enc|dec …`: ETSI GS QKD 014 over mutual TLS. `status` and `enc` act as a
 * master SAE (the path names the slave), `dec` as a slave SAE (the path names the master).
 */
export async function keysCommand(args: ParsedArgs): Promise<number> {
  const [action, target, ...rest] = args.positional;
  if (target === undefined) throw new CliError('USAGE', usage());
  const { api } = kmeAs(args);
  const json = args.flags['json'] === true;
  switch (action) {
    case 'status': {
      const rows: Etsi014Status[] = [];
      for (const slave of [target, ...rest])
        rows.push(await api.keyStatus({ params: { slave_SAE_ID: slave } }));
      printStatus(rows, json);
      return 0;
    }
    case 'enc': {
      const number = intFlag(args, 'number', 1, 1, 128);
      const container = await api.encKeys({ params: { slave_SAE_ID: target }, body: { number } });
      print(JSON.stringify(container, null, json ? undefined : 2));
      return 0;
    }
    case 'dec': {
      if (rest.length === 0) throw new CliError('USAGE', usage());
      const key_IDs = rest.map((key_ID) => ({ key_ID }));
      const container = await api.decKeys({ params: { master_SAE_ID: target }, body: { key_IDs } });
      print(JSON.stringify(container, null, json ? undefined : 2));
      return 0;
    }
    default:
      throw new CliError('USAGE', usage());
  }
}

export const keysSpec: CommandSpec = {
  name: 'keys',
  summary: 'ETSI GS QKD 014 key delivery over mutual TLS',
  usage: [
    'qcos keys status <slave_SAE_ID>… [--json]',
    'qcos keys enc <slave_SAE_ID> [--number N]',
    'qcos keys dec <master_SAE_ID> <key_ID>… [--sae SAE_ID]',
  ],
  description: `Speaks ETSI GS QKD 014 to the KME listener with the certificate of an SAE from the
credentials: status (pool status) and enc (take keys) as a master SAE, naming the slave; dec
(fetch keys by key_ID) as a slave SAE, naming the master.`,
  flags: [
    {
      name: 'number',
      kind: 'integer',
      value: 'N',
      min: 1,
      max: 128,
      default: '1',
      meaning: 'enc: keys to take',
    },
    {
      name: 'sae',
      kind: 'string',
      value: 'SAE_ID',
      meaning: "the SAE whose certificate is presented (default: the credentials' master SAE)",
    },
    {
      name: 'kme',
      kind: 'string',
      value: 'URL',
      meaning: "the ETSI 014 listener, https (default: the credentials')",
    },
  ],
  talksToQan: true,
  examples: [
    'qcos keys status rigel sirius --data-dir ./.devnet',
    'qcos keys dec sae-devnet KEY_ID --sae sirius',
  ],
  run: keysCommand,
};
