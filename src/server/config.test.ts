import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const made: string[] = [];
const dir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'anju-cfg-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('configuration', () => {
  it('defaults to the embedded database with demo data and generates a key into the data dir', () => {
    const d = dir();
    const c = loadConfig({ ANJU_DATA_DIR: d });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo).toBe(true);
    expect(c.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(d, 'secret.key'), 'utf8').trim()).toBe(c.secretKey);
    // The same key on the next start: data encrypted yesterday must still decrypt.
    expect(loadConfig({ ANJU_DATA_DIR: d }).secretKey).toBe(c.secretKey);
    expect(c.filesDir).toBe(path.join(path.resolve(d), 'files'));
    expect(loadConfig({ ANJU_DATA_DIR: d, ANJU_FILES_DIR: '/srv/anju-files' }).filesDir).toBe(
      '/srv/anju-files',
    );
  });

  it('treats an empty variable as unset', () => {
    const c = loadConfig({ ANJU_DATA_DIR: dir(), DATABASE_URL: '', PORT: '' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
  });

  it('a PostgreSQL installation is not a demo unless asked', () => {
    const c = loadConfig({
      ANJU_DATA_DIR: dir(),
      DATABASE_URL: 'postgres://db/anju',
      ANJU_SECRET_KEY: 'ab'.repeat(32),
    });
    expect(c.demo).toBe(false);
    expect(c.secretKeyGenerated).toBe(false);
    expect(
      loadConfig({ ANJU_DATA_DIR: dir(), DATABASE_URL: 'postgres://db/anju', ANJU_DEMO: '1' }).demo,
    ).toBe(true);
  });

  it('refuses bad values with a Chinese message naming the variable', () => {
    const d = dir();
    expect(() => loadConfig({ ANJU_DATA_DIR: d, PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ANJU_DATA_DIR: d, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ANJU_DATA_DIR: d, ANJU_SECRET_KEY: 'short' })).toThrow(/ANJU_SECRET_KEY/);
    expect(() => loadConfig({ ANJU_DATA_DIR: d, ANJU_PUBLIC_URL: 'anju.example.cn' })).toThrow(
      /ANJU_PUBLIC_URL/,
    );
    expect(existsSync(path.join(d, 'secret.key'))).toBe(false);
  });

  it('takes the public address for QR codes without a trailing slash', () => {
    const d = dir();
    expect(loadConfig({ ANJU_DATA_DIR: d, ANJU_PUBLIC_URL: 'https://anju.example.gov.cn/' }).publicUrl).toBe(
      'https://anju.example.gov.cn',
    );
    expect(loadConfig({ ANJU_DATA_DIR: d }).publicUrl).toBeUndefined();
  });
});
