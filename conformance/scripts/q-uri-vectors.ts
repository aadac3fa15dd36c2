/**
 * Generates conformance/vectors/q-uri/*.json.
 *
 * Every expected output below is written by hand from docs/spec/q-uri.md — parsed objects from
 * the grammar and the parameter table (defaults: shots 1024, min-fidelity 0, reroute allow,
 * priority 0), canonical strings from the normalisation rules, error codes and offsets from
 * the check order of §6 (offsets counted by hand, 0-based). Nothing is copied from the
 * parser's output. Before a file is written, every vector is run through the conformance
 * adapter against the built package, and generation stops on any difference.
 *
 * Run: pnpm tsx conformance/scripts/q-uri-vectors.ts   (build @qcos/q-uri first)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapter } from '../src/adapters/q-uri.js';
import { jsonEqual, toJsonValue } from '../src/runner.js';

interface Vector {
  name: string;
  operation: string;
  input: unknown;
  output?: unknown;
  error?: string;
}

// ------------------------------------------------------------------ expected-value builders
const DEFAULTS = { shots: 1024, minFidelity: 0, reroute: 'allow', priority: 0 };
type Target = Record<string, string>;
const node = (alias: string, scope?: string): Target =>
  scope === undefined ? { kind: 'node', alias } : { kind: 'node', alias, scope };
const anyIn = (scope: string): Target => ({ kind: 'scope', scope });
const run = (target: Target, params: Record<string, unknown> = {}) => ({
  target,
  operation: 'run',
  params: { ...DEFAULTS, ...params },
});
const status = (target: Target) => ({ target, operation: 'status' });
const job = (target: Target, jobId: string) => ({ target, operation: 'job', jobId });
const cancel = (target: Target, jobId: string) => ({ target, operation: 'cancel', jobId });
const rigel = node('rigel');

// ------------------------------------------------------------------ valid: parse → object
const L63 = `a${'b'.repeat(62)}`;
const ID64 = `${'Z9_-'.repeat(16)}`;
const valid: [string, string, unknown][] = [
  ['bare alias, run', 'q://rigel/run', run(rigel)],
  ['alias with scope', 'q://rigel.eu-west/run', run(node('rigel', 'eu-west'))],
  ['scope-wide target', 'q://*.eu-west/run?qubits=20', run(anyIn('eu-west'), { qubits: 20 })],
  ['status', 'q://rigel/status', status(rigel)],
  ['scope-wide status', 'q://*.us-east/status', status(anyIn('us-east'))],
  ['job', 'q://rigel/jobs/42', job(rigel, '42')],
  ['job id keeps its case', 'q://rigel/jobs/AbC-d_E', job(rigel, 'AbC-d_E')],
  [
    'job id as a UUID',
    'q://vega/jobs/3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    job(node('vega'), '3f2504e0-4f89-11d3-9a0c-0305e82c3301'),
  ],
  ['cancel', 'q://rigel.eu-west/jobs/j1/cancel', cancel(node('rigel', 'eu-west'), 'j1')],
  ['job id of 64 characters', `q://rigel/jobs/${ID64}`, job(rigel, ID64)],
  ['alias of 63 characters', `q://${L63}/status`, status(node(L63))],
  [
    'link: a CHSH run over contract 42',
    'q://rigel/link?use=chsh&pairs=10000&contract=42',
    { target: rigel, operation: 'link', link: { contract: 42, use: 'chsh', pairs: 10_000 } },
  ],
  [
    'link: a teleportation with its state',
    'q://rigel.eu-west/link?contract=9999999999&use=teleport&pairs=65536&theta-urad=3141593&phi-urad=0',
    {
      target: node('rigel', 'eu-west'),
      operation: 'link',
      link: {
        contract: 9_999_999_999,
        use: 'teleport',
        pairs: 65_536,
        thetaUrad: 3_141_593,
        phiUrad: 0,
      },
    },
  ],
  ['scope of 63 characters', `q://a.${L63}/status`, status(node('a', L63))],
  ['one-letter alias and scope', 'q://a.b/run', run(node('a', 'b'))],
  ['alias with digits and inner hyphens', 'q://n0de-7--x/run', run(node('n0de-7--x'))],
  ['punycode-looking alias is a plain name', 'q://xn--bcher-kva/run', run(node('xn--bcher-kva'))],
  ['shots', 'q://rigel/run?shots=2048', run(rigel, { shots: 2048 })],
  ['shots minimum', 'q://rigel/run?shots=1', run(rigel, { shots: 1 })],
  ['shots maximum', 'q://rigel/run?shots=1000000', run(rigel, { shots: 1_000_000 })],
  ['qubits maximum (INT16)', 'q://rigel/run?qubits=32767', run(rigel, { qubits: 32767 })],
  ['deadline-ms minimum', 'q://rigel/run?deadline-ms=1', run(rigel, { deadlineMs: 1 })],
  [
    'deadline-ms maximum (24 h)',
    'q://rigel/run?deadline-ms=86400000',
    run(rigel, { deadlineMs: 86_400_000 }),
  ],
  ['priority zero', 'q://rigel/run?priority=0', run(rigel)],
  ['priority maximum', 'q://rigel/run?priority=7', run(rigel, { priority: 7 })],
  ['reroute deny', 'q://rigel/run?reroute=deny', run(rigel, { reroute: 'deny' })],
  ['reroute allow explicit', 'q://rigel/run?reroute=allow', run(rigel)],
  ['min-fidelity 0.95', 'q://rigel/run?min-fidelity=0.95', run(rigel, { minFidelity: 0.95 })],
  ['min-fidelity 1', 'q://rigel/run?min-fidelity=1', run(rigel, { minFidelity: 1 })],
  ['min-fidelity 1.000000', 'q://rigel/run?min-fidelity=1.000000', run(rigel, { minFidelity: 1 })],
  [
    'min-fidelity smallest step',
    'q://rigel/run?min-fidelity=0.000001',
    run(rigel, { minFidelity: 0.000001 }),
  ],
  [
    'min-fidelity six digits',
    'q://rigel/run?min-fidelity=0.999999',
    run(rigel, { minFidelity: 0.999999 }),
  ],
  [
    'min-fidelity trailing zeros',
    'q://rigel/run?min-fidelity=0.500',
    run(rigel, { minFidelity: 0.5 }),
  ],
  ['min-fidelity zero', 'q://rigel/run?min-fidelity=0', run(rigel)],
  [
    'every parameter',
    'q://rigel/run?shots=1&min-fidelity=0.9&qubits=5&deadline-ms=100&reroute=deny&priority=2',
    run(rigel, {
      shots: 1,
      minFidelity: 0.9,
      qubits: 5,
      deadlineMs: 100,
      reroute: 'deny',
      priority: 2,
    }),
  ],
  [
    'parameters in any order',
    'q://rigel/run?qubits=3&shots=9',
    run(rigel, { qubits: 3, shots: 9 }),
  ],
  ['upper-case scheme', 'Q://rigel/run', run(rigel)],
  ['upper-case alias folded', 'q://RIGEL/run', run(rigel)],
  [
    'mixed-case alias and scope folded',
    'q://RiGeL.Eu-WeSt/status',
    status(node('rigel', 'eu-west')),
  ],
  ['upper-case scope-wide', 'q://*.EU-WEST/run', run(anyIn('eu-west'))],
  ['percent-encoded alias letter', 'q://r%69gel/run', run(rigel)],
  ['percent-encoded lower-case hex', 'q://r%6agel/status', status(node('rjgel'))],
  [
    'percent-encoded dot splits alias and scope',
    'q://rigel%2Eeu-west/run',
    run(node('rigel', 'eu-west')),
  ],
  ['percent-encoded upper-case letter folded in host', 'q://%52igel/run', run(rigel)],
  ['percent-encoded path', 'q://rigel/%72%75%6E', run(rigel)],
  [
    'percent-encoded parameter name and value',
    'q://rigel/run?sh%6Fts=%32%30%34%38',
    run(rigel, { shots: 2048 }),
  ],
  ['percent-encoded job id keeps case', 'q://rigel/jobs/%41%62%5F', job(rigel, 'Ab_')],
];

// ------------------------------------------------------------------ normalize → canonical
const normal: [string, string, string][] = [
  ['canonical stays', 'q://rigel/run', 'q://rigel/run'],
  ['scheme lower-cased', 'Q://rigel/status', 'q://rigel/status'],
  ['alias lower-cased', 'q://RIGEL/run', 'q://rigel/run'],
  ['scope lower-cased', 'q://rigel.EU-WEST/run', 'q://rigel.eu-west/run'],
  ['scope-wide lower-cased', 'Q://*.Us-East/status', 'q://*.us-east/status'],
  ['percent-decoded alias', 'q://%72%69%67%65%6C/run', 'q://rigel/run'],
  ['percent-decoded dot', 'q://rigel%2eeu-west/run', 'q://rigel.eu-west/run'],
  ['percent-decoded path', 'q://rigel/%73tatus', 'q://rigel/status'],
  ['percent-decoded job id', 'q://rigel/jobs/%61%2D%5F', 'q://rigel/jobs/a-_'],
  ['percent-decoded cancel', 'q://rigel/jobs/x/%63ancel', 'q://rigel/jobs/x/cancel'],
  ['percent-decoded value', 'q://rigel/run?qubits=%32%30', 'q://rigel/run?qubits=20'],
  ['job id case kept', 'q://RIGEL/jobs/AbC', 'q://rigel/jobs/AbC'],
  ['default shots omitted', 'q://rigel/run?shots=1024', 'q://rigel/run'],
  ['default reroute omitted', 'q://rigel/run?reroute=allow', 'q://rigel/run'],
  ['default priority omitted', 'q://rigel/run?priority=0', 'q://rigel/run'],
  ['default min-fidelity omitted', 'q://rigel/run?min-fidelity=0.000000', 'q://rigel/run'],
  [
    'all defaults omitted',
    'q://rigel/run?priority=0&reroute=allow&shots=1024&min-fidelity=0',
    'q://rigel/run',
  ],
  ['non-default kept', 'q://rigel/run?shots=1025', 'q://rigel/run?shots=1025'],
  [
    'trailing fraction zeros dropped',
    'q://rigel/run?min-fidelity=0.950',
    'q://rigel/run?min-fidelity=0.95',
  ],
  ['one point zero is 1', 'q://rigel/run?min-fidelity=1.0', 'q://rigel/run?min-fidelity=1'],
  [
    'smallest fidelity step',
    'q://rigel/run?min-fidelity=0.000001',
    'q://rigel/run?min-fidelity=0.000001',
  ],
  [
    'order: shots after qubits',
    'q://rigel/run?shots=10&qubits=5',
    'q://rigel/run?qubits=5&shots=10',
  ],
  [
    'order: full reverse',
    'q://rigel/run?shots=2&reroute=deny&qubits=3&priority=4&min-fidelity=0.5&deadline-ms=6',
    'q://rigel/run?deadline-ms=6&min-fidelity=0.5&priority=4&qubits=3&reroute=deny&shots=2',
  ],
  [
    'order: reroute before shots',
    'q://*.eu-west/run?shots=8&reroute=deny',
    'q://*.eu-west/run?reroute=deny&shots=8',
  ],
  [
    'order: priority before qubits',
    'q://a/run?qubits=9&priority=1',
    'q://a/run?priority=1&qubits=9',
  ],
  [
    'order: min-fidelity before priority',
    'q://a/run?priority=1&min-fidelity=0.1',
    'q://a/run?min-fidelity=0.1&priority=1',
  ],
  ['order: deadline first', 'q://a/run?qubits=1&deadline-ms=2', 'q://a/run?deadline-ms=2&qubits=1'],
  [
    'defaults dropped, order fixed',
    'q://a/run?shots=1024&qubits=2&reroute=deny',
    'q://a/run?qubits=2&reroute=deny',
  ],
  ['everything at once', 'Q://N%4Fde.EU/run?sh%6Fts=0100&x', ''],
  [
    'mixed',
    'Q://Vega.AP-South/run?shots=%31%30&min-fidelity=0.90',
    'q://vega.ap-south/run?min-fidelity=0.9&shots=10',
  ],
  ['qubits kept when 1', 'q://a/run?qubits=1', 'q://a/run?qubits=1'],
  ['scope-wide with qubits', 'q://*.EU-WEST/run?qubits=20', 'q://*.eu-west/run?qubits=20'],
  ['status canonical', 'q://a.b/status', 'q://a.b/status'],
  ['cancel canonical', 'q://A.B/jobs/Q_9/cancel', 'q://a.b/jobs/Q_9/cancel'],
  ['percent-encoded letters folded in host only', 'q://%41/jobs/%41', 'q://a/jobs/A'],
  [
    'link parameters in ASCII order of their names',
    'Q://RIGEL/link?use=teleport&theta-urad=1&phi-urad=2&pairs=3&contract=4',
    'q://rigel/link?contract=4&pairs=3&phi-urad=2&theta-urad=1&use=teleport',
  ],
];

// ------------------------------------------------------------------ invalid: parse → error
const invalid: [string, string, string][] = [
  ['empty string', '', 'SCHEME_INVALID'],
  ['other scheme', 'http://rigel/run', 'SCHEME_INVALID'],
  ['scheme without slashes', 'q:rigel/run', 'SCHEME_INVALID'],
  ['one slash', 'q:/rigel/run', 'SCHEME_INVALID'],
  ['percent-encoded scheme', '%71://rigel/run', 'SCHEME_INVALID'],
  ['scheme qq', 'qq://rigel/run', 'SCHEME_INVALID'],
  ['leading space', ' q://rigel/run', 'SCHEME_INVALID'],
  ['over-long input (2049)', `q://rigel/jobs/${'x'.repeat(2034)}`, 'TOO_LONG'],
  ['over-long input of padding', `q://rigel/run?${'&'.repeat(3000)}`, 'TOO_LONG'],
  ['IDN alias', 'q://bücher/run', 'NON_ASCII'],
  ['IDN scope', 'q://rigel.münchen/run', 'NON_ASCII'],
  ['Cyrillic homograph', 'q://rіgel/run', 'NON_ASCII'],
  ['dotless i', 'q://r\u0131gel/run', 'NON_ASCII'],
  ['lone surrogate', 'q://rigel/run?shots=\uD800', 'NON_ASCII'],
  ['emoji in job id', 'q://rigel/jobs/😀', 'NON_ASCII'],
  ['fullwidth letters', 'q://ｒｉｇｅｌ/run', 'NON_ASCII'],
  ['space in path', 'q://rigel/ run', 'INVALID_CHAR'],
  ['newline', 'q://rigel/run\n', 'INVALID_CHAR'],
  ['NUL', 'q://rigel\u0000/run', 'INVALID_CHAR'],
  ['DEL', 'q://rigel/run?shots=1\u007f', 'INVALID_CHAR'],
  ['backslash', 'q://rigel\\run', 'INVALID_CHAR'],
  ['angle bracket', 'q://rigel/run?x=<', 'INVALID_CHAR'],
  ['caret', 'q://rig^el/run', 'INVALID_CHAR'],
  ['lone percent', 'q://rigel/run?shots=%', 'BAD_PERCENT_ENCODING'],
  ['one hex digit', 'q://rigel/run?shots=%4', 'BAD_PERCENT_ENCODING'],
  ['non-hex digit', 'q://ri%g1el/run', 'BAD_PERCENT_ENCODING'],
  ['percent-encoded slash', 'q://ri%2Fgel/run', 'ENCODED_CHAR_NOT_ALLOWED'],
  ['percent-encoded UTF-8 (IDN)', 'q://b%C3%BCcher/run', 'ENCODED_CHAR_NOT_ALLOWED'],
  ['percent-encoded ampersand', 'q://rigel/run?shots=1%26qubits=2', 'ENCODED_CHAR_NOT_ALLOWED'],
  ['percent-encoded star', 'q://%2A.eu-west/run', 'ENCODED_CHAR_NOT_ALLOWED'],
  ['percent-encoded space', 'q://rigel/run?reroute=%20deny', 'ENCODED_CHAR_NOT_ALLOWED'],
  ['percent-encoded NUL', 'q://rigel%00/run', 'ENCODED_CHAR_NOT_ALLOWED'],
  ['userinfo', 'q://alice@rigel/run', 'USERINFO_NOT_ALLOWED'],
  ['userinfo with password', 'q://alice:pw@rigel/run', 'USERINFO_NOT_ALLOWED'],
  ['empty userinfo', 'q://@rigel/run', 'USERINFO_NOT_ALLOWED'],
  ['port', 'q://rigel:7000/run', 'PORT_NOT_ALLOWED'],
  ['empty port', 'q://rigel:/run', 'PORT_NOT_ALLOWED'],
  ['port on scope', 'q://rigel.eu-west:1/run', 'PORT_NOT_ALLOWED'],
  ['empty authority', 'q:///run', 'TARGET_INVALID'],
  ['IPv6 literal', 'q://[::1]/run', 'TARGET_INVALID'],
  ['three labels', 'q://rigel.eu-west.x/run', 'TARGET_INVALID'],
  ['trailing dot after scope', 'q://rigel.eu-west./run', 'TARGET_INVALID'],
  ['bare star', 'q://*/run', 'TARGET_INVALID'],
  ['star without dot', 'q://*eu-west/run', 'TARGET_INVALID'],
  ['star with two labels', 'q://*.eu.west/run', 'TARGET_INVALID'],
  ['alias starts with digit', 'q://9rigel/run', 'ALIAS_INVALID'],
  ['IPv4 address', 'q://10.0.0.1/run', 'ALIAS_INVALID'],
  ['alias starts with hyphen', 'q://-rigel/run', 'ALIAS_INVALID'],
  ['alias ends with hyphen', 'q://rigel-/run', 'ALIAS_INVALID'],
  ['alias with underscore', 'q://ri_gel/run', 'ALIAS_INVALID'],
  ['alias with tilde', 'q://ri~gel/run', 'ALIAS_INVALID'],
  ['alias with star', 'q://ri*/run', 'ALIAS_INVALID'],
  ['alias of 64 characters', `q://${L63}c/run`, 'ALIAS_INVALID'],
  ['empty alias before scope', 'q://.eu-west/run', 'ALIAS_INVALID'],
  ['empty scope', 'q://rigel./run', 'SCOPE_INVALID'],
  ['scope starts with digit', 'q://rigel.1eu/run', 'SCOPE_INVALID'],
  ['scope ends with hyphen', 'q://*.eu-/run', 'SCOPE_INVALID'],
  ['scope of 64 characters', `q://*.${L63}c/run`, 'SCOPE_INVALID'],
  ['scope-wide empty scope', 'q://*./run', 'SCOPE_INVALID'],
  ['star as scope', 'q://rigel.*/run', 'SCOPE_INVALID'],
  ['no path', 'q://rigel', 'OPERATION_MISSING'],
  ['root path', 'q://rigel/', 'OPERATION_MISSING'],
  ['query without path', 'q://rigel?shots=1', 'OPERATION_MISSING'],
  ['fragment without path', 'q://rigel#x', 'OPERATION_MISSING'],
  ['upper-case operation', 'q://rigel/RUN', 'OPERATION_UNKNOWN'],
  ['unknown operation', 'q://rigel/reboot', 'OPERATION_UNKNOWN'],
  ['trailing slash', 'q://rigel/run/', 'OPERATION_UNKNOWN'],
  ['jobs without id', 'q://rigel/jobs', 'OPERATION_UNKNOWN'],
  ['dot segment', 'q://rigel/./run', 'OPERATION_UNKNOWN'],
  ['dot-dot segment', 'q://rigel/jobs/../run', 'OPERATION_UNKNOWN'],
  ['double slash', 'q://rigel//run', 'OPERATION_UNKNOWN'],
  ['unknown job sub-operation', 'q://rigel/jobs/a/pause', 'OPERATION_UNKNOWN'],
  ['empty job id', 'q://rigel/jobs/', 'JOB_ID_INVALID'],
  ['empty job id before cancel', 'q://rigel/jobs//cancel', 'JOB_ID_INVALID'],
  ['job id with dot', 'q://rigel/jobs/a.b', 'JOB_ID_INVALID'],
  ['job id with tilde', 'q://rigel/jobs/a~b', 'JOB_ID_INVALID'],
  ['job id with percent-encoded tilde', 'q://rigel/jobs/a%7Eb', 'JOB_ID_INVALID'],
  ['job id of 65 characters', `q://rigel/jobs/${ID64}x`, 'JOB_ID_INVALID'],
  ['query on status', 'q://rigel/status?shots=1', 'QUERY_NOT_ALLOWED'],
  ['empty query on job', 'q://rigel/jobs/a?', 'QUERY_NOT_ALLOWED'],
  ['query on cancel', 'q://rigel/jobs/a/cancel?priority=1', 'QUERY_NOT_ALLOWED'],
  ['empty query', 'q://rigel/run?', 'PARAM_EMPTY'],
  ['leading ampersand', 'q://rigel/run?&shots=1', 'PARAM_EMPTY'],
  ['trailing ampersand', 'q://rigel/run?shots=1&', 'PARAM_EMPTY'],
  ['double ampersand', 'q://rigel/run?shots=1&&qubits=2', 'PARAM_EMPTY'],
  ['empty query before fragment', 'q://rigel/run?#x', 'PARAM_EMPTY'],
  ['name without value', 'q://rigel/run?shots', 'PARAM_VALUE_MISSING'],
  ['empty value', 'q://rigel/run?shots=', 'PARAM_VALUE_MISSING'],
  ['empty value mid-query', 'q://rigel/run?qubits=&shots=1', 'PARAM_VALUE_MISSING'],
  ['unknown parameter', 'q://rigel/run?colour=blue', 'PARAM_UNKNOWN'],
  ['misspelt parameter', 'q://rigel/run?shot=10', 'PARAM_UNKNOWN'],
  ['camelCase parameter', 'q://rigel/run?minFidelity=0.9', 'PARAM_UNKNOWN'],
  ['upper-case parameter', 'q://rigel/run?SHOTS=10', 'PARAM_UNKNOWN'],
  ['empty name', 'q://rigel/run?=10', 'PARAM_UNKNOWN'],
  ['bare deadline (unit required)', 'q://rigel/run?deadline=5', 'PARAM_UNKNOWN'],
  ['duplicate shots', 'q://rigel/run?shots=1&shots=1', 'PARAM_DUPLICATE'],
  ['duplicate reroute', 'q://rigel/run?reroute=deny&reroute=allow', 'PARAM_DUPLICATE'],
  ['duplicate after percent-decoding', 'q://rigel/run?qubits=1&q%75bits=2', 'PARAM_DUPLICATE'],
  ['leading zero', 'q://rigel/run?shots=0100', 'PARAM_SYNTAX'],
  ['leading zero in priority', 'q://rigel/run?priority=07', 'PARAM_SYNTAX'],
  ['plus sign', 'q://rigel/run?shots=+10', 'PARAM_SYNTAX'],
  ['minus sign', 'q://rigel/run?qubits=-1', 'PARAM_SYNTAX'],
  ['exponent', 'q://rigel/run?shots=1e3', 'PARAM_SYNTAX'],
  ['decimal shots', 'q://rigel/run?shots=10.0', 'PARAM_SYNTAX'],
  ['hex shots', 'q://rigel/run?shots=0x10', 'PARAM_SYNTAX'],
  ['digits then letters', 'q://rigel/run?qubits=20q', 'PARAM_SYNTAX'],
  ['value with equals', 'q://rigel/run?shots=1=1', 'PARAM_SYNTAX'],
  ['fidelity without integer part', 'q://rigel/run?min-fidelity=.9', 'PARAM_SYNTAX'],
  ['fidelity without fraction digits', 'q://rigel/run?min-fidelity=0.', 'PARAM_SYNTAX'],
  ['fidelity with two dots', 'q://rigel/run?min-fidelity=0.9.9', 'PARAM_SYNTAX'],
  ['fidelity with leading zero', 'q://rigel/run?min-fidelity=00.9', 'PARAM_SYNTAX'],
  ['fidelity exponent', 'q://rigel/run?min-fidelity=9e-1', 'PARAM_SYNTAX'],
  ['fidelity with seven fraction digits', 'q://rigel/run?min-fidelity=0.9999999', 'PARAM_SYNTAX'],
  ['fidelity as percent', 'q://rigel/run?min-fidelity=95%25', 'ENCODED_CHAR_NOT_ALLOWED'],
  ['fidelity negative', 'q://rigel/run?min-fidelity=-0.5', 'PARAM_SYNTAX'],
  ['reroute upper case', 'q://rigel/run?reroute=DENY', 'PARAM_SYNTAX'],
  ['reroute unknown', 'q://rigel/run?reroute=never', 'PARAM_SYNTAX'],
  ['reroute as boolean', 'q://rigel/run?reroute=true', 'PARAM_SYNTAX'],
  ['shots zero', 'q://rigel/run?shots=0', 'PARAM_RANGE'],
  ['shots over maximum', 'q://rigel/run?shots=1000001', 'PARAM_RANGE'],
  ['shots overflow 2^53', 'q://rigel/run?shots=9007199254740993', 'PARAM_RANGE'],
  ['shots overflow 40 digits', `q://rigel/run?shots=${'9'.repeat(40)}`, 'PARAM_RANGE'],
  ['qubits zero', 'q://rigel/run?qubits=0', 'PARAM_RANGE'],
  ['qubits over INT16', 'q://rigel/run?qubits=32768', 'PARAM_RANGE'],
  ['qubits overflow 2^32', 'q://rigel/run?qubits=4294967296', 'PARAM_RANGE'],
  ['deadline zero', 'q://rigel/run?deadline-ms=0', 'PARAM_RANGE'],
  ['deadline over 24 h', 'q://rigel/run?deadline-ms=86400001', 'PARAM_RANGE'],
  ['priority eight', 'q://rigel/run?priority=8', 'PARAM_RANGE'],
  ['fidelity above one', 'q://rigel/run?min-fidelity=1.000001', 'PARAM_RANGE'],
  ['fidelity two', 'q://rigel/run?min-fidelity=2', 'PARAM_RANGE'],
  ['fidelity ten', 'q://rigel/run?min-fidelity=10.0', 'PARAM_RANGE'],
  ['fidelity overflow', `q://rigel/run?min-fidelity=${'9'.repeat(30)}`, 'PARAM_RANGE'],
  ['fragment', 'q://rigel/run#results', 'FRAGMENT_NOT_ALLOWED'],
  ['empty fragment', 'q://rigel/status#', 'FRAGMENT_NOT_ALLOWED'],
  ['fragment after query', 'q://rigel/run?shots=10#x', 'FRAGMENT_NOT_ALLOWED'],
  ['fragment after job', 'q://rigel/jobs/a#b', 'FRAGMENT_NOT_ALLOWED'],
];

// ------------------------------------------------------------------ exact offsets
const offsets: [string, string, string, number][] = [
  ['scheme mismatch at 0', 'x://a/run', 'SCHEME_INVALID', 0],
  ['scheme mismatch at 2', 'q:\\\\a/run', 'SCHEME_INVALID', 2],
  ['too long reported at 2048', `q://a/jobs/${'x'.repeat(2100)}`, 'TOO_LONG', 2048],
  ['first non-ASCII', 'q://ab/jobs/é', 'NON_ASCII', 12],
  ['first invalid char', 'q://ab/ru n', 'INVALID_CHAR', 9],
  ['lexical errors come before structure', 'q://9/run?x=é', 'NON_ASCII', 12],
  ['bad triplet', 'q://ab/run?shots=%2', 'BAD_PERCENT_ENCODING', 17],
  ['encoded reserved', 'q://ab/r%2Fn', 'ENCODED_CHAR_NOT_ALLOWED', 8],
  ['userinfo at the @', 'q://u:p@ab/run', 'USERINFO_NOT_ALLOWED', 7],
  ['port at the colon', 'q://ab:80/run', 'PORT_NOT_ALLOWED', 6],
  ['label too long at its 64th character', `q://${L63}b/run`, 'ALIAS_INVALID', 67],
  ['bad label character', 'q://ab_c/run', 'ALIAS_INVALID', 6],
  ['trailing hyphen at the hyphen', 'q://ab.cd-/run', 'SCOPE_INVALID', 9],
  ['third label at its dot', 'q://ab.cd.ef/run', 'TARGET_INVALID', 9],
  ['offset mapped through percent-decoding', 'q://%61%62_c/run', 'ALIAS_INVALID', 10],
  ['missing operation at end of path', 'q://ab/', 'OPERATION_MISSING', 7],
  ['unknown operation at path start', 'q://ab/jobs/1/x', 'OPERATION_UNKNOWN', 6],
  ['bad job id character', 'q://ab/jobs/12.3', 'JOB_ID_INVALID', 14],
  ['query not allowed at the ?', 'q://ab/status?', 'QUERY_NOT_ALLOWED', 13],
  ['link without a query, at the end of the path', 'q://ab/link', 'PARAM_MISSING', 11],
  [
    'link without use, at the end of the query',
    'q://ab/link?contract=1&pairs=1',
    'PARAM_MISSING',
    30,
  ],
  [
    'teleport link without phi-urad',
    'q://ab/link?contract=1&use=teleport&pairs=1&theta-urad=1',
    'PARAM_MISSING',
    56,
  ],
  [
    'chsh link with a state, at its first angle',
    'q://ab/link?contract=1&use=chsh&pairs=1&phi-urad=1',
    'PARAM_CONFLICT',
    40,
  ],
  ['link pairs over 65536', 'q://ab/link?contract=1&use=chsh&pairs=65537', 'PARAM_RANGE', 38],
  ['link use in upper case', 'q://ab/link?contract=1&use=CHSH&pairs=1', 'PARAM_SYNTAX', 27],
  [
    'run parameter on a link',
    'q://ab/link?contract=1&use=chsh&pairs=1&shots=2',
    'PARAM_UNKNOWN',
    40,
  ],
  ['empty parameter at its position', 'q://ab/run?shots=1&', 'PARAM_EMPTY', 19],
  ['missing value at the end of the pair', 'q://ab/run?shots&qubits=1', 'PARAM_VALUE_MISSING', 16],
  ['unknown at the start of the pair', 'q://ab/run?shots=1&bogus=1', 'PARAM_UNKNOWN', 19],
  ['duplicate at the second pair', 'q://ab/run?shots=1&shots=2', 'PARAM_DUPLICATE', 19],
  ['syntax at the offending character', 'q://ab/run?shots=12x', 'PARAM_SYNTAX', 19],
  ['leading zero at the value start', 'q://ab/run?shots=012', 'PARAM_SYNTAX', 17],
  ['seventh fraction digit', 'q://ab/run?min-fidelity=0.1234567', 'PARAM_SYNTAX', 32],
  ['range at the value start', 'q://ab/run?priority=9', 'PARAM_RANGE', 20],
  ['fragment at the #', 'q://ab/run?shots=2#f', 'FRAGMENT_NOT_ALLOWED', 18],
];

// ------------------------------------------------------------------ format
const formats: [string, unknown, string | { error: string }][] = [
  ['run with defaults', run(rigel), 'q://rigel/run'],
  ['scope-wide run', run(anyIn('eu-west'), { qubits: 20 }), 'q://*.eu-west/run?qubits=20'],
  ['status with scope', status(node('rigel', 'eu-west')), 'q://rigel.eu-west/status'],
  ['job', job(rigel, 'Ab_9'), 'q://rigel/jobs/Ab_9'],
  ['cancel', cancel(rigel, 'x'), 'q://rigel/jobs/x/cancel'],
  [
    'all parameters in canonical order',
    run(rigel, {
      shots: 5,
      minFidelity: 0.25,
      qubits: 7,
      deadlineMs: 9,
      reroute: 'deny',
      priority: 6,
    }),
    'q://rigel/run?deadline-ms=9&min-fidelity=0.25&priority=6&qubits=7&reroute=deny&shots=5',
  ],
  ['fidelity 1', run(rigel, { minFidelity: 1 }), 'q://rigel/run?min-fidelity=1'],
  ['fidelity step', run(rigel, { minFidelity: 0.000001 }), 'q://rigel/run?min-fidelity=0.000001'],
  ['upper-case alias refused', status(node('Rigel')), { error: 'ALIAS_INVALID' }],
  ['bad scope refused', status(node('rigel', 'eu_west')), { error: 'SCOPE_INVALID' }],
  [
    'unknown kind refused',
    { target: { kind: 'host', alias: 'x' }, operation: 'status' },
    { error: 'TARGET_INVALID' },
  ],
  [
    'unknown operation refused',
    { target: rigel, operation: 'reboot' },
    { error: 'OPERATION_UNKNOWN' },
  ],
  ['bad job id refused', job(rigel, 'a/b'), { error: 'JOB_ID_INVALID' }],
  ['shots out of range refused', run(rigel, { shots: 0 }), { error: 'PARAM_RANGE' }],
  ['fractional qubits refused', run(rigel, { qubits: 2.5 }), { error: 'PARAM_RANGE' }],
  [
    'fidelity off the 1e-6 grid refused',
    run(rigel, { minFidelity: 0.1234567 }),
    { error: 'PARAM_RANGE' },
  ],
  ['string number refused', run(rigel, { priority: '1' }), { error: 'PARAM_SYNTAX' }],
  ['bad reroute refused', run(rigel, { reroute: 'sometimes' }), { error: 'PARAM_SYNTAX' }],
];

// ------------------------------------------------------------------ predicates
const predicates: [string, string, string, boolean][] = [
  ['alias', 'isDqnAlias', 'rigel', true],
  ['alias with digits and hyphen', 'isDqnAlias', 'node-42', true],
  ['alias of 63', 'isDqnAlias', L63, true],
  ['alias of 64', 'isDqnAlias', `${L63}c`, false],
  ['alias empty', 'isDqnAlias', '', false],
  ['alias upper case (not canonical)', 'isDqnAlias', 'Rigel', false],
  ['alias starting with digit', 'isDqnAlias', '1rigel', false],
  ['alias trailing hyphen', 'isDqnAlias', 'rigel-', false],
  ['alias with dot', 'isDqnAlias', 'rigel.eu', false],
  ['alias non-ASCII', 'isDqnAlias', 'rïgel', false],
  ['scope', 'isGeoScope', 'eu-west', true],
  ['scope one letter', 'isGeoScope', 'x', true],
  ['scope with underscore', 'isGeoScope', 'eu_west', false],
  ['scope star', 'isGeoScope', '*', false],
  ['job id', 'isJobId', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', true],
  ['job id underscore and case', 'isJobId', 'Job_42', true],
  ['job id empty', 'isJobId', '', false],
  ['job id dot-dot', 'isJobId', '..', false],
  ['job id of 64', 'isJobId', ID64, true],
  ['job id of 65', 'isJobId', `${ID64}x`, false],
  ['valid Q-URI', 'isQUri', 'q://rigel/run?shots=10', true],
  ['non-canonical but valid Q-URI', 'isQUri', 'Q://RIGEL/run?shots=1024', true],
  ['invalid Q-URI', 'isQUri', 'q://rigel:80/run', false],
  ['https URL', 'isQUri', 'https://example.com/', false],
];

// ------------------------------------------------------------------ assemble, check, write
const files: Record<string, { description: string; vectors: Vector[] }> = {
  'valid.json': {
    description: 'Valid Q-URIs and the exact object parse returns (docs/spec/q-uri.md §3, §4).',
    vectors: valid.map(([name, uri, output]) => ({
      name,
      operation: 'parse',
      input: { uri },
      output,
    })),
  },
  'normalize.json': {
    description:
      'Normalisation: case folding, percent-decoding, defaults omitted, parameter order (§5).',
    vectors: normal
      .filter(([, , canonical]) => canonical !== '')
      .map(([name, uri, output]) => ({ name, operation: 'normalize', input: { uri }, output })),
  },
  'invalid.json': {
    description: 'Invalid Q-URIs and the error code parse must fail with (§6, §7).',
    vectors: invalid.map(([name, uri, error]) => ({
      name,
      operation: 'parse',
      input: { uri },
      error,
    })),
  },
  'error-offsets.json': {
    description: 'Error codes with the exact 0-based offset into the input (§6).',
    vectors: offsets.map(([name, uri, code, offset]) => ({
      name,
      operation: 'parseFailure',
      input: { uri },
      output: { code, offset },
    })),
  },
  'format.json': {
    description: 'format: canonical strings from objects, and the objects it refuses (§5).',
    vectors: formats.map(([name, quri, expected]) =>
      typeof expected === 'string'
        ? { name, operation: 'format', input: { quri }, output: expected }
        : { name, operation: 'format', input: { quri }, error: expected.error },
    ),
  },
  'predicates.json': {
    description: 'isDqnAlias, isGeoScope, isJobId and isQUri (§3, §4).',
    vectors: predicates.map(([name, operation, s, output]) =>
      operation === 'isQUri'
        ? { name, operation, input: { uri: s }, output }
        : { name, operation, input: { s }, output },
    ),
  },
};

// The "everything at once" row above is an invalid input kept out of normalize.json on purpose:
// check that it really is invalid, so the table does not silently hold a wrong expectation.
const mixed = normal.find(([name]) => name === 'everything at once');
if (mixed === undefined || adapter.operations.isQUri!({ uri: mixed[1] }) !== false) {
  throw new Error('the "everything at once" row should be invalid (leading zero, unknown name)');
}

let failures = 0;
let total = 0;
for (const [file, { vectors }] of Object.entries(files)) {
  for (const v of vectors) {
    total++;
    const op = adapter.operations[v.operation];
    if (op === undefined) throw new Error(`no operation ${v.operation}`);
    let diff: string | null;
    try {
      const out = await op(v.input);
      diff =
        v.error !== undefined
          ? `expected ${v.error}, got a value`
          : jsonEqual(toJsonValue(out), v.output);
    } catch (error) {
      const code = (error as { code?: string }).code;
      diff = v.error === code ? null : `threw ${code ?? String(error)}`;
    }
    if (diff !== null) {
      failures++;
      console.error(`${file} / ${v.name}: ${diff}`);
    }
  }
}
if (failures > 0) {
  console.error(`${failures} of ${total} vectors disagree with the package; nothing written`);
  process.exit(1);
}

const dir = join(import.meta.dirname, '../vectors/q-uri');
for (const [file, { description, vectors }] of Object.entries(files)) {
  const body = {
    $schema: '../../../schemas/conformance/vector-file.schema.json',
    package: 'q-uri',
    description,
    vectors,
  };
  writeFileSync(join(dir, file), `${JSON.stringify(body, null, 2)}\n`);
}
console.log(`wrote ${total} vectors in ${Object.keys(files).length} files`);
