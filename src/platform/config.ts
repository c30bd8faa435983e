import { resolve } from 'node:path';

/** Everything the server needs to know about where it runs. Built from env vars, then CLI flags on top. */
export interface Config {
  port: number;
  host: string;
  /** Folder holding the embedded database, its lock file and automatic backups. */
  dataDir: string;
  /** When set, PostgreSQL is used instead of the embedded engine. */
  databaseUrl: string | undefined;
  logLevel: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Honour X-Forwarded-* from a reverse proxy (set when one terminates TLS in front of ketacare). */
  trustProxy: boolean;
  tls: { certFile: string; keyFile: string } | undefined;
  /** Folder of the built web UI; undefined serves no UI (API-only). */
  webDir: string | undefined;
  backup: { enabled: boolean; retainDays: number; intervalHours: number };
  /** Sign-in attempts allowed per client address per minute (on top of per-account lockout). */
  loginRateLimitPerMinute: number;
  /** How often the outbox is checked for notices to deliver to the clinics' channels, in milliseconds. */
  notificationIntervalMs: number;
  /**
   * Messages to patients (reminders, escort requests): email over SMTP, SMS through a webhook; with neither set
   * they are only captured in the development mailbox. `publicUrl` is the address portal links in them point at.
   */
  patientMessages: {
    smtpUrl: string | undefined;
    from: string;
    smsWebhook: { url: string; secret: string } | undefined;
    intervalMs: number;
    publicUrl: string;
  };
}

export const defaults = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './.ketacare',
  logLevel: 'info',
  bodyLimit: 1_048_576,
  backupRetainDays: 14,
  backupIntervalHours: 24,
  loginRateLimitPerMinute: 20,
  notificationIntervalMs: 2000,
  patientMessageIntervalMs: 5000,
  messageFrom: 'ketacare <no-reply@ketacare.invalid>',
} as const;

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function parsePort(raw: string, source: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`${source} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parsePositiveInt(raw: string, source: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`${source} must be a positive whole number, got "${raw}"`);
  return n;
}

function parseBool(raw: string, source: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${source} must be true or false, got "${raw}"`);
}

function parseUrl(raw: string, source: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${source} must be a URL, got something else`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${source} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function patientMessagesOf(env: Env, tls: boolean, host: string, port: number): Config['patientMessages'] {
  const smsUrl = env.KETACARE_SMS_WEBHOOK_URL || undefined;
  const smsSecret = env.KETACARE_SMS_WEBHOOK_SECRET || undefined;
  if (Boolean(smsUrl) !== Boolean(smsSecret)) {
    throw new ConfigError(
      'The SMS webhook needs both an address and a signing secret (KETACARE_SMS_WEBHOOK_URL and KETACARE_SMS_WEBHOOK_SECRET)',
    );
  }
  // Credentials in the SMTP URL are never echoed: the message names the variable only.
  return {
    smtpUrl: env.KETACARE_SMTP_URL
      ? parseUrl(env.KETACARE_SMTP_URL, 'KETACARE_SMTP_URL', ['smtp:', 'smtps:'])
      : undefined,
    from: env.KETACARE_SMTP_FROM || defaults.messageFrom,
    smsWebhook:
      smsUrl && smsSecret
        ? { url: parseUrl(smsUrl, 'KETACARE_SMS_WEBHOOK_URL', ['https:', 'http:']), secret: smsSecret }
        : undefined,
    intervalMs: env.KETACARE_PATIENT_MESSAGE_INTERVAL_MS
      ? parsePositiveInt(env.KETACARE_PATIENT_MESSAGE_INTERVAL_MS, 'KETACARE_PATIENT_MESSAGE_INTERVAL_MS')
      : defaults.patientMessageIntervalMs,
    publicUrl: env.KETACARE_PUBLIC_URL
      ? parseUrl(env.KETACARE_PUBLIC_URL, 'KETACARE_PUBLIC_URL', ['https:', 'http:'])
      : `${tls ? 'https' : 'http'}://${host}:${port}`,
  };
}

export interface ConfigOverrides {
  port?: string | number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  logLevel?: string;
  tlsCert?: string;
  tlsKey?: string;
  trustProxy?: boolean;
  webDir?: string | false;
}

export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  const port =
    overrides.port !== undefined
      ? parsePort(String(overrides.port), '--port')
      : env.PORT
        ? parsePort(env.PORT, 'PORT')
        : defaults.port;
  const certFile = overrides.tlsCert ?? env.KETACARE_TLS_CERT;
  const keyFile = overrides.tlsKey ?? env.KETACARE_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError('TLS needs both a certificate and a key (KETACARE_TLS_CERT and KETACARE_TLS_KEY)');
  }
  const databaseUrl = overrides.databaseUrl ?? (env.DATABASE_URL || undefined);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const webDir =
    overrides.webDir === false ? undefined : (overrides.webDir ?? env.KETACARE_WEB_DIR ?? defaultWebDir());
  const host = overrides.host ?? env.HOST ?? defaults.host;
  return {
    port,
    host,
    dataDir: resolve(overrides.dataDir ?? env.KETACARE_DATA ?? defaults.dataDir),
    databaseUrl,
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? defaults.logLevel,
    bodyLimit: env.KETACARE_BODY_LIMIT
      ? parsePositiveInt(env.KETACARE_BODY_LIMIT, 'KETACARE_BODY_LIMIT')
      : defaults.bodyLimit,
    trustProxy:
      overrides.trustProxy ??
      (env.KETACARE_TRUST_PROXY ? parseBool(env.KETACARE_TRUST_PROXY, 'KETACARE_TRUST_PROXY') : false),
    tls: certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : undefined,
    webDir,
    loginRateLimitPerMinute: env.KETACARE_LOGIN_RATE_LIMIT
      ? parsePositiveInt(env.KETACARE_LOGIN_RATE_LIMIT, 'KETACARE_LOGIN_RATE_LIMIT')
      : defaults.loginRateLimitPerMinute,
    notificationIntervalMs: env.KETACARE_NOTIFICATION_INTERVAL_MS
      ? parsePositiveInt(env.KETACARE_NOTIFICATION_INTERVAL_MS, 'KETACARE_NOTIFICATION_INTERVAL_MS')
      : defaults.notificationIntervalMs,
    patientMessages: patientMessagesOf(env, Boolean(certFile && keyFile), host, port),
    backup: {
      enabled: env.KETACARE_BACKUP ? parseBool(env.KETACARE_BACKUP, 'KETACARE_BACKUP') : true,
      retainDays: env.KETACARE_BACKUP_RETAIN_DAYS
        ? parsePositiveInt(env.KETACARE_BACKUP_RETAIN_DAYS, 'KETACARE_BACKUP_RETAIN_DAYS')
        : defaults.backupRetainDays,
      intervalHours: env.KETACARE_BACKUP_INTERVAL_HOURS
        ? parsePositiveInt(env.KETACARE_BACKUP_INTERVAL_HOURS, 'KETACARE_BACKUP_INTERVAL_HOURS')
        : defaults.backupIntervalHours,
    },
  };
}

/** The built UI lives beside the compiled server: dist/web. */
function defaultWebDir(): string {
  return new URL('../../dist/web', import.meta.url).pathname;
}
