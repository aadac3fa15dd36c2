export {
  createQanApiClient,
  type FetchLike,
  type QanApiClient,
  type QanApiClientOptions,
  QanApiError,
} from './client.js';
export type {
  ClusterQan,
  DashboardNode,
  NetworkEventName,
  NetworkEvents,
  QkdSampleView,
  TimelineEvent,
} from './events.js';
export {
  ACCESS_TEXTS,
  DASHBOARD_TAG,
  ERROR_TEXTS,
  ETSI014_ERROR_TEXTS,
  ETSI014_SERVERS,
  QAN_API_INFO,
  QAN_API_SERVERS,
  QAN_API_TAGS,
  QAN_SECURITY_SCHEMES,
  type RouteOperation,
  routeErrorStatuses,
  routeOperation,
  routeSecurity,
  type SecurityRequirement,
  TOKEN_SECURITY,
  withReachableSchemas,
} from './openapi.js';
export {
  AUTH_ERROR_STATUSES,
  ERROR_STATUSES,
  ETSI014_ERROR_STATUSES,
  QAN_ROUTES,
  type QanRouteHandlers,
  type QanRouteName,
  type RouteAccess,
  type RouteCaller,
  type RouteContract,
  type RouteRequest,
  type RouteResponse,
} from './routes.js';
export * from './schemas.generated.js';
export type * from './types.js';
