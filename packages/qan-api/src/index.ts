export {
  createQanApiClient,
  type FetchLike,
  type QanApiClient,
  type QanApiClientOptions,
  QanApiError,
} from './client.js';
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
