import type {
  BlockView,
  ContractRequest,
  ContractRunRequest,
  ContractRunView,
  ContractView,
  Etsi014KeyContainer,
  Etsi014KeyRequest,
  Etsi014Status,
  InfoView,
  JobView,
  MembersView,
  MerkleProofView,
  MerkleRootView,
  NodeView,
  OperatorActionSubmit,
  OperatorActionView,
  ReservationListView,
  RouteCaller,
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
  /** Submits a job on behalf of `caller`, who becomes its submitter. */
  submitJob(uri: string, program: string | undefined, caller: RouteCaller): Submission;
  /** A job its submitter or an operator asks for; any other caller gets JOB_NOT_FOUND. */
  getJob(jobId: string, caller: RouteCaller): JobView;
  /** Writes a contract request for `caller` (who must hold its scopes); answers the fold's decision. */
  requestContract(body: ContractRequest, caller: RouteCaller): Promise<ContractView>;
  /** A contract its requester or an operator asks for; anyone else gets CONTRACT_NOT_FOUND. */
  getContract(id: number, caller: RouteCaller): ContractView;
  /** Releases a holding contract of `caller`'s (reason CANCELLED). */
  cancelContract(id: number, caller: RouteCaller): Promise<ContractView>;
  /** Runs pairs of an ACTIVE link contract of `caller`'s and answers the result. */
  runContract(
    id: number,
    request: ContractRunRequest,
    caller: RouteCaller,
  ): Promise<ContractRunView>;
  /** The contracts holding node `alias`'s resources. */
  nodeReservations(alias: string): ReservationListView;
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
  /** ETSI 014 status of the pool of `slave`, asked by the master SAE `master`. */
  keyStatus(master: string, slave: string): Promise<Etsi014Status>;
  /** ETSI 014 enc_keys: keys of the pool of `slave` for the master SAE `master`. */
  encKeys(master: string, slave: string, request: Etsi014KeyRequest): Promise<Etsi014KeyContainer>;
  /** ETSI 014 dec_keys: the slave SAE `slave` fetches keys `master` took. */
  decKeys(slave: string, master: string, keyIds: readonly string[]): Promise<Etsi014KeyContainer>;
}
