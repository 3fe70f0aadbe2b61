import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, databaseLabel, parseConfig } from '../../server/config.js';

describe('DATABASE_URL', () => {
  it('is optional: without it the database is SQLite in DATA_DIR', () => {
    const config = parseConfig({ DATA_DIR: '/srv/pano/data' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(databaseLabel(config)).toBe('sqlite:/srv/pano/data');
  });

  it('takes postgres:// and postgresql:// URLs, a host or a socket directory', () => {
    for (const url of ['postgres://pano:mật-khẩu@10.0.0.5:5432/pano', 'postgresql://pano@db.vpcp.local/pano', 'postgresql:///pano?host=/run/postgresql', 'postgresql://postgres@/pano?host=%2Ftmp%2Fpg&port=5432']) {
      expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('refuses anything else with a clear message that never repeats the value', () => {
    for (const url of ['mysql://pano:bi-mat-9@db/pano', 'sqlite:///srv/pano.sqlite3', 'postgres:/bi-mat-9', 'pano.vpcp.local']) {
      let error: unknown;
      try {
        parseConfig({ DATABASE_URL: url });
      } catch (err) {
        error = err;
      }
      expect(error, url).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL: phải là địa chỉ PostgreSQL dạng postgres://');
      expect(message).toContain('(must be a postgres:// or postgresql:// URL)');
      expect(message).not.toContain('bi-mat-9');
    }
  });

  it('is shown in the log without its password', () => {
    const label = databaseLabel(parseConfig({ DATABASE_URL: 'postgres://pano:Đại-hội-XIII@10.0.0.5:5432/pano' }));
    expect(label).toBe('postgres://pano:***@10.0.0.5:5432/pano');
    expect(databaseLabel(parseConfig({ DATABASE_URL: 'postgresql://pano@db/pano?password=bi-mat-9&sslmode=require' }))).not.toContain('bi-mat-9');
  });
});

describe('PANO_NODE_ID', () => {
  it('defaults to the host name and takes a short name', () => {
    expect(parseConfig({}).PANO_NODE_ID).toBe(os.hostname());
    expect(parseConfig({ PANO_NODE_ID: 'nut-2.hanoi' }).PANO_NODE_ID).toBe('nut-2.hanoi');
  });

  it('refuses a name with spaces or markup', () => {
    expect(() => parseConfig({ PANO_NODE_ID: 'nút 2' })).toThrow('PANO_NODE_ID: tên nút gồm 1–63 ký tự');
    expect(() => parseConfig({ PANO_NODE_ID: '<b>' })).toThrow(ConfigError);
  });
});
