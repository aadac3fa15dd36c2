/** One master SAE and the slave SAEs (DQN aliases, whose key pools they are) it may take keys of. */
export interface SaePairing {
  readonly master: string;
  readonly slaves: readonly string[];
}

/**
 * Which master SAE may take keys shared with which slave (QanConfig `saePairings`). A pairing not
 * listed does not exist: enc_keys and status need the caller to be a listed master of the slave in
 * the path, dec_keys needs the caller to be a listed slave of the master in the path.
 */
export class SaePairings {
  private readonly pairs: ReadonlySet<string>;

  constructor(pairings: readonly SaePairing[]) {
    this.pairs = new Set(pairings.flatMap((p) => p.slaves.map((slave) => key(p.master, slave))));
  }

  paired(master: string, slave: string): boolean {
    return this.pairs.has(key(master, slave));
  }
}

// SAE_IDs never contain a newline (the path schema and certificate CN rules), so this is unique.
const key = (master: string, slave: string) => `${master}\n${slave}`;
