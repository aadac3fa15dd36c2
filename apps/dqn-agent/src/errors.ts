/** Why the agent refused a configuration value or a control request. */
export type AgentErrorCode = 'INVALID_FAULT' | 'INVALID_OPTION' | 'BODY_TOO_LARGE' | 'INVALID_JSON';

/** The agent's own typed error: a stable code and the field that was wrong. */
export class AgentError extends Error {
  override readonly name = 'AgentError';
  readonly code: AgentErrorCode;
  readonly field: string;

  constructor(code: AgentErrorCode, field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
