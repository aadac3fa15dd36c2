export type {
  BlockFeed,
  BlockHead,
  BlockLog,
  KeyPoolStatus,
  KeyPoolStore,
  PooledKey,
  SnapshotStore,
  StoredBlock,
  StoredSnapshot,
} from '@qcos/interface';
export { type HostPort, MAX_UPSTREAMS, parseHostPort, parseHostPortList } from './address.js';
export { type Clock, systemClock, systemRandom } from './clock.js';
export { bytesFromHex, type ConfigSources, loadConfig, parseFlags } from './config.js';
export { renderConfigHelp, type ServiceHelp, serviceInfoRequest } from './config-help.js';
export {
  EksRoundPool,
  type EksRoundPoolOptions,
  type EksRoundRefusalCode,
  type EksRoundResult,
  type EksRoundRunner,
  inThreadEksRounds,
  startEksRoundWorker,
} from './eks/eks-round-pool.js';
export { RuntimeError, type RuntimeErrorCode } from './errors.js';
export { createLogger, type Logger, type LoggerSettings } from './logger.js';
export {
  Counter,
  counter,
  createMetricsRegistry,
  Gauge,
  gauge,
  Histogram,
  histogram,
  Registry,
} from './metrics.js';
export {
  createAjv,
  describeSchemaErrors,
  type ErrorObject,
  type ValidateFunction,
} from './schema-validator.js';
export { assertPrivateFile, writePrivateFile } from './secret-files.js';
export {
  type ControlAnswer,
  type ControlRequest,
  type ControlRoute,
  type ControlServer,
  type ControlServerOptions,
  controlError,
  MAX_CONTROL_BODY_BYTES,
  startControlServer,
} from './service/control-server.js';
export {
  CONTROL_TOKEN_ENV,
  type ControlTokenErrorCode,
  loadControlToken,
  MIN_CONTROL_TOKEN_LENGTH,
} from './service/control-token.js';
export {
  HEX_PATTERN,
  LABEL_PATTERN,
  type RawServiceOptions,
  SEED_PATTERN,
  SERVICE_OPTION_PROPERTIES,
  type ServiceOptions,
  serviceOptionsOf,
} from './service/options.js';
export { type BuiltService, runService, type ServiceDefinition } from './service/run-service.js';
export { ServiceError } from './service/service-error.js';
export { type GracefulShutdown, installGracefulShutdown, type ShutdownStep } from './shutdown.js';
export { type Database, openDatabase } from './store/database.js';
export { type SqliteBlockLogOptions, sqliteBlockLog } from './store/sqlite-block-log.js';
export { sqliteBlockRootStore } from './store/sqlite-block-root-store.js';
export { sqliteKeyPoolStore } from './store/sqlite-key-pool-store.js';
export { sqliteSnapshotStore } from './store/sqlite-snapshot-store.js';
export {
  type CertificateAuthority,
  createCertificateAuthority,
  type IssuedCertificate,
  type IssueOptions,
  issueCertificate,
} from './tls/certificates.js';
export { type ClientTls, mtlsFetch } from './tls/mtls-fetch.js';
export type {
  FirstMessageGuard,
  FirstMessageVerdict,
  PendingLimits,
} from './transport/admission.js';
export { chipsPacketCodec, type Packet } from './transport/chips-codec.js';
export { type ConnectSecureOptions, connectSecure } from './transport/connect.js';
export {
  failoverConnector,
  failoverConnectSecure,
  pinnedUpstream,
} from './transport/failover.js';
export {
  encodeFrame,
  FrameDecoder,
  MAX_FRAME_BYTES,
  MAX_HANDSHAKE_FRAME_BYTES,
} from './transport/frame-decoder.js';
export type {
  EstablishedSession,
  FrameChannel,
  Handshake,
  PacketCodec,
  PeerIdentity,
  PeerInfo,
} from './transport/handshake.js';
export { type ListenSecureOptions, listenSecure, type SecureListener } from './transport/listen.js';
export {
  CLOCK_SKEW_MS,
  IDENTITY_VALIDITY_MS,
  nodeKeysFromSeed,
  type ProvisionInput,
  provisionNodeIdentity,
} from './transport/node-identity.js';
export {
  insecurePlaintextHandshake,
  type PlaintextHello,
} from './transport/plaintext-handshake.js';
export { type PqCookieGuardOptions, pqCookieGuard } from './transport/pq-cookie-guard.js';
export {
  EKS_BINDING_LABEL,
  EKS_BINDING_LENGTH,
  MAX_RECORD_PLAINTEXT,
  type PqEndpointOptions,
  type PqInitiatorOptions,
  pqInitiatorHandshake,
  pqResponderHandshake,
} from './transport/pq-handshake.js';
export {
  type BackoffPolicy,
  backoffDelay,
  type ReconnectingConnection,
  type ReconnectOptions,
  reconnecting,
} from './transport/reconnect.js';
export type { SecureConnection, SessionOptions } from './transport/secure-connection.js';
