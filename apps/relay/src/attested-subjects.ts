/** Most distinct node identities remembered (one per DQN session seen). */
export const MAX_ATTESTED_SUBJECTS = 4096;

/**
 * The certificate subject (the DQN-Alias) each authenticated node presented
 * in its handshake, by node id. The subject is signed by the node's identity
 * key, whose attestation the handshake verified; the relay uses it to route
 * by alias only when neither its configuration nor the registry replica
 * names the node.
 */
export class AttestedSubjects {
  private readonly byNode = new Map<string, string>();

  record(nodeId: string, subject: string): void {
    this.byNode.delete(nodeId);
    this.byNode.set(nodeId, subject);
    while (this.byNode.size > MAX_ATTESTED_SUBJECTS) {
      const oldest = this.byNode.keys().next().value;
      if (oldest === undefined) break;
      this.byNode.delete(oldest);
    }
  }

  aliasOf(nodeId: string): string | undefined {
    return this.byNode.get(nodeId);
  }

  /** The most recently seen node presenting `alias`. */
  nodeIdOf(alias: string): string | undefined {
    let found: string | undefined;
    for (const [id, subject] of this.byNode) if (subject === alias) found = id;
    return found;
  }
}
