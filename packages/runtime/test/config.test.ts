import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesFromHex, loadConfig, parseFlags, RuntimeError } from '../src/index.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
    name: { type: 'string', default: 'qan' },
    verbose: { type: 'boolean', default: false },
    peers: { type: 'array', items: { type: 'string' }, default: [] },
  },
};

interface Cfg {
  port: number;
  name: string;
  verbose: boolean;
  peers: string[];
}

describe('loadConfig', () => {
  it('fills defaults', () => {
    expect(loadConfig<Cfg>(schema)).toEqual({ port: 0, name: 'qan', verbose: false, peers: [] });
  });

  it('reads the file named by a --config flag when no file is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ port: 7, name: 'from-flag-file' }));
    const withConfig = {
      ...schema,
      properties: { ...schema.properties, config: { type: 'string' } },
    };
    const cfg = loadConfig<Cfg>(withConfig, { argv: ['--config', file, '--port', '8'] });
    expect(cfg).toMatchObject({ port: 8, name: 'from-flag-file', config: file });
    expect(() => loadConfig(withConfig, { argv: ['--config', join(dir, 'missing.json')] })).toThrow(
      expect.objectContaining({ code: 'CONFIG_FILE_UNREADABLE' }),
    );
  });

  it('layers file < env < flags and coerces strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ port: 1, name: 'from-file' }));
    const cfg = loadConfig<Cfg>(schema, {
      file,
      env: { QCOS_PORT: '2', QCOS_NAME: 'from-env', QCOS_UNRELATED: 'x' },
      argv: ['--port', '3', '--verbose', '--peers', '["a","b"]'],
    });
    expect(cfg).toEqual({ port: 3, name: 'from-env', verbose: true, peers: ['a', 'b'] });
  });

  it('lists every violation in one CONFIG_INVALID error', () => {
    try {
      loadConfig(schema, { argv: ['--port', '70000', '--bogus', '1'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuntimeError);
      const e = error as RuntimeError;
      expect(e.code).toBe('CONFIG_INVALID');
      expect(e.message).toContain('/port must be <= 65535');
      expect(e.message).toContain('unknown property "bogus"');
    }
  });

  it('reports an unreadable or malformed file', () => {
    expect(() => loadConfig(schema, { file: '/nonexistent/x.json' })).toThrowError(
      expect.objectContaining({ code: 'CONFIG_FILE_UNREADABLE' }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{not json');
    expect(() => loadConfig(schema, { file })).toThrowError(
      expect.objectContaining({ code: 'CONFIG_FILE_INVALID_JSON' }),
    );
  });

  it('rejects positional arguments', () => {
    expect(() => parseFlags(['stray'])).toThrowError(
      expect.objectContaining({ code: 'CONFIG_BAD_FLAG' }),
    );
    expect(parseFlags(['--a-b=c'])).toEqual({ aB: 'c' });
  });
});

describe('bytesFromHex', () => {
  it('decodes hex and refuses anything it would only half decode', () => {
    expect(bytesFromHex('00ffA1')).toEqual(Uint8Array.of(0, 255, 161));
    for (const bad of ['abc', '0g', 'zz', ' 00'])
      expect(() => bytesFromHex(bad, 'seed')).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', details: { field: 'seed' } }),
      );
  });
});

describe('secrets in configuration (schema properties marked writeOnly)', () => {
  const secretSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      identitySeed: { type: 'string', pattern: '^[0-9a-f]{64}$', writeOnly: true },
    },
  };
  const SEED = 'cd'.repeat(32);
  const fileWith = (mode: number) => {
    const file = join(mkdtempSync(join(tmpdir(), 'qcos-secret-')), 'service.json');
    writeFileSync(file, JSON.stringify({ identitySeed: SEED }), { mode });
    chmodSync(file, mode);
    return file;
  };
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof RuntimeError ? { code: error.code, details: error.details } : error;
    }
    return 'no error';
  };

  it('refuses a secret given as a flag, naming the field', () => {
    expect(codeOf(() => loadConfig(secretSchema, { argv: ['--identity-seed', SEED] }))).toEqual({
      code: 'CONFIG_SECRET_ON_COMMAND_LINE',
      details: { field: 'identitySeed' },
    });
    expect(codeOf(() => loadConfig(secretSchema, { argv: [`--identity-seed=${SEED}`] }))).toEqual({
      code: 'CONFIG_SECRET_ON_COMMAND_LINE',
      details: { field: 'identitySeed' },
    });
  });

  it('refuses a config file holding a secret that group or others may read or write', () => {
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o602]) {
      const file = fileWith(mode);
      expect(codeOf(() => loadConfig(secretSchema, { file }))).toEqual({
        code: 'CONFIG_FILE_PERMISSIONS',
        details: { file, field: 'identitySeed', mode: `0${mode.toString(8)}` },
      });
    }
  });

  it('takes a secret from a 0600 file or from the environment', () => {
    expect(loadConfig(secretSchema, { file: fileWith(0o600) })).toEqual({ identitySeed: SEED });
    expect(loadConfig(secretSchema, { file: fileWith(0o400) })).toEqual({ identitySeed: SEED });
    expect(loadConfig(secretSchema, { env: { QCOS_IDENTITY_SEED: SEED } })).toEqual({
      identitySeed: SEED,
    });
  });

  it('does not ask for a private file when the file holds no secret', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'qcos-secret-')), 'public.json');
    writeFileSync(file, JSON.stringify({ name: 'relay' }), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(loadConfig(secretSchema, { file })).toEqual({ name: 'relay' });
  });
});
