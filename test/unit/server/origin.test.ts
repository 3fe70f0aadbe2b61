import { describe, expect, it } from 'vitest';
import { createHostPolicy, createOriginPolicy } from '../../../server/http/origin.js';
import { parseConfig, ConfigError } from '../../../server/config.js';

describe('origin policy', () => {
  const allowed = createOriginPolicy(['https://pano.vpcp.vn']);

  it('allows the server’s own origin and the allowlist', () => {
    expect(allowed('http://10.0.0.5:8080', '10.0.0.5:8080')).toBe(true);
    expect(allowed('https://pano.vpcp.vn', '10.0.0.5:8080')).toBe(true);
  });

  it('refuses other sites, look-alikes and junk', () => {
    expect(allowed('http://evil.example', '10.0.0.5:8080')).toBe(false);
    expect(allowed('http://10.0.0.5:8080.evil.example', '10.0.0.5:8080')).toBe(false);
    expect(allowed('null', '10.0.0.5:8080')).toBe(false);
    expect(allowed('file://10.0.0.5:8080', '10.0.0.5:8080')).toBe(false);
  });

  it('leaves requests without Origin (non-browser clients) to authentication', () => {
    expect(allowed(undefined, '10.0.0.5:8080')).toBe(true);
  });
});

describe('config', () => {
  it('has embedded defaults', () => {
    expect(parseConfig({})).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', DATA_DIR: './data', PANO_TIME_ZONE: 'Asia/Ho_Chi_Minh' });
  });

  it('names every bad setting', () => {
    expect(() => parseConfig({ PORT: '99999', DB_SYNCHRONOUS: 'OFF' })).toThrow(ConfigError);
    try {
      parseConfig({ PORT: '99999', DB_SYNCHRONOUS: 'OFF' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/DB_SYNCHRONOUS/);
    }
  });
});

describe('host policy (DNS rebinding)', () => {
  const allowed = createHostPolicy(['pano.vpcp.local'], ['https://pano.vpcp.gov.vn']);

  it('accepts IP literals, localhost and the listed names, with or without a port', () => {
    for (const host of ['10.0.0.5:8080', '127.0.0.1', 'localhost:8080', '[::1]:8080', 'pano.vpcp.local:8080', 'PANO.VPCP.LOCAL', 'pano.vpcp.gov.vn']) {
      expect(allowed(host), host).toBe(true);
    }
  });

  it('refuses any other name, a missing Host and junk', () => {
    for (const host of ['evil.lan', 'evil.lan:8080', '10.0.0.5.evil.lan', 'pano.vpcp.local.evil.lan', undefined, '%%%']) {
      expect(allowed(host), String(host)).toBe(false);
    }
  });
});
