// Generated from schemas/api/*.schema.json by scripts/generate-schemas.ts; do not edit.

/** schemas/api/alias-path.schema.json */
export const aliasPathSchema = {
  $id: 'qcos-api-alias-path',
  title: 'AliasPath',
  description: 'Path parameters naming a node.',
  type: 'object',
  required: ['alias'],
  properties: {
    alias: {
      type: 'string',
      minLength: 1,
      maxLength: 63,
      description: "The node's alias in the registry.",
      examples: ['rigel'],
    },
  },
} as const;

/** schemas/api/block-list.schema.json */
export const blockListSchema = {
  $id: 'qcos-api-block-list',
  title: 'BlockList',
  description: 'One page of committed blocks and the current height.',
  type: 'object',
  required: ['height', 'blocks'],
  additionalProperties: false,
  properties: {
    height: {
      type: 'integer',
    },
    blocks: {
      type: 'array',
      items: {
        $ref: 'qcos-api-block#',
      },
    },
  },
  examples: [
    {
      height: 1289,
      blocks: [
        {
          version: 2,
          height: 1289,
          hash: '922b220c2ea2c9021a3da0de72c93573077b1918a6676e426847c2d46ef6e2d8',
          prevHash: 'c4fdaa1f3e55aa85221fa47d6647b2681d3ff6ba63d6ef432f3439af3cdfbc61',
          origin: '3f9a1c0e5b7d2468',
          firstL: 20417,
          lastL: 20418,
          records: [
            {
              kind: 'EKS_SYNC',
              l: 20417,
              origin: '3f9a1c0e5b7d2468',
              alias: 'rigel',
              atMs: 1767225598000,
            },
            {
              kind: 'MAINTENANCE',
              l: 20418,
              origin: '3f9a1c0e5b7d2468',
              alias: 'vega',
              atMs: 1767225599000,
              on: false,
            },
          ],
          stateRoot: '3fc879b7909234c57e19d160ce08c8b4da566a04be1369f8773531089d89f2ad',
        },
      ],
    },
  ],
} as const;

/** schemas/api/block-page-query.schema.json */
export const blockPageQuerySchema = {
  $id: 'qcos-api-block-page-query',
  title: 'BlockPageQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    from: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Height of the first block of the page.',
      examples: [1280],
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 20,
      description: 'Blocks in the page at most.',
      examples: [10],
    },
  },
} as const;

/** schemas/api/block.schema.json */
export const blockSchema = {
  $id: 'qcos-api-block',
  title: 'Block',
  description:
    'A committed block of the registry log: its header fields and its records (byte fields hex).',
  type: 'object',
  required: ['version', 'height', 'hash', 'prevHash', 'origin', 'firstL', 'lastL', 'records'],
  additionalProperties: false,
  properties: {
    version: {
      type: 'integer',
      description: 'Protocol version of the block (1 or 2).',
    },
    height: {
      type: 'integer',
    },
    hash: {
      type: 'string',
      description: 'hex',
    },
    prevHash: {
      type: 'string',
      description: 'hex',
    },
    origin: {
      type: 'string',
      description: 'Quid of the QAN that signed the block.',
    },
    firstL: {
      type: 'integer',
    },
    lastL: {
      type: 'integer',
    },
    records: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
      },
    },
    stateRoot: {
      type: 'string',
      description: 'hex; version 2 blocks only: the state root after the block.',
    },
  },
  examples: [
    {
      version: 2,
      height: 1289,
      hash: '922b220c2ea2c9021a3da0de72c93573077b1918a6676e426847c2d46ef6e2d8',
      prevHash: 'c4fdaa1f3e55aa85221fa47d6647b2681d3ff6ba63d6ef432f3439af3cdfbc61',
      origin: '3f9a1c0e5b7d2468',
      firstL: 20417,
      lastL: 20418,
      records: [
        {
          kind: 'EKS_SYNC',
          l: 20417,
          origin: '3f9a1c0e5b7d2468',
          alias: 'rigel',
          atMs: 1767225598000,
        },
        {
          kind: 'MAINTENANCE',
          l: 20418,
          origin: '3f9a1c0e5b7d2468',
          alias: 'vega',
          atMs: 1767225599000,
          on: false,
        },
      ],
      stateRoot: '3fc879b7909234c57e19d160ce08c8b4da566a04be1369f8773531089d89f2ad',
    },
  ],
} as const;

/** schemas/api/contract-path.schema.json */
export const contractPathSchema = {
  $id: 'qcos-api-contract-path',
  title: 'ContractPath',
  type: 'object',
  required: ['contractId'],
  properties: {
    contractId: {
      type: 'integer',
      minimum: 1,
      description: "The contract's id: the L of its CONTRACT_REQUEST record.",
      examples: [42],
    },
  },
} as const;

/** schemas/api/contract-request.schema.json */
export const contractRequestSchema = {
  $id: 'qcos-api-contract-request',
  title: 'ContractRequest',
  description:
    'A resource contract to request (docs/spec/contracts.md §3): a link between two DQNs or a coherence window across several. The QAN writes it to the log as a CONTRACT_REQUEST; the fold reserves or rejects it.',
  type: 'object',
  required: ['kind', 'scopes', 'participants', 'slots', 'startMs', 'endMs'],
  additionalProperties: false,
  properties: {
    kind: {
      type: 'string',
      enum: ['LINK', 'WINDOW'],
    },
    scopes: {
      type: 'array',
      minItems: 1,
      maxItems: 8,
      items: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
      },
      description:
        "The scopes the contract is requested under: every participant's scope must be one of them, and the caller must hold each.",
    },
    participants: {
      type: 'array',
      minItems: 2,
      maxItems: 8,
      items: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
      },
      description:
        'Distinct node aliases, admitted in this order; a link contract names exactly its two ends.',
    },
    slots: {
      type: 'integer',
      minimum: 1,
      maximum: 16,
    },
    startMs: {
      type: 'integer',
      minimum: 0,
      maximum: 9007199254740991,
    },
    endMs: {
      type: 'integer',
      minimum: 1,
      maximum: 9007199254740991,
    },
    leaseMs: {
      type: 'integer',
      minimum: 1000,
      maximum: 600000,
      default: 60000,
    },
    link: {
      type: 'object',
      required: ['pairs', 'minFidelityPpm', 'type', 'priority'],
      additionalProperties: false,
      properties: {
        pairs: {
          type: 'integer',
          minimum: 1,
          maximum: 1000000,
        },
        minFidelityPpm: {
          type: 'integer',
          minimum: 250000,
          maximum: 1000000,
        },
        type: {
          type: 'string',
          enum: ['K', 'M'],
        },
        priority: {
          type: 'integer',
          minimum: 0,
          maximum: 2,
        },
        bases: {
          type: 'array',
          maxItems: 3,
          items: {
            type: 'string',
            enum: ['X', 'Y', 'Z'],
          },
          default: [],
        },
      },
    },
    window: {
      type: 'object',
      required: ['lengthMs', 'toleranceMrad', 'clockDomain'],
      additionalProperties: false,
      properties: {
        lengthMs: {
          type: 'integer',
          minimum: 1,
          maximum: 86400000,
        },
        toleranceMrad: {
          type: 'integer',
          minimum: 1,
          maximum: 6283,
        },
        clockDomain: {
          type: 'string',
          minLength: 1,
          maxLength: 64,
        },
      },
    },
  },
  examples: [
    {
      kind: 'LINK',
      scopes: ['eu-west'],
      participants: ['rigel', 'sirius'],
      slots: 2,
      startMs: 1767225660000,
      endMs: 1767229260000,
      leaseMs: 60000,
      link: {
        pairs: 100000,
        minFidelityPpm: 900000,
        type: 'M',
        priority: 1,
        bases: ['X', 'Z'],
      },
    },
  ],
} as const;

/** schemas/api/contract-run-request.schema.json */
export const contractRunRequestSchema = {
  $id: 'qcos-api-contract-run-request',
  title: 'ContractRunRequest',
  description: 'A run over an ACTIVE link contract: pairs the participants generate and use now.',
  type: 'object',
  required: ['use', 'pairs'],
  additionalProperties: false,
  properties: {
    use: {
      type: 'string',
      enum: ['CHSH', 'TELEPORT'],
      description:
        'CHSH: a distributed CHSH test over measure-directly (type M) pairs. TELEPORT: one qubit in `state` teleported per create-and-keep (type K) pair, from the first participant to the second.',
    },
    pairs: {
      type: 'integer',
      minimum: 1,
      maximum: 65536,
    },
    state: {
      type: 'object',
      required: ['thetaUrad', 'phiUrad'],
      additionalProperties: false,
      description:
        'TELEPORT only: the state to teleport, by polar angle θ and azimuth φ in microradians.',
      properties: {
        thetaUrad: {
          type: 'integer',
          minimum: 0,
          maximum: 3141593,
        },
        phiUrad: {
          type: 'integer',
          minimum: 0,
          maximum: 6283185,
        },
      },
    },
  },
  examples: [
    {
      use: 'CHSH',
      pairs: 1000,
    },
    {
      use: 'TELEPORT',
      pairs: 500,
      state: {
        thetaUrad: 1570796,
        phiUrad: 785398,
      },
    },
  ],
} as const;

/** schemas/api/contract-run.schema.json */
export const contractRunSchema = {
  $id: 'qcos-api-contract-run',
  title: 'ContractRun',
  description:
    "The outcome of a run, computed by the QAN from both participants' MEASUREMENT_RESULT reports.",
  type: 'object',
  required: ['contractId', 'runId', 'use', 'participants', 'pairs', 'firstPair', 'fidelity'],
  additionalProperties: false,
  properties: {
    contractId: {
      type: 'integer',
    },
    runId: {
      type: 'string',
    },
    use: {
      type: 'string',
      enum: ['CHSH', 'TELEPORT'],
    },
    participants: {
      type: 'array',
      items: {
        type: 'string',
      },
    },
    pairs: {
      type: 'integer',
    },
    firstPair: {
      type: 'integer',
      description: "Sequence number of the run's first pair.",
    },
    fidelity: {
      type: 'number',
      description: "The delivered pairs' fidelity (the link's, decayed over the herald's flight).",
    },
    chsh: {
      type: 'object',
      required: ['s', 'standardError', 'expectedS', 'correlators'],
      additionalProperties: false,
      description: "A CHSH run's estimate.",
      properties: {
        s: {
          type: 'number',
          description: 'The CHSH value estimated from the reports.',
        },
        standardError: {
          type: 'number',
        },
        expectedS: {
          type: 'number',
          description: '2√2·(4F − 1)/3 at the delivered fidelity.',
        },
        correlators: {
          type: 'array',
          items: {
            type: 'object',
            required: ['a', 'b', 'n', 'e'],
            additionalProperties: false,
            properties: {
              a: {
                type: 'integer',
                description: "Side A's basis index (angle index·π/4).",
              },
              b: {
                type: 'integer',
              },
              n: {
                type: 'integer',
              },
              e: {
                type: 'number',
              },
            },
          },
        },
      },
    },
    teleport: {
      type: 'object',
      required: ['state', 'passRate', 'standardError', 'expected'],
      additionalProperties: false,
      description:
        'A teleportation run: the fraction of pairs whose teleported qubit passed a measurement along the state.',
      properties: {
        state: {
          type: 'object',
          required: ['thetaUrad', 'phiUrad'],
          additionalProperties: false,
          properties: {
            thetaUrad: {
              type: 'integer',
            },
            phiUrad: {
              type: 'integer',
            },
          },
        },
        passRate: {
          type: 'number',
        },
        standardError: {
          type: 'number',
        },
        expected: {
          type: 'number',
          description: '(2F + 1)/3 at the delivered fidelity.',
        },
      },
    },
  },
  examples: [
    {
      contractId: 42,
      runId: '9b2f6c1d0e4a4f3b8c7d5e6f1a2b3c4d',
      use: 'CHSH',
      participants: ['rigel', 'sirius'],
      pairs: 1000,
      firstPair: 0,
      fidelity: 0.947,
      chsh: {
        s: 2.51,
        standardError: 0.09,
        expectedS: 2.54,
        correlators: [
          {
            a: 0,
            b: 1,
            n: 251,
            e: 0.63,
          },
          {
            a: 0,
            b: 3,
            n: 247,
            e: 0.61,
          },
          {
            a: 2,
            b: 1,
            n: 252,
            e: 0.64,
          },
          {
            a: 2,
            b: 3,
            n: 250,
            e: -0.63,
          },
        ],
      },
    },
  ],
} as const;

/** schemas/api/contract.schema.json */
export const contractSchema = {
  $id: 'qcos-api-contract',
  title: 'Contract',
  description:
    'A contract as the registry holds it. Holding contracts (RESERVED, ACTIVE) carry their terms and allocation; ended ones their final state, reason and the L of the record that ended them.',
  type: 'object',
  required: ['id', 'state', 'height'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'integer',
      description: "The L of the contract's CONTRACT_REQUEST record.",
    },
    state: {
      type: 'string',
      enum: ['RESERVED', 'ACTIVE', 'RELEASED', 'EXPIRED', 'REVOKED', 'REJECTED'],
    },
    height: {
      type: 'integer',
      description: 'The registry height this view is of.',
    },
    kind: {
      type: 'string',
      enum: ['LINK', 'WINDOW'],
    },
    homeQan: {
      type: 'string',
    },
    participants: {
      type: 'array',
      items: {
        type: 'string',
      },
    },
    slotsHeld: {
      type: 'array',
      items: {
        type: 'array',
        items: {
          type: 'integer',
        },
      },
      description: 'The slot numbers held at each participant, in the order of participants.',
    },
    startMs: {
      type: 'integer',
    },
    endMs: {
      type: 'integer',
    },
    leaseUntilMs: {
      type: 'integer',
    },
    ready: {
      type: 'array',
      items: {
        type: 'string',
      },
    },
    activatedL: {
      type: 'integer',
    },
    reason: {
      type: 'string',
      description: 'Why it ended (docs/spec/contracts.md §2).',
    },
    alias: {
      type: 'string',
      description: 'The participant the reason is about.',
    },
    conflict: {
      type: 'integer',
      description: 'The contract it conflicted with.',
    },
    endedL: {
      type: 'integer',
    },
    windowSteps: {
      type: 'array',
      description:
        "A window's steps as its participants that this QAN is home of last reported them (PREPARE → READY or FAULT, ACTIVATE → ACTIVE, TERMINATE → TERMINATED), with their phase error.",
      items: {
        type: 'object',
        required: ['alias', 'step', 'atMs'],
        additionalProperties: false,
        properties: {
          alias: {
            type: 'string',
          },
          step: {
            type: 'string',
            enum: ['READY', 'ACTIVE', 'TERMINATED', 'FAULT'],
          },
          phaseErrorMrad: {
            type: 'integer',
          },
          activatedL: {
            type: 'integer',
          },
          atMs: {
            type: 'integer',
          },
        },
      },
    },
  },
  examples: [
    {
      id: 42,
      state: 'ACTIVE',
      height: 1289,
      kind: 'LINK',
      homeQan: '3f9a1c0e5b7d2468',
      participants: ['rigel', 'sirius'],
      slotsHeld: [
        [0, 1],
        [2, 3],
      ],
      startMs: 1767225660000,
      endMs: 1767229260000,
      leaseUntilMs: 1767225720000,
      ready: ['rigel', 'sirius'],
      activatedL: 20380,
    },
  ],
} as const;

/** schemas/api/error.schema.json */
export const errorSchema = {
  $id: 'qcos-api-error',
  title: 'ApiError',
  description:
    'Every non-2xx response: a stable UPPER_SNAKE code, a readable message, and structured details (e.g. the field or offset that was wrong).',
  type: 'object',
  required: ['code', 'message', 'details'],
  additionalProperties: false,
  properties: {
    code: {
      type: 'string',
      pattern: '^[A-Z][A-Z0-9_]*$',
    },
    message: {
      type: 'string',
    },
    details: {
      type: 'object',
      additionalProperties: true,
    },
  },
  examples: [
    {
      code: 'NODE_NOT_FOUND',
      message: 'no node nobody in the registry',
      details: {
        alias: 'nobody',
      },
    },
  ],
} as const;

/** schemas/api/etsi014-error.schema.json */
export const etsi014ErrorSchema = {
  $id: 'qcos-api-etsi014-error',
  title: 'Etsi014Error',
  description:
    "ETSI GS QKD 014 §6.5 Error: every non-2xx answer of a key delivery route. The first element of details always carries this API's stable code (UPPER_SNAKE) and the structured details of the refusal.",
  type: 'object',
  required: ['message', 'details'],
  additionalProperties: false,
  properties: {
    message: {
      type: 'string',
    },
    details: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['code'],
        properties: {
          code: {
            type: 'string',
            pattern: '^[A-Z][A-Z0-9_]*$',
          },
        },
        additionalProperties: true,
      },
    },
  },
  examples: [
    {
      message: 'fewer keys in the pool than requested',
      details: [
        {
          code: 'KEYS_EXHAUSTED',
          available: 1,
          requested: 2,
        },
      ],
    },
  ],
} as const;

/** schemas/api/etsi014-key-container.schema.json */
export const etsi014KeyContainerSchema = {
  $id: 'qcos-api-etsi014-key-container',
  title: 'Etsi014KeyContainer',
  description: 'ETSI GS QKD 014 §6.3 Key container.',
  type: 'object',
  required: ['keys'],
  additionalProperties: false,
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key_ID', 'key'],
        additionalProperties: false,
        properties: {
          key_ID: {
            type: 'string',
          },
          key: {
            type: 'string',
            description: 'Base64',
          },
        },
      },
    },
  },
  examples: [
    {
      keys: [
        {
          key_ID: 'bc490419-7d60-487f-adc1-4ddcc177c139',
          key: 'wHHVxRwDJs3/bXd38GHP3oe4svTuRpZS0yCC7x4Ly+s=',
        },
        {
          key_ID: '0a782fb5-3434-48fe-aa4d-14f41d46cf92',
          key: 'OeGMPxh1+2RpJpNCYixWHFLYRubpOKCw94FcCI7VdJA=',
        },
      ],
    },
  ],
} as const;

/** schemas/api/etsi014-key-id-query.schema.json */
export const etsi014KeyIdQuerySchema = {
  $id: 'qcos-api-etsi014-key-id-query',
  title: 'Etsi014KeyIdQuery',
  description:
    'ETSI GS QKD 014 Get key with key IDs, GET form: one or more key_ID query parameters.',
  type: 'object',
  required: ['key_ID'],
  properties: {
    key_ID: {
      type: 'array',
      minItems: 1,
      maxItems: 128,
      items: {
        type: 'string',
        format: 'uuid',
      },
      description: 'The key_ID of each key to fetch, one parameter per key.',
      examples: [['bc490419-7d60-487f-adc1-4ddcc177c139']],
    },
  },
} as const;

/** schemas/api/etsi014-key-ids.schema.json */
export const etsi014KeyIdsSchema = {
  $id: 'qcos-api-etsi014-key-ids',
  title: 'Etsi014KeyIds',
  description: 'ETSI GS QKD 014 §6.4 Key IDs.',
  type: 'object',
  required: ['key_IDs'],
  additionalProperties: false,
  properties: {
    key_IDs: {
      type: 'array',
      minItems: 1,
      maxItems: 128,
      items: {
        type: 'object',
        required: ['key_ID'],
        additionalProperties: false,
        properties: {
          key_ID: {
            type: 'string',
            format: 'uuid',
          },
        },
      },
    },
  },
  examples: [
    {
      key_IDs: [
        {
          key_ID: 'bc490419-7d60-487f-adc1-4ddcc177c139',
        },
        {
          key_ID: '0a782fb5-3434-48fe-aa4d-14f41d46cf92',
        },
      ],
    },
  ],
} as const;

/** schemas/api/etsi014-key-query.schema.json */
export const etsi014KeyQuerySchema = {
  $id: 'qcos-api-etsi014-key-query',
  title: 'Etsi014KeyQuery',
  description:
    'ETSI GS QKD 014 Get key, GET form: the number and size query parameters (the other Key request fields exist only in the POST body).',
  type: 'object',
  additionalProperties: false,
  properties: {
    number: {
      type: 'integer',
      minimum: 1,
      maximum: 128,
      description: 'Keys to deliver (default 1).',
      examples: [2],
    },
    size: {
      type: 'integer',
      minimum: 8,
      maximum: 8192,
      multipleOf: 8,
      description: 'Key size in bits; this KME delivers 256.',
      examples: [256],
    },
  },
} as const;

/** schemas/api/etsi014-key-request.schema.json */
export const etsi014KeyRequestSchema = {
  $id: 'qcos-api-etsi014-key-request',
  title: 'Etsi014KeyRequest',
  description:
    'ETSI GS QKD 014 §6.2 Key request. additional_slave_SAE_IDs is refused while max_SAE_ID_count is 0; an extension_mandatory this KME does not support is refused; extension_optional is accepted and ignored, as the standard allows.',
  type: 'object',
  additionalProperties: false,
  properties: {
    number: {
      type: 'integer',
      minimum: 1,
      maximum: 128,
    },
    size: {
      type: 'integer',
      minimum: 8,
      maximum: 8192,
      multipleOf: 8,
    },
    additional_slave_SAE_IDs: {
      type: 'array',
      maxItems: 128,
      items: {
        type: 'string',
        minLength: 1,
        maxLength: 63,
      },
    },
    extension_mandatory: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
      },
    },
    extension_optional: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
      },
    },
  },
  examples: [
    {
      number: 2,
      size: 256,
    },
  ],
} as const;

/** schemas/api/etsi014-status.schema.json */
export const etsi014StatusSchema = {
  $id: 'qcos-api-etsi014-status',
  title: 'Etsi014Status',
  description: 'ETSI GS QKD 014 v1.1.1 §6.1 Status data format.',
  type: 'object',
  required: [
    'source_KME_ID',
    'target_KME_ID',
    'master_SAE_ID',
    'slave_SAE_ID',
    'key_size',
    'stored_key_count',
    'max_key_count',
    'max_key_per_request',
    'max_key_size',
    'min_key_size',
    'max_SAE_ID_count',
  ],
  additionalProperties: false,
  properties: {
    source_KME_ID: {
      type: 'string',
    },
    target_KME_ID: {
      type: 'string',
    },
    master_SAE_ID: {
      type: 'string',
    },
    slave_SAE_ID: {
      type: 'string',
    },
    key_size: {
      type: 'integer',
    },
    stored_key_count: {
      type: 'integer',
    },
    max_key_count: {
      type: 'integer',
    },
    max_key_per_request: {
      type: 'integer',
    },
    max_key_size: {
      type: 'integer',
    },
    min_key_size: {
      type: 'integer',
    },
    max_SAE_ID_count: {
      type: 'integer',
    },
  },
  examples: [
    {
      source_KME_ID: '3f9a1c0e5b7d2468',
      target_KME_ID: '3f9a1c0e5b7d2468',
      master_SAE_ID: 'sae-devnet',
      slave_SAE_ID: 'rigel',
      key_size: 256,
      stored_key_count: 25,
      max_key_count: 1000,
      max_key_per_request: 128,
      max_key_size: 256,
      min_key_size: 256,
      max_SAE_ID_count: 0,
    },
  ],
} as const;

/** schemas/api/health.schema.json */
export const healthSchema = {
  $id: 'qcos-api-health',
  title: 'Health',
  description: 'The QAN is running: the height of its last committed block and its uptime.',
  type: 'object',
  required: ['status', 'height', 'uptimeMs'],
  additionalProperties: false,
  properties: {
    status: {
      type: 'string',
      enum: ['ok'],
    },
    height: {
      type: 'integer',
    },
    uptimeMs: {
      type: 'integer',
    },
  },
  examples: [
    {
      status: 'ok',
      height: 1289,
      uptimeMs: 3600000,
    },
  ],
} as const;

/** schemas/api/height-path.schema.json */
export const heightPathSchema = {
  $id: 'qcos-api-height-path',
  title: 'HeightPath',
  type: 'object',
  required: ['height'],
  properties: {
    height: {
      type: 'integer',
      minimum: 0,
      description: 'The height of a committed block (0: the genesis).',
      examples: [1289],
    },
  },
} as const;

/** schemas/api/info.schema.json */
export const infoSchema = {
  $id: 'qcos-api-info',
  title: 'Info',
  description:
    'Who this QAN is, where its peer transport listens, and the status policy it folds with.',
  type: 'object',
  required: [
    'service',
    'version',
    'qanId',
    'networkId',
    'transportPort',
    'policy',
    'secureTransport',
  ],
  additionalProperties: false,
  properties: {
    service: {
      type: 'string',
    },
    version: {
      type: 'string',
    },
    qanId: {
      type: 'string',
    },
    networkId: {
      type: 'string',
    },
    transportPort: {
      type: 'integer',
    },
    secureTransport: {
      type: 'string',
      description: 'Handshake in use for peer sessions.',
    },
    policy: {
      type: 'object',
      required: ['heartbeatTimeoutMs', 'minFidelity', 'hysteresisHeartbeats'],
      additionalProperties: false,
      properties: {
        heartbeatTimeoutMs: {
          type: 'integer',
        },
        minFidelity: {
          type: 'number',
        },
        hysteresisHeartbeats: {
          type: 'integer',
        },
      },
    },
  },
  examples: [
    {
      service: 'qcos-qan',
      version: '0.1.0',
      qanId: '3f9a1c0e5b7d2468',
      networkId: 'qcos-devnet',
      transportPort: 7400,
      secureTransport: 'pq-hybrid (X-Wing pqIK/pqXX, ML-DSA-65 attestation)',
      policy: {
        heartbeatTimeoutMs: 5000,
        minFidelity: 0.9,
        hysteresisHeartbeats: 3,
      },
    },
  ],
} as const;

/** schemas/api/job-path.schema.json */
export const jobPathSchema = {
  $id: 'qcos-api-job-path',
  title: 'JobPath',
  type: 'object',
  required: ['jobId'],
  properties: {
    jobId: {
      type: 'string',
      maxLength: 64,
      description: 'The id the QAN gave the job when it was submitted.',
      examples: ['5f0c3e8a9b1d4c2e8f7a6b5c4d3e2f10'],
    },
  },
} as const;

/** schemas/api/job-submit.schema.json */
export const jobSubmitSchema = {
  $id: 'qcos-api-job-submit',
  title: 'JobSubmit',
  description:
    'A job to run: a /run Q-URI with its OpenQASM program, or a /link Q-URI over a link contract.',
  type: 'object',
  required: ['uri'],
  additionalProperties: false,
  properties: {
    uri: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      description:
        'Target Q-URI: /run with job parameters (q://rigel/run?shots=512), or /link naming a link contract (q://rigel/link?contract=42&use=chsh&pairs=1000)',
    },
    program: {
      type: 'string',
      minLength: 1,
      maxLength: 32768,
      description:
        'OpenQASM 2.0/3 subset source of the circuit; required for /run, not taken for /link.',
    },
  },
  examples: [
    {
      uri: 'q://rigel/run?shots=400',
      program: 'OPENQASM 2.0; qreg q[2]; creg c[2]; h q[0]; cx q[0],q[1]; measure q -> c;',
    },
  ],
} as const;

/** schemas/api/job.schema.json */
export const jobSchema = {
  $id: 'qcos-api-job',
  title: 'Job',
  description:
    'A job as the QAN tracks it: its routing decision, status and, once finished, its result or error.',
  type: 'object',
  required: ['jobId', 'uri', 'status', 'decision', 'submittedAtMs'],
  additionalProperties: false,
  properties: {
    jobId: {
      type: 'string',
    },
    uri: {
      type: 'string',
    },
    status: {
      type: 'string',
      enum: ['dispatched', 'completed', 'failed', 'rejected'],
    },
    decision: {
      $ref: 'qcos-api-route-decision#',
    },
    submittedAtMs: {
      type: 'integer',
    },
    completedAtMs: {
      type: 'integer',
    },
    result: {
      type: 'object',
      required: ['counts', 'shots', 'executedBy'],
      additionalProperties: false,
      properties: {
        counts: {
          type: 'object',
          additionalProperties: {
            type: 'integer',
          },
        },
        shots: {
          type: 'integer',
        },
        executedBy: {
          type: 'string',
        },
      },
    },
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: {
          type: 'string',
        },
        message: {
          type: 'string',
        },
      },
    },
    contractRun: {
      $ref: 'qcos-api-contract-run#',
      description: "A /link job's outcome: the run over its link contract.",
    },
  },
  examples: [
    {
      jobId: '5f0c3e8a9b1d4c2e8f7a6b5c4d3e2f10',
      uri: 'q://rigel/run?shots=400',
      status: 'completed',
      decision: {
        outcome: 'deliver',
        alias: 'rigel',
        address: 'rigel.example.net:7000',
      },
      submittedAtMs: 1767225600000,
      completedAtMs: 1767225600850,
      result: {
        counts: {
          '11': 197,
          '00': 203,
        },
        shots: 400,
        executedBy: 'rigel',
      },
    },
  ],
} as const;

/** schemas/api/master-sae-path.schema.json */
export const masterSaePathSchema = {
  $id: 'qcos-api-master-sae-path',
  title: 'MasterSaePath',
  description:
    'ETSI GS QKD 014 dec_keys: the path names the master SAE that took the keys; the caller is the slave SAE.',
  type: 'object',
  required: ['master_SAE_ID'],
  properties: {
    master_SAE_ID: {
      type: 'string',
      minLength: 1,
      maxLength: 63,
      description: 'The master SAE that obtained the keys (ETSI GS QKD 014).',
      examples: ['sae-devnet'],
    },
  },
} as const;

/** schemas/api/members.schema.json */
export const membersSchema = {
  $id: 'qcos-api-members',
  title: 'Members',
  description:
    'The keys the registry knows: the genesis anchor, QANs (may originate blocks) and operators (may sign operator actions), with their trust from the anchor.',
  type: 'object',
  required: ['networkId', 'genesisHash', 'anchor', 'policy', 'members'],
  additionalProperties: false,
  properties: {
    networkId: {
      type: 'string',
    },
    genesisHash: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
    },
    anchor: {
      type: 'string',
      pattern: '^[0-9a-f]{16}$',
      description: 'Quid of the anchor key.',
    },
    policy: {
      type: 'object',
      description:
        'The status policy in force (registry spec §5.1); a POLICY action must raise its version.',
      required: [
        'version',
        'heartbeatIntervalMs',
        'minFidelityPpm',
        'hysteresisHeartbeats',
        'fidelityWindow',
      ],
      additionalProperties: false,
      properties: {
        version: {
          type: 'integer',
          minimum: 1,
        },
        heartbeatIntervalMs: {
          type: 'integer',
        },
        minFidelityPpm: {
          type: 'integer',
          minimum: 0,
          maximum: 1000000,
        },
        hysteresisHeartbeats: {
          type: 'integer',
        },
        fidelityWindow: {
          type: 'integer',
        },
        protocol: {
          type: 'integer',
        },
        protocolHeight: {
          type: 'integer',
        },
      },
    },
    members: {
      type: 'array',
      items: {
        type: 'object',
        required: ['quid', 'role', 'trustLevel', 'mayAct', 'lastSeq'],
        additionalProperties: false,
        properties: {
          quid: {
            type: 'string',
            pattern: '^[0-9a-f]{16}$',
          },
          role: {
            type: 'string',
            enum: ['ANCHOR', 'QAN', 'OPERATOR'],
            description: 'ANCHOR: the genesis anchor key (trust 1, always may act).',
          },
          trustLevel: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: 'Relational trust from the anchor.',
          },
          mayAct: {
            type: 'boolean',
            description:
              'QAN: may originate blocks (tier trusted or tentative). OPERATOR and ANCHOR: may sign operator actions (trusted).',
          },
          lastSeq: {
            type: 'integer',
            minimum: 0,
            description: 'Highest operator-action seq folded for this key (0: none).',
          },
        },
      },
    },
  },
  examples: [
    {
      networkId: 'qcos-devnet',
      genesisHash: '393c54fdd50d31114d324c07cec6081a6ce505d87f9ddc840ac5f983d5f3e9de',
      anchor: '0f1e2d3c4b5a6978',
      policy: {
        version: 1,
        heartbeatIntervalMs: 5000,
        minFidelityPpm: 900000,
        hysteresisHeartbeats: 3,
        fidelityWindow: 10,
        protocol: 2,
        protocolHeight: 0,
      },
      members: [
        {
          quid: '0f1e2d3c4b5a6978',
          role: 'ANCHOR',
          trustLevel: 1,
          mayAct: true,
          lastSeq: 0,
        },
        {
          quid: '3f9a1c0e5b7d2468',
          role: 'QAN',
          trustLevel: 0.9,
          mayAct: true,
          lastSeq: 0,
        },
        {
          quid: 'a1b2c3d4e5f60718',
          role: 'OPERATOR',
          trustLevel: 0.8,
          mayAct: true,
          lastSeq: 3,
        },
      ],
    },
  ],
} as const;

/** schemas/api/merkle-proof.schema.json */
export const merkleProofSchema = {
  $id: 'qcos-api-merkle-proof',
  title: 'MerkleProof',
  description:
    "An inclusion proof of a node entry under the registry Merkle root, and the QAN's own check of it.",
  type: 'object',
  required: ['alias', 'height', 'root', 'proof'],
  additionalProperties: false,
  properties: {
    alias: {
      type: 'string',
    },
    height: {
      type: 'integer',
    },
    root: {
      type: 'string',
    },
    proof: {
      type: 'object',
      additionalProperties: true,
      description: 'The inclusion proof as produced by the registry (bytes as hex).',
    },
    valid: {
      type: 'boolean',
      description: "The QAN's own check of the proof against the root.",
    },
  },
  examples: [
    {
      alias: 'rigel',
      height: 1289,
      root: '2bf357c4c116b4068e176f261c1468b21b18dca2131fc96c8cb40db8101fe75a',
      proof: {
        entry:
          '3a6619f889a58c56405ebd9eb82962209cbf034c7b2b313200b09ebeab174f006b200366260ff77bebd0d278d86c70cee12fb8e511b4c4123ce7fabcf1ff0cfb57c6872157e799a5d1839227ba50d6192db5bcb519df70b6518c',
        index: 2,
        treeSize: 4,
        path: [
          'fa366a579addf90dd5c79ef1204a8cd10fb2d413c2285fe8e632b0b31b18e3bd',
          'e886dad2ab36af8fefb44997af3ce891686683d60cea76803d43865c167547d6',
        ],
      },
      valid: true,
    },
  ],
} as const;

/** schemas/api/merkle-root-query.schema.json */
export const merkleRootQuerySchema = {
  $id: 'qcos-api-merkle-root-query',
  title: 'MerkleRootQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    height: {
      type: 'integer',
      minimum: 0,
      description: 'Root right after the committed block at this height (0: the genesis).',
      examples: [1289],
    },
  },
} as const;

/** schemas/api/merkle-root.schema.json */
export const merkleRootSchema = {
  $id: 'qcos-api-merkle-root',
  title: 'MerkleRoot',
  description: 'The RFC 6962-style Merkle root over the canonical node entries at a height.',
  type: 'object',
  required: ['height', 'root', 'nodeCount'],
  additionalProperties: false,
  properties: {
    height: {
      type: 'integer',
      description: 'Height of the last folded block (-1 before the first).',
    },
    root: {
      type: 'string',
      description: 'hex Merkle root over the canonical node entries',
    },
    nodeCount: {
      type: 'integer',
    },
  },
  examples: [
    {
      height: 1289,
      root: '2bf357c4c116b4068e176f261c1468b21b18dca2131fc96c8cb40db8101fe75a',
      nodeCount: 4,
    },
  ],
} as const;

/** schemas/api/node-list.schema.json */
export const nodeListSchema = {
  $id: 'qcos-api-node-list',
  title: 'NodeList',
  description: 'The registry as folded after the last committed block.',
  type: 'object',
  required: ['height', 'nodes'],
  additionalProperties: false,
  properties: {
    height: {
      type: 'integer',
    },
    nodes: {
      type: 'array',
      items: {
        $ref: 'qcos-api-node#',
      },
    },
  },
  examples: [
    {
      height: 1289,
      nodes: [
        {
          alias: 'rigel',
          address: 'rigel.example.net:7000',
          status: 'ACTIVE',
          reason: null,
          lastHeartbeatMs: 1767225600000,
          qubitCapacity: 20,
          eks: {
            ok: true,
            lastSyncMs: 1767225598000,
          },
          avgFidelity: 0.982,
          scope: 'eu-west',
          nodeId: '7d41e0b9a3c25f68',
          utilisationPct: 15,
          faults: [],
          goodHeartbeats: 12,
          connected: true,
        },
        {
          alias: 'vega',
          address: '[2001:db8::17]:7000',
          status: 'QUARANTINE',
          reason: 'HEARTBEAT_TIMEOUT',
          lastHeartbeatMs: 1767225540000,
          qubitCapacity: 16,
          eks: {
            ok: true,
            lastSyncMs: 1767225530000,
          },
          avgFidelity: 0.951,
          scope: 'us-east',
          nodeId: 'c2f85a1e09b3d476',
          utilisationPct: 0,
          faults: [],
          goodHeartbeats: 0,
          connected: false,
          via: '5c8e0a2f4b6d1397',
        },
      ],
    },
  ],
} as const;

/** schemas/api/node.schema.json */
export const nodeSchema = {
  $id: 'qcos-api-node',
  title: 'Node',
  description:
    'A registry entry as folded from the block log: the eight mandatory fields plus identity and quarantine cause.',
  type: 'object',
  required: [
    'alias',
    'address',
    'status',
    'reason',
    'lastHeartbeatMs',
    'qubitCapacity',
    'eks',
    'avgFidelity',
    'scope',
    'nodeId',
    'utilisationPct',
    'faults',
    'goodHeartbeats',
  ],
  additionalProperties: false,
  properties: {
    alias: {
      type: 'string',
    },
    address: {
      type: 'string',
    },
    status: {
      type: 'string',
      enum: ['ACTIVE', 'QUARANTINE'],
    },
    reason: {
      type: ['string', 'null'],
      description:
        'Quarantine reason (EKS_LOSS, HEARTBEAT_TIMEOUT, CRITICAL_FAULT, MAINTENANCE, LOW_FIDELITY, PROBATION) or null when ACTIVE.',
    },
    reasonDetail: {
      type: 'string',
      description: 'The EKS loss reason or the fault kind behind the quarantine reason.',
    },
    lastHeartbeatMs: {
      type: ['integer', 'null'],
    },
    qubitCapacity: {
      type: 'integer',
    },
    eks: {
      type: 'object',
      required: ['ok', 'lastSyncMs'],
      additionalProperties: false,
      properties: {
        ok: {
          type: 'boolean',
        },
        lastSyncMs: {
          type: 'integer',
        },
        lossReason: {
          type: 'string',
        },
      },
    },
    avgFidelity: {
      type: 'number',
      minimum: 0,
      maximum: 1,
    },
    scope: {
      type: 'string',
    },
    nodeId: {
      type: 'string',
    },
    utilisationPct: {
      type: 'integer',
    },
    faults: {
      type: 'array',
      items: {
        type: 'string',
      },
    },
    goodHeartbeats: {
      type: 'integer',
    },
    connected: {
      type: 'boolean',
      description:
        'Whether the node (directly or through a relay) has a live session with this QAN.',
    },
    via: {
      type: 'string',
      description:
        'Quid of the relay the node is reached through, when it is not directly connected.',
    },
  },
  examples: [
    {
      alias: 'rigel',
      address: 'rigel.example.net:7000',
      status: 'ACTIVE',
      reason: null,
      lastHeartbeatMs: 1767225600000,
      qubitCapacity: 20,
      eks: {
        ok: true,
        lastSyncMs: 1767225598000,
      },
      avgFidelity: 0.982,
      scope: 'eu-west',
      nodeId: '7d41e0b9a3c25f68',
      utilisationPct: 15,
      faults: [],
      goodHeartbeats: 12,
      connected: true,
    },
  ],
} as const;

/** schemas/api/operator-action-submit.schema.json */
export const operatorActionSubmitSchema = {
  $id: 'qcos-api-operator-action-submit',
  title: 'OperatorActionSubmit',
  description:
    "An operator action signed with the operator's own key (registry spec §5.11), to be carried in the QAN's next block.",
  type: 'object',
  required: ['action', 'signerKey', 'signature'],
  additionalProperties: false,
  properties: {
    action: {
      type: 'string',
      pattern: '^([0-9a-f]{2}){1,4096}$',
      description: 'The exact canonical action bytes the operator signed, hex.',
    },
    signerKey: {
      type: 'string',
      pattern: '^[0-9a-f]{3968}$',
      description: "The signer's hybrid public key (Ed25519 ‖ ML-DSA-65), hex.",
    },
    signature: {
      type: 'string',
      pattern: '^[0-9a-f]{6746}$',
      description:
        'Hybrid signature over the action bytes under the context qcos/operator-action/v1, hex.',
    },
  },
  examples: [
    {
      action:
        '0a0102404132c97d939ce46c848be900b49a132d3fbdb7db707ddf8f736384c73255ee43718868ab881d6b89d89cbb5ed28c6604d082fd405e09931f6bdd092e70844fac33085180eaaca06e5d0a4eef0147b21194ce33d5b6115813a332680c',
      signerKey:
        '04c16880dab0c0ae76673d06ca71d5a272cfc7a98ddf1fd56fdd1e0478028969032e4adf86ae4e3c2bba14496bccf9ee59b3b0a565bde086a585264ae7c2a534bd58e1f45126c0e6fce7c6763af8acd4ffd81eff225fc6fd3fee28e1002252d305edf46f150e9fc47a60f7b0525c65e22410c236eb7d9bced190fa70e7697f64a3fba13013c8b5144bc4d6b0e098b58872c241593861422218993eaa8362856a6cce9b393bcfff36b510d0cc1584f26aa89efd5040cee5d4b8b4f9bd0c8b37b5eb7674f69f01f46419284582ee0d20d8914f965f6eaae232f1f12264fbe7331dd3986735815497f79cde066ecf8cb07e69d25158607da30d640278656d353fc72e4d0aa5bab882227c9b36159f5cdca75efdead58d8730d82c3f6eb98ecef9c48600db476c4d6da903b4e00ff5440d652324c61353bb4cd4d07e3f723e51053f82ea7cb726d162a68c48fa0189234a0127edf84a075baaa026855b1ec157c6ebd2577e4688160de3fa8529af1414c6beb6f207bcddacb28c6a5a3c05e0303d36bfe0c83c0c3f6f88d480c1956c1b8bdcc2efcf0f8f124a4148ca29f593ad922f30607c4777db25191211a20ca2722c59014c42f181e76ddec5c2df3fcae3de8240a2b8b51c0382240314235fa7333da6d1ca85b1e81738696ec26a65b1203b5a1c1148587d1203af99a14a5be90c7cc5e2ede497dcde09c64df09aca08701404e1d64c1e5513372177dc1686f79844e03b7b880698693c55c085b435ee0f07036425896f5cc2fa408cc70da3c6cc0ee9f499cb05382fde1c52bbaff4a81b59dd87ac76e58f621caf99a94e4e6be105083f65c3e5032b0d73417e7c63e66eac6d662889fd476c3cb8922d5b770f78767d9767df067c92d52b8708ee0ea99f0a75d48fa89589d6152d961db3f7d8a48a581c68f6238d764a71d6b82a47290e4eff8044da27c11143d4d8788a2a9640610b97db4559196fbf2af8df389da6249d0f2743a88ef963d2e0dff73c2a33a626f99173e083c0d831f797ddcf6fe8687b43bf5009aeda2b322e820a7ac0c806d36fa5871f76c8c1d1edb377d73327749d83c2d572a78ca71bfc2190df8db7e9bc41cd05ed6ded5888473537c66391d7f6d48b0ab93c135e6bab39efc2bbf010550aeb5f85c425034144d0acbca58fc76ffdc53b09d34788f789be1b7838c3daa3a246064e04e716cbf322bc7daf55a337dc09231f3b82b400d5957391c2985cc4f3f1020d461210f0a18c1310219faf7ef41c5acbfecb8691e58e7ff27199b5145a37c6069c7b4853c863d40ea75ee2abde5179659612fd8b43f2f522822a76f90d5efc3fb88ae7771af0148bdd6ac81f2dd373ffd13014cba4e6d9dc2f397075507c10efc5589e6e473057bcfac215389427c71278d6b8b5dc145f76090cd6451f96d094a68afcada002327bc39c0bc467311e8ad044d3575f73dbc409cfb007b3335b7ed3e6e1dec5a38925f08f971e554328591f071120e249cfb4d5a8e2b32f95c4e78b2cefd35b05c7b3a0ba94b15ccd89a4bcde86c9f424a9edec634d46523b5c6c75b0cb51b08b43ffbb658e14e18be08e12ae3ab21583002e89dd613b4befc3c9ed00896447f569d7ae77500e67fb345a0d69ca1fca3eb849541ebae444cc52ea05b72ba6d360b8d753dcd39b65a0cc0dceddeb81b56c04b74f87a56b5599e34c1426ddd0e78edd95f69d8d95907133721f1c15fb0187b52163831d2e26721874757ea6c625d5dd0a6ac2c5cf601dac4b3f963bbb85874b736a6e32a752c49c4b785b761332c3352dd44c89ffd4af2ea663c573840ae62b43ea87d49375e5852d949e2248bf8eab4489fcd286a5f48697ac0b0f0cc1d8cfea0d79e5b0effa8e2603db7eaa7b1883a3e30181d412a9fe04f5ebad81aeab9d582119cf49e73472d8ba1ff9008d4105c89c41bd4f7be0a7d5e698cdafba6d0bb0fe79e2af6822dddd79d34df0e32e91ccf365b87b2719ff46ee01072e64272fd0fb5f164b29ff8b6014ec3d7ca580b7f8329e3a88e2553b4c03d17b4af442e5c2c138ccaba3645d02547e9cd141d411f0b82844e305f623006ce7c27342cb926e2f02d3d15fc158a393eae6182cfa51a96ab88d8ce028a7dd531ab7663c8a59b2a7157a2abcb150db010b5fa6c4e091226f11f43dd5a7c74e2640d381b3710c15f8d8f538b9c43dbf53d0c4bb7dfd8353cb8102e86e1bca4f913c2e67d9ad3ee5cf3e635e63259d2c9e6ea0e9d8d369a80bcde6bfb9e7989497dd45cabee75a9884ec1daeaf5edfbd98be3ea741f6eff0f826129ab1988dc02602a12da2cd078b35b311c6649d1ca9a2abf2c2b6281c934f1dd74939cc3e005f0324cbdce9997cef7abec3c9d7a383026232c5c1f8382eb4f6d805c5dd337e64be026d275c33c76f475729a12ec8582bbdcfc835f7954b6339b2f90b10467c20b826bf25b1ab74559baa66b7237130d7bdb3456a81fa2f3f47318b5f2d8308c8de2fc6c13a3e72a02ad2f6144dc1cabda60c2862d7c088c3296274dbeaefc5cf41717f025ef14e80d063c325231e58b4dc34a688606c27172829ff01ff23426550b92a4f0698b4ac2888fcb019a37e6dffa4441f8e5d4461ac369718af42599759bb29802ed911684d33d665f4630b697c2a5740cdaf680fb7f2e223dfebf6abfdbce6e8ca9075c4c4b74c8b718fbb8ba1b1ff08a8b9fb9f253c8f25bd2d1fff159df6f1f0535f136f34ed13a197e1b135da25391a1930efafcd5539aeb7f546279b4b95052f0bf69836c814e9627e248c6b4754c917623fba225086',
      signature:
        '611decc6f739e086a9964d0f4a519e068e597aa9d546c1ace7a7942711a9209c34760929d52eb024757957f0e07d59ef301d98ea92e04d04e596e51dd10c13eae4a54948c025453598aa91830dd67f596ef40ab993b1ed2904d0b5064e816726b10a1c4f34d5b3b89f9239b438588edfc1d5302b950962fdba5196af70112f08be029f31d7ebe516bfb0de8e6af205db80ac1e6f750003f35c321b6375afa752ec38b8f15d95f3f1bf9b466a604e8a9d47812e967570900c835ad3d0bcfdb40e47b8d792826968f381ba52ae380254417822a98c5ad8885213c9b45271e3e4b489e0ea92128c6ef04a1a5552ad2e4d8992b7fb035fd6179542946186f9bb667bf53b817ef6202a01aea57190bbc36786cba5b87488303160ba6fa115124a3480f966b1467f6ccb36a6657954f1cd8afee29ed2033aa6fefc322af7c118f10e1186fb5bb2962293f4058da3855e579dfe26ac34d3988c07fc7fb7e6c88f3b174e2c55df3a4d23c3f9f7f23c67ab4e76f5592b620777975c1d36d3c11455fce50e84206cc6a3ce8ff9cdb84a6d566396c3e7e7adcac93755526af3b67dfc5a4c2f57798ec8ca8e3fffb44432d5d5ae5629f015f4fcb18bdc7a7a89971f581ac62725de6322b12dd1c9c68e7be6121821b1742b6a0ca4c6d472902b3a4612f03e2a6dd46b85db23810839be881da087bb550eb1624c642a9fa3a64b3b6c79fd99e468421bc8fba45d6851c9ec7f13053ed21cc1439db36c0312165fff67e965dbc741e59aae356d410bda61be976d06aaabc6c2d2cc03edd0517748cc833d8e50a4e9521000604cb34469e3bc81e5e35468efc345cf7ea69c0e8bbf8e7a55c8598efbf903c9475d1e770341fb907918df0c68c3f1f2f8ce63a2209cffc8a523b8ab1f9290c59df3b02f32308d1c3c2d750912872f2bfd545ea3a550d5a4fc096791e043746a9945f3f22092961fe1ca64304779e07156adfd9de5967143920d243968a8c771c095ec47593e4c51b11da38e13eb588eb18077ab248fa9f5d78eb487573903973f31e5fdfe39745c525c8af7667fc4ebbb6fd2736ffc9e023ec77d53db07475b4699d9d8fe7982933b906f5e31ec0f6c8ef9788c7eedf96ade7028de3d03c55b23a933025a5c9d57e56717176906dcbab74f2a8dc326b4d715b9cc3f3efa9aaa1b0b968c2520dc95d25d1283f8d3134e50e3e8ae81030b4545fa7a560a400a3ff84296fe27517d6703642c0b872a93ab1e8697a1d48f44c2d36a70a0509d0c798f20ed725311b8e542e9ec8257ff882420923824fa324aa93f768fb6dfade4cb815147a11cc0b852f893e1bd0a7706120157a4650dbf3acbb8ac26143305ce80c84dcec8c3cac03b1715fbf420e39f0957c16590c76f9b77b2c5a10515cdae52b1fff24f774c5b15a8bfbc33bd4b2abb5540ccba2bd1045adfe34d2357718b03ce3f690051ef4cba3a487050c8b4ef1a655a7bb64afb15592f5c8ca1353465bfb69e6c17fab0e09341b9852e7696076f243bea894032788f75d9bde80e34d2d5771dcd9aa3486e3ab6060a717f8bab65bf3eeae5198d226bfbcd566a0f2714cd345f60223fafc87f85e71403932eea4e31158c64508a619372c03a1bb71b31fa867f2a5e5683db76d3cd580842b890b4f51f704ed670bcf2ce2af1f40fe8dfbd014e96a769770a8f008936e8d356abc70d8c476dca6c6602027805e96df71f38c2053169f84ae383405d0705bd9f6de84f38e4116771c83e492a8212a34b019f138c8ac75d9e688c803635b8ff23f99c778929197449c7e5731c25e2c34b351f2cf9456ee15d653ead2f23f9859c91f9290f5c097d3831bff7ce063ed48c28dd289cc757cb2cc014b8a7a7a51a203eb6343de93810bb40b8c1033cd6e008f51c1a996d4c5e8be8a541ce409874e16880c3fb24950ddbfdf9fd20b99bf77c0a8af97f3190f0aa1c55949a2e3be86f8402eb5225528757c4f6d5007b84694f5400fd8b11929594536af5cfa7f83e55b18208253dc3e9054fce9a09afc6d26048c4c63c7ad8fc2cc74d7107993bd91490ba33087a9a08a6286791db5500575a34e1bd920acd595bc159a17aa33c9de46f20f12ddc77752d6a4b0a4bc48021cf324e2a6b8560ebbea937111d993ae257bcb5eb728d25c357bec57a7377ad1c69a704144c0e3dba7522e597e3a2f5687042d4c8b00290fd971f11a7824ac387ad8538d7391877585c9ddd3bf3b391996f1d6cbb5b9f7126077a3c0d19db0dd3cb469cde30c5bf63be1547d47d927e650fd639f7eb39438f160c8eda7fdc28a7be3050fa5da7fb75f90c5154f8973e413c61af207ed7582f3773a9ed913439bb6033b26c72be32587291df2523757a88f38ee405d21cb5c058b328c7673567931343e8cbcaae765f0d5827c3296ea0a96cb3853453018abfa5da13e7434f46fd9c5e400a50a6759d5e00ef92880a8b29615a0d5721290e098babe789514a960069ea86880782b3e4f6289085d72cabda0f7f4eec972646e5cc72bef550591ba5be2b7c0b5a840cc7a835f02c981ccdf9cdfdcd91ab27b8af8b355ae1550651c6c37da4f9c4cc00979383a0bd6451d84a772b16ca5f30e43da81ab3b0a66275f1b0dd507cee4e115ad277ced06054ace31499ccfb6805f2289653b31f414715a6ccf2536eadcfd1f7031aa5ac9a99f81266215861ff84a4c885c58771c92b49a18f4c17e68082090fa02af5c1ff33a274d9a487f6d80500f8abdfb1b9d02304ad762b10b7162fdb2b6c7d1525f147b6f6919e7eabae6ac9f880b784a5a3d3943e28c665cdf0fc9a7d415e8d385c78f35040a5c537eaf1b20aded4877b6003a7515378e737a33fda2610b363219bafcf74b0ba18c6c162a9baed2431088176c6122021a5d687833800d38f1c46c6ac36bcb06c9d06681c9a9be4bf34f50a812d5b3dbc36e68449eba205fbaf86856390d3a7c888cf7c4f3b8da58335c5e21eba292a66022543ace9480231ace1cdc7b51efdfe892c2a6d03d8c482c25049bec5a5a62e0ce36f3cc3ea36892c906b53f4b9286111148d539f76392d6779fc0ee4a172f363e4c5b8dec785099b82b90f68907aac66ff4be59d24c0b3868027ebfe0df712c7507ee9e4f66317bf6bd11a0dbbde3bce0d3957fd23d9a6c6ab0bf731336031ef10c404b9461738acf43edcdb2542475c528baa5fefd2c01fe6bf505d2d57096fe948468c2df178aecaf56ef09b2422ef63c454fa65e0b382eded93ef5354b979b093628d3fe91e44e38fe3dc3129ba26f3c175a8b09e54afe936c5b1fb7228b17aea86b20c637af40a542b42642138f4fdd197a83be322dc3836e652e6b3d79bd3d0b8bcd18e23ee25621c4f3bda9c69d5ca94eb59a9728b1fd27c60f3cf800ed582e082c1ee0ef434d9264eb732b36d659eecfa323440472cb7d4f91339c0fb807a4ec307f7e4ae5c82e24f2e4d0f27616918d4fe4bde3af9f268a02b39a60db4e1f70f9f6311d96cd05d6e99b377521a70d09d1560c29d804657ea8df8c404f93bb6aa29ad0addb1172e939a0de55a6025e0e93bb3a74e8c5da1be2013ec3bb31837b58b9d5eb2641fe14c45ad2f2d348fdb3a9ee5bf8041bee75c06694e1584f72c9ebae87ab1acef8a950aa48fd5a961b0b39f0fa95bac0f7d9748b3ab6ecd3552c00f61f50f3555472a6792d22af4aead02e7be18b8e50f53be2b0f94222eb54e9b52636f528dd6e90ac1584874a2a8dbf1be4b1acb004b3dda8f95a3c54fdd81cbacb993f3a8b5a787a51f73b675317a246accf4865dfc940446d4102baabb65b73895e7262951cd9d442badd93ec8c2e5c6d3a7724bd586d9552b7d1a7704f0a684ebedf9fde570da16b5603720617076858578668e9f6b44a2a7e8fd6e135c6913e0f14fc44178304629a04efd23a71fa4431e60d11d5ae1206d7cc3585c7f7bc9724f91074f6e485794d58a8a095df59ab8babe45d769f70d1be0b9e2ad77b1a62d144d25d425daf927290bed0515d09023f2f01f0e611f21eb203aab1a61a5dee666a9bdcb5b951af1185cddc20234538af9d1301b01fa35d9f071e172b4d4fddfda34e5c5a959fc5e64bc5fa1761b7ac0c8463adceec08eda2aea74ae1eaa61a27a5d51990c3bb712e35ba28704bf4fc55584e518c8f0acb0f4beb48f6aab5669094d2aa79f5c9dc1f019a5076f6f1a5cfb0beb2d5db990daf5e1a60bc825e23107766500d18de0f884a07907f26102163ab3d83af88b13115195ce0dc1d761a8695235a6c445f2eb16cd18d1f0fab84b11f5fecc00d10b03c33836adbcfd959e7c3e3cf92f85bbf6775bd9783534d514cb92ec60902d13aea9b8670c3dede9f01cab512b4c10b82b18b5269f0e40905b73080172c8f2d67ec4213755cba61975a8b5d80c8cf9705490408d514a192a09f3568e0030229f77ea311f628cd0507c90ddff5f7e300e73710e4288b7ea35afd24bbd72263d8e9c1e43cc95223b166aa3d3220e4fb7ebd95101a1b2cc4c9d0019e809b3e05ffa1c63c4a35c0df0e8e8631220aa2fdfe0c0e6fc667e9a79d92c7258cabb397712a4ae3c0f848f59fe32a07e2d51a324d695002b7300234319b3aecbb8878b814f012e0b70f00824c881c5b33fbe73729bc58e600e9e30d51eb19879f05f50757f409aca42bc024ea76725c2def47370d41650dc0267ee65ff97fa1b741a68d8baac78b13e26b6bbe94b5bcb61f5697d451f20d0e21b3486b8f05dda939663d7dca66d8d440b48e3e754403b01',
    },
  ],
} as const;

/** schemas/api/operator-action.schema.json */
export const operatorActionSchema = {
  $id: 'qcos-api-operator-action',
  title: 'OperatorAction',
  description: 'An operator action the QAN accepted: it is in the committed block at `height`.',
  type: 'object',
  required: ['id', 'signer', 'seq', 'kind', 'height'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'Hex SHA-256 of the action bytes.',
    },
    signer: {
      type: 'string',
      pattern: '^[0-9a-f]{16}$',
      description: 'Quid of the signer.',
    },
    seq: {
      type: 'integer',
      minimum: 1,
    },
    kind: {
      type: 'string',
      enum: ['MAINTENANCE', 'DEREGISTER', 'POLICY', 'TRUST_EDGE'],
      description: 'Kind of the record the action carries.',
    },
    height: {
      type: 'integer',
      minimum: 1,
      description: 'Height of the block holding it.',
    },
  },
  examples: [
    {
      id: '0e8ad35a6dfdb2be7198116533605c14271dc72e87af335283dd3c490e70b12e',
      signer: 'a1b2c3d4e5f60718',
      seq: 4,
      kind: 'MAINTENANCE',
      height: 1290,
    },
  ],
} as const;

/** schemas/api/reservation-list.schema.json */
export const reservationListSchema = {
  $id: 'qcos-api-reservation-list',
  title: 'ReservationList',
  description: "The contracts holding a node's resources: which slots, over which interval.",
  type: 'object',
  required: ['alias', 'height', 'memorySlots', 'reservations'],
  additionalProperties: false,
  properties: {
    alias: {
      type: 'string',
    },
    height: {
      type: 'integer',
    },
    memorySlots: {
      type: 'integer',
      description: 'The slots the node advertises (0 when it advertises none).',
    },
    reservations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['contractId', 'state', 'kind', 'slots', 'startMs', 'endMs'],
        additionalProperties: false,
        properties: {
          contractId: {
            type: 'integer',
          },
          state: {
            type: 'string',
            enum: ['RESERVED', 'ACTIVE'],
          },
          kind: {
            type: 'string',
            enum: ['LINK', 'WINDOW'],
          },
          slots: {
            type: 'array',
            items: {
              type: 'integer',
            },
          },
          startMs: {
            type: 'integer',
          },
          endMs: {
            type: 'integer',
          },
        },
      },
    },
  },
  examples: [
    {
      alias: 'rigel',
      height: 1289,
      memorySlots: 8,
      reservations: [
        {
          contractId: 42,
          state: 'ACTIVE',
          kind: 'LINK',
          slots: [0, 1],
          startMs: 1767225660000,
          endMs: 1767229260000,
        },
      ],
    },
  ],
} as const;

/** schemas/api/resolve-request.schema.json */
export const resolveRequestSchema = {
  $id: 'qcos-api-resolve-request',
  title: 'ResolveRequest',
  description: 'A Q-URI to resolve to a routing decision.',
  type: 'object',
  required: ['uri'],
  additionalProperties: false,
  properties: {
    uri: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      description: 'A Q-URI, e.g. q://rigel/run?shots=100',
      examples: ['q://rigel/run?shots=100'],
    },
  },
  examples: [
    {
      uri: 'q://rigel/run?shots=100',
    },
  ],
} as const;

/** schemas/api/resolve-response.schema.json */
export const resolveResponseSchema = {
  $id: 'qcos-api-resolve-response',
  title: 'ResolveResponse',
  description: 'What a Q-URI names (a node or a scope) and where the QAN would route a job to it.',
  type: 'object',
  required: ['uri', 'target', 'decision'],
  additionalProperties: false,
  properties: {
    uri: {
      type: 'string',
      description: 'The canonical form of the Q-URI.',
    },
    target: {
      type: 'object',
      required: ['kind'],
      additionalProperties: false,
      properties: {
        kind: {
          type: 'string',
          enum: ['node', 'scope'],
        },
        alias: {
          type: 'string',
        },
        scope: {
          type: 'string',
        },
      },
    },
    decision: {
      $ref: 'qcos-api-route-decision#',
    },
  },
  examples: [
    {
      uri: 'q://rigel/run?shots=100',
      target: {
        kind: 'node',
        alias: 'rigel',
      },
      decision: {
        outcome: 'deliver',
        alias: 'rigel',
        address: 'rigel.example.net:7000',
      },
    },
  ],
} as const;

/** schemas/api/route-decision.schema.json */
export const routeDecisionSchema = {
  $id: 'qcos-api-route-decision',
  title: 'RouteDecision',
  description:
    'What QNH routing decided for a target: deliver to a node, soft-reject (optionally re-routed to another node), or reject.',
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: {
    outcome: {
      type: 'string',
      enum: ['deliver', 'soft-reject', 'reject'],
    },
    alias: {
      type: 'string',
      description: 'The node the job goes to (delivered or re-routed).',
    },
    address: {
      type: 'string',
    },
    requested: {
      type: 'string',
      description: 'The alias the Q-URI named, when it named one.',
    },
    reason: {
      type: 'string',
      description:
        'Why the requested node was rejected (its quarantine reason or NO_ELIGIBLE_NODE …).',
    },
    reroutedTo: {
      type: 'string',
      description: 'The alias chosen by re-routing after a soft-reject.',
    },
    rerouteStage: {
      type: 'string',
      description:
        'Which failover stage found it: SAME_SCOPE, SAME_CAPACITY_CLASS, REGIONAL_FAILOVER.',
    },
  },
  examples: [
    {
      outcome: 'deliver',
      alias: 'rigel',
      address: 'rigel.example.net:7000',
    },
  ],
} as const;

/** schemas/api/slave-sae-path.schema.json */
export const slaveSaePathSchema = {
  $id: 'qcos-api-slave-sae-path',
  title: 'SlaveSaePath',
  description:
    'ETSI GS QKD 014 status and enc_keys: the path names the slave SAE (a DQN alias, whose key pool it is); the caller is the master SAE.',
  type: 'object',
  required: ['slave_SAE_ID'],
  properties: {
    slave_SAE_ID: {
      type: 'string',
      minLength: 1,
      maxLength: 63,
      description: 'The slave SAE to share keys with: a DQN alias (ETSI GS QKD 014).',
      examples: ['rigel'],
    },
  },
} as const;

/** schemas/api/trust-path.schema.json */
export const trustPathSchema = {
  $id: 'qcos-api-trust-path',
  title: 'TrustPath',
  type: 'object',
  required: ['target'],
  properties: {
    target: {
      type: 'string',
      pattern: '^[0-9a-f]{16}$',
      description: 'Quid of the key whose trust is asked for.',
      examples: ['3f9a1c0e5b7d2468'],
    },
  },
} as const;

/** schemas/api/trust-query.schema.json */
export const trustQuerySchema = {
  $id: 'qcos-api-trust-query',
  title: 'TrustQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    observer: {
      type: 'string',
      pattern: '^[0-9a-f]{16}$',
      description: 'Quid of the observer (default: the network genesis trust anchor).',
      examples: ['0f1e2d3c4b5a6978'],
    },
  },
} as const;

/** schemas/api/trust.schema.json */
export const trustSchema = {
  $id: 'qcos-api-trust',
  title: 'Trust',
  description:
    'Relational trust between two QANs over the trust edges recorded in the block log (best product of edge levels over paths of at most 5 hops), and the tier the registry gives the target.',
  type: 'object',
  required: ['observer', 'target', 'trustLevel', 'tier'],
  additionalProperties: false,
  properties: {
    observer: {
      type: 'string',
      description: "Quid of the observer (default: the network's genesis trust anchor).",
    },
    target: {
      type: 'string',
    },
    trustLevel: {
      type: 'number',
      minimum: 0,
      maximum: 1,
    },
    tier: {
      type: 'string',
      enum: ['trusted', 'tentative', 'untrusted', 'invalid'],
      description:
        'The tier the fold gives blocks from the target (always computed from the anchor).',
    },
  },
  examples: [
    {
      observer: '0f1e2d3c4b5a6978',
      target: '3f9a1c0e5b7d2468',
      trustLevel: 0.81,
      tier: 'trusted',
    },
  ],
} as const;

/** Every API schema, each registered by its `$id` and referenced as `{$ref: "<id>#"}`. */
export const API_SCHEMAS = [
  aliasPathSchema,
  blockListSchema,
  blockPageQuerySchema,
  blockSchema,
  contractPathSchema,
  contractRequestSchema,
  contractRunRequestSchema,
  contractRunSchema,
  contractSchema,
  errorSchema,
  etsi014ErrorSchema,
  etsi014KeyContainerSchema,
  etsi014KeyIdQuerySchema,
  etsi014KeyIdsSchema,
  etsi014KeyQuerySchema,
  etsi014KeyRequestSchema,
  etsi014StatusSchema,
  healthSchema,
  heightPathSchema,
  infoSchema,
  jobPathSchema,
  jobSubmitSchema,
  jobSchema,
  masterSaePathSchema,
  membersSchema,
  merkleProofSchema,
  merkleRootQuerySchema,
  merkleRootSchema,
  nodeListSchema,
  nodeSchema,
  operatorActionSubmitSchema,
  operatorActionSchema,
  reservationListSchema,
  resolveRequestSchema,
  resolveResponseSchema,
  routeDecisionSchema,
  slaveSaePathSchema,
  trustPathSchema,
  trustQuerySchema,
  trustSchema,
] as const;
