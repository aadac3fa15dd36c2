export {
  createQanApiClient,
  type FetchLike,
  type QanApiClient,
  type QanApiClientOptions,
  QanApiError,
} from './client.js';
export {
  ERROR_STATUSES,
  QAN_ROUTES,
  type QanRouteHandlers,
  type QanRouteName,
  type RouteContract,
  type RouteRequest,
  type RouteResponse,
} from './routes.js';
export * from './schemas.generated.js';
export type * from './types.js';
