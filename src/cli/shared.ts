import { type Command, Option } from 'commander';
import { type ConfigOverrides, loadConfig } from '../platform/config.js';

/** Options every command that touches the database accepts. */
export function databaseOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--data-dir <dir>', 'embedded database folder').env('KETACARE_DATA').default('./.ketacare'),
    )
    .addOption(
      new Option('--database-url <url>', 'use PostgreSQL instead of the embedded engine').env('DATABASE_URL'),
    );
}

export interface DbFlags {
  dataDir?: string;
  databaseUrl?: string;
}

export function configFrom(flags: DbFlags & ConfigOverrides) {
  const overrides: ConfigOverrides = {};
  if (flags.dataDir) overrides.dataDir = flags.dataDir;
  if (flags.databaseUrl) overrides.databaseUrl = flags.databaseUrl;
  if (flags.port !== undefined) overrides.port = flags.port;
  if (flags.host) overrides.host = flags.host;
  if (flags.tlsCert) overrides.tlsCert = flags.tlsCert;
  if (flags.tlsKey) overrides.tlsKey = flags.tlsKey;
  if (flags.trustProxy) overrides.trustProxy = true;
  return loadConfig(process.env, overrides);
}

/** A failure the user can fix; printed as one line. */
export class CliError extends Error {}
