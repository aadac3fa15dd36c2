import { ServiceError } from '@qcos/runtime';

/** Why the agent refused a configuration value or a control request. */
export type AgentErrorCode = 'INVALID_FAULT' | 'INVALID_OPTION';

/** The agent's own typed error: a stable code and the field that was wrong. */
export class AgentError extends ServiceError<AgentErrorCode> {
  override readonly name = 'AgentError';
}
