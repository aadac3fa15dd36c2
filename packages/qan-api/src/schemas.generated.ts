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
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 20,
    },
  },
} as const;

/** schemas/api/block.schema.json */
export const blockSchema = {
  $id: 'qcos-api-block',
  title: 'Block',
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
    },
    size: {
      type: 'integer',
      minimum: 8,
      maximum: 8192,
      multipleOf: 8,
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
} as const;

/** schemas/api/health.schema.json */
export const healthSchema = {
  $id: 'qcos-api-health',
  title: 'Health',
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
    },
  },
} as const;

/** schemas/api/info.schema.json */
export const infoSchema = {
  $id: 'qcos-api-info',
  title: 'Info',
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
    },
  },
} as const;

/** schemas/api/job-submit.schema.json */
export const jobSubmitSchema = {
  $id: 'qcos-api-job-submit',
  title: 'JobSubmit',
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
} as const;

/** schemas/api/job.schema.json */
export const jobSchema = {
  $id: 'qcos-api-job',
  title: 'Job',
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
} as const;

/** schemas/api/merkle-proof.schema.json */
export const merkleProofSchema = {
  $id: 'qcos-api-merkle-proof',
  title: 'MerkleProof',
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
    },
  },
} as const;

/** schemas/api/merkle-root.schema.json */
export const merkleRootSchema = {
  $id: 'qcos-api-merkle-root',
  title: 'MerkleRoot',
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
} as const;

/** schemas/api/resolve-request.schema.json */
export const resolveRequestSchema = {
  $id: 'qcos-api-resolve-request',
  title: 'ResolveRequest',
  type: 'object',
  required: ['uri'],
  additionalProperties: false,
  properties: {
    uri: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      description: 'A Q-URI, e.g. q://rigel/run?shots=100',
    },
  },
} as const;

/** schemas/api/resolve-response.schema.json */
export const resolveResponseSchema = {
  $id: 'qcos-api-resolve-response',
  title: 'ResolveResponse',
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
