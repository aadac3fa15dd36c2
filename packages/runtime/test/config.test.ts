import { mkdtempSync, writeFileSync } from 'node:fs';
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
