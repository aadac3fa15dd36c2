import {
  ACCESS_TEXTS,
  DASHBOARD_TAG,
  ERROR_TEXTS,
  type SecurityRequirement,
  TOKEN_SECURITY,
} from '@qcos/qan-api';

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { $ref: 'qcos-api-error#', description: ERROR_TEXTS[s] }]),
  );

const CSRF_TOKEN = 'dGhlLWNzcmYtdG9rZW4tb2YtdGhpcy1zZXNzaW9uLTAx';

const SESSION_VIEW = {
  type: 'object',
  description: 'The signed-in principal, and the CSRF token its state-changing requests carry.',
  required: ['name', 'roles', 'csrfToken'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: "The principal's name in the credentials file." },
    roles: { type: 'array', items: { type: 'string' }, description: "The token's roles." },
    csrfToken: {
      type: 'string',
      description: 'Send it as `x-qcos-csrf` on every request that is not GET or HEAD.',
    },
    expiresAtMs: { type: 'integer', description: 'When the session ends (sign-in only).' },
  },
  examples: [{ name: 'devnet-operator', roles: ['operator'], csrfToken: CSRF_TOKEN }],
};

const operation = (
  operationId: string,
  summary: string,
  description: string,
  access: string,
  security: readonly SecurityRequirement[],
) => ({
  operationId,
  summary,
  description: `${description}\n\n${access}`,
  tags: [DASHBOARD_TAG.name],
  security: security.map((r) => ({ ...r })),
});

/** POST /ui/api/session: an API token for a session cookie. */
export const SIGN_IN_SCHEMA = {
  ...operation(
    'signIn',
    'Sign in to the dashboard',
    'Exchanges an API token for a session cookie (`qcos_session`, HttpOnly, SameSite=Strict, 8 h) and answers the CSRF token of the session. A foreign `Origin` is refused (`403 CSRF_REJECTED`). docs/spec/qan-events.md §2.',
    'Access: public; the token in the body is the credential.',
    [],
  ),
  body: {
    type: 'object',
    description: 'An API token of the QAN’s credentials.',
    required: ['token'],
    additionalProperties: false,
    properties: { token: { type: 'string', minLength: 1, maxLength: 512 } },
    examples: [{ token: 'rd-4444444444444444444444444444444444444444' }],
  },
  response: {
    200: {
      ...SESSION_VIEW,
      examples: [{ ...SESSION_VIEW.examples[0], expiresAtMs: 1_796_475_000_000 }],
    },
    ...errors(400, 401, 403, 413, 415, 429),
  },
};

/** GET /ui/api/session: the session this browser holds. */
export const SESSION_SCHEMA = {
  ...operation(
    'getSession',
    'The dashboard session of this browser',
    'The principal and CSRF token of the session the cookie names; `401 TOKEN_REQUIRED` without a live one. No other origin can read the answer (no CORS).',
    'Access: the session cookie.',
    [{ session: [] }],
  ),
  response: { 200: SESSION_VIEW, ...errors(401, 429) },
};

/** POST /ui/api/session/end: sign-out. */
export const SIGN_OUT_SCHEMA = {
  ...operation(
    'signOut',
    'Sign out of the dashboard',
    'Ends the session and clears its cookie. Needs the session’s CSRF token (`x-qcos-csrf`).',
    'Access: the session cookie, with its CSRF token.',
    [{ session: [] }],
  ),
  response: {
    200: {
      type: 'object',
      description: 'The session ended.',
      required: ['signedOut'],
      additionalProperties: false,
      properties: { signedOut: { type: 'boolean', const: true } },
      examples: [{ signedOut: true }],
    },
    ...errors(401, 403, 429),
  },
};

const STREAM_EXAMPLE = `event: hello\ndata: {"qanId":"7e14b2d32fa61c0d","networkId":"devnet","caller":{"name":"devnet-operator","roles":["operator"]}}\n\nevent: timeline\ndata: {"events":[{"height":24,"signer":"7e14b2d32fa61c0d","kind":"QUARANTINE","alias":"rigel","detail":"reason=EKS_LOSS"}]}\n\n`;

/** GET /api/v1/events: the network feed as Server-Sent Events. */
export const EVENTS_SCHEMA = {
  ...operation(
    'events',
    'Follow the network live (Server-Sent Events)',
    'A `text/event-stream` of the events of docs/spec/qan-events.md §4: `hello`, then the kept `timeline` and `qkd` history, then the snapshots `nodes`, `cluster`, `jobs` and `contracts` (the last two for operators only), each again whenever it changes. At most 64 streams per QAN (`503 EVENTS_BUSY`) and 8 per principal (`429 EVENTS_BUSY`).',
    ACCESS_TEXTS.reader,
    TOKEN_SECURITY,
  ),
  response: {
    200: {
      description: 'The event stream; it stays open until the client or the QAN ends it.',
      content: {
        'text/event-stream': {
          schema: {
            type: 'string',
            description: 'SSE frames: `event: <name>` and one `data:` line of JSON.',
          },
          example: STREAM_EXAMPLE,
        },
      },
    },
    ...errors(401, 403, 429),
    503: {
      $ref: 'qcos-api-error#',
      description: 'This QAN serves as many streams as it may (`EVENTS_BUSY`).',
    },
  },
};
