import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults: embedded database in ./.ketacare on 127.0.0.1:3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toMatch(/\.ketacare$/);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.tls).toBeUndefined();
  });

  it('reads PORT, HOST, KETACARE_DATA and DATABASE_URL', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      KETACARE_DATA: '/tmp/kc',
      DATABASE_URL: 'postgres://u@h:5432/db',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/kc',
      databaseUrl: 'postgres://u@h:5432/db',
    });
  });

  it('lets command-line flags win over the environment', () => {
    expect(loadConfig({ PORT: '8080' }, { port: '9090' }).port).toBe(9090);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ DATABASE_URL: 'mysql://x' }, /postgres/],
    [{ KETACARE_TLS_CERT: '/c.pem' }, /both a certificate and a key/],
    [{ KETACARE_TRUST_PROXY: 'maybe' }, /true or false/],
    [{ KETACARE_BACKUP_RETAIN_DAYS: '0' }, /positive whole number/],
  ])('refuses %o with a clear reason', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
