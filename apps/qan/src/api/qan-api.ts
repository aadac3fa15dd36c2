import type {
  BlockView,
  Etsi014KeyContainer,
  Etsi014Status,
  InfoView,
  JobView,
  MembersView,
  MerkleProofView,
  MerkleRootView,
  NodeView,
  OperatorActionSubmit,
  OperatorActionView,
  TrustView,
} from '@qcos/qan-api';
import type { Resolution, Submission } from '../jobs/job-router.js';

/**
 * What the QAN offers its HTTP API. Lookups that find nothing throw QanError; resolving and
 * submitting return the job router's outcome, which the HTTP layer turns into a response.
 */
export interface QanApi {
  info(): InfoView;
  height(): number;
  listNodes(): NodeView[];
  getNode(alias: string): NodeView;
  resolve(uri: string): Resolution;
  submitJob(uri: string, program: string): Submission;
  getJob(jobId: string): JobView;
  blocks(from: number, limit: number): Promise<BlockView[]>;
  block(height: number): Promise<BlockView>;
  /** The current root, or the root after folding the log up to `height`. */
  merkleRoot(height?: number): Promise<MerkleRootView>;
  merkleProof(alias: string): MerkleProofView;
  /** Relational trust from `observer` (default: the genesis anchor) to `target`. */
  trust(target: string, observer: string | undefined): TrustView;
  /** The anchor, QANs and operators the registry knows. */
  members(): MembersView;
  /** Checks a signed operator action, carries it in the next block, resolves once committed. */
  submitOperatorAction(body: OperatorActionSubmit): Promise<OperatorActionView>;
  keyStatus(saeId: string): Promise<Etsi014Status>;
  encKeys(
    saeId: string,
    number: number,
    sizeBits: number | undefined,
  ): Promise<Etsi014KeyContainer>;
  decKeys(saeId: string, keyIds: readonly string[]): Promise<Etsi014KeyContainer>;
}
