import type { ControlRoute } from '@qcos/runtime';
import { type FaultPatch, type FaultState, parseFaultPatch } from './faults.js';

export interface ControlHandlers {
  /** The GET /health document. */
  health(): unknown;
  /** Applies a validated patch; returns the faults now in force. */
  setFaults(patch: FaultPatch): FaultState;
  /** Prometheus text exposition for GET /metrics. */
  metrics?(): Promise<string>;
}

/**
 * The agent's control routes: `GET /health`, `GET /metrics` and `POST /faults
 * {"eavesdropper":0.5}` etc. A refused patch is a 400 naming the fault field.
 */
export function agentControlRoutes(handlers: ControlHandlers): ControlRoute[] {
  const routes: ControlRoute[] = [
    { method: 'GET', path: '/health', handle: () => ({ status: 200, json: handlers.health() }) },
    {
      method: 'POST',
      path: '/faults',
      handle: async (request) => {
        const patch = parseFaultPatch(await request.json());
        return { status: 200, json: { faults: handlers.setFaults(patch) } };
      },
    },
  ];
  const metrics = handlers.metrics;
  if (metrics !== undefined) {
    routes.push({
      method: 'GET',
      path: '/metrics',
      handle: async () => ({ status: 200, text: await metrics() }),
    });
  }
  return routes;
}
