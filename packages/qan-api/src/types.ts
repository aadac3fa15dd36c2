/**
 * The API's JSON shapes, derived from the schemas with json-schema-to-ts (`FromSchema`): the
 * schemas in schemas/api are the only definition, so a shape cannot drift from what the QAN
 * validates and documents.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { API_SCHEMAS } from './schemas.generated.js';

type ApiSchema = (typeof API_SCHEMAS)[number];

/** The `$id` of every API schema. */
export type ApiSchemaId = ApiSchema['$id'];

/**
 * The type of the values the schema with `$id` Id accepts. `$ref`s resolve against every API
 * schema; a property with a `default` stays optional, since a client may leave it out.
 */
export type ApiType<Id extends ApiSchemaId> = ApiTypes[Id];

/** Every schema's type, derived once (a mapped type is computed once per key, not per use). */
type ApiTypes = {
  [Id in ApiSchemaId]: FromSchema<
    Extract<ApiSchema, { $id: Id }>,
    { references: ApiSchema[]; keepDefaultedPropertiesOptional: true }
  >;
};

export type ApiErrorBody = ApiType<'qcos-api-error'>;
export type HealthView = ApiType<'qcos-api-health'>;
export type InfoView = ApiType<'qcos-api-info'>;
export type NodeView = ApiType<'qcos-api-node'>;
export type NodeListView = ApiType<'qcos-api-node-list'>;
export type RouteDecisionView = ApiType<'qcos-api-route-decision'>;
export type ResolveRequest = ApiType<'qcos-api-resolve-request'>;
export type ResolveView = ApiType<'qcos-api-resolve-response'>;
export type JobSubmitRequest = ApiType<'qcos-api-job-submit'>;
export type JobView = ApiType<'qcos-api-job'>;
export type JobStatus = JobView['status'];
export type ContractRequest = ApiType<'qcos-api-contract-request'>;
export type ContractView = ApiType<'qcos-api-contract'>;
export type ContractRunRequest = ApiType<'qcos-api-contract-run-request'>;
export type ContractRunView = ApiType<'qcos-api-contract-run'>;
export type ReservationListView = ApiType<'qcos-api-reservation-list'>;
export type BlockView = ApiType<'qcos-api-block'>;
export type BlockListView = ApiType<'qcos-api-block-list'>;
export type MerkleRootView = ApiType<'qcos-api-merkle-root'>;
export type MerkleProofView = ApiType<'qcos-api-merkle-proof'>;
export type TrustView = ApiType<'qcos-api-trust'>;
export type Etsi014Status = ApiType<'qcos-api-etsi014-status'>;
export type Etsi014KeyRequest = ApiType<'qcos-api-etsi014-key-request'>;
export type Etsi014KeyIds = ApiType<'qcos-api-etsi014-key-ids'>;
export type Etsi014KeyContainer = ApiType<'qcos-api-etsi014-key-container'>;
export type MembersView = ApiType<'qcos-api-members'>;
export type OperatorActionSubmit = ApiType<'qcos-api-operator-action-submit'>;
export type OperatorActionView = ApiType<'qcos-api-operator-action'>;
export type Etsi014Error = ApiType<'qcos-api-etsi014-error'>;
