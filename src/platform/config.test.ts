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

  it('captures patient messages in the development mailbox unless SMTP or an SMS webhook is set', () => {
    expect(loadConfig({ PORT: '8080' }).patientMessages).toEqual({
      smtpUrl: undefined,
      from: 'ketacare <no-reply@ketacare.invalid>',
      smsWebhook: undefined,
      intervalMs: 5000,
      publicUrl: 'http://127.0.0.1:8080',
    });
    expect(
      loadConfig({
        KETACARE_SMTP_URL: 'smtp://mail.example.org:587',
        KETACARE_SMTP_FROM: 'Clinic <clinic@example.org>',
        KETACARE_SMS_WEBHOOK_URL: 'https://sms.example.org/send',
        KETACARE_SMS_WEBHOOK_SECRET: 's3cret',
        KETACARE_PATIENT_MESSAGE_INTERVAL_MS: '1000',
        KETACARE_PUBLIC_URL: 'https://care.example.org',
      }).patientMessages,
    ).toEqual({
      smtpUrl: 'smtp://mail.example.org:587',
      from: 'Clinic <clinic@example.org>',
      smsWebhook: { url: 'https://sms.example.org/send', secret: 's3cret' },
      intervalMs: 1000,
      publicUrl: 'https://care.example.org',
    });
  });

  it.each([
    [{ KETACARE_SMTP_URL: 'http://mail.example.org' }, /KETACARE_SMTP_URL must start with smtp:/],
    [{ KETACARE_SMS_WEBHOOK_URL: 'https://sms.example.org' }, /both an address and a signing secret/],
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
