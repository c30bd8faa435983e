import type { Command } from 'commander';
import { Option } from 'commander';
import { demoLogins, hasDemo, loadDemo } from '../../demo/demo.js';
import type { ConfigOverrides } from '../../platform/config.js';
import { startServer } from '../../server.js';
import { configFrom, type DbFlags, databaseOptions } from '../shared.js';

export function registerServeCommand(program: Command) {
  databaseOptions(
    program
      .command('serve')
      .description('run the clinic server (migrates the database first)')
      .addOption(new Option('-p, --port <port>', 'port to listen on').env('PORT').default('3000'))
      .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default('127.0.0.1'))
      .option('--demo', 'load the synthetic demo clinic when the database is empty')
      .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
      .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
      .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy'),
  ).action(async (flags: DbFlags & ConfigOverrides & { demo?: boolean }) => {
    const config = configFrom(flags);
    let demoLoaded = false;
    const server = await startServer(config, {
      beforeListen: async (database, clock) => {
        if (flags.demo) demoLoaded = (await loadDemo(database, clock)).loaded;
      },
    });
    // Handlers first: whoever reads the URL line may stop the server straight away, and must get a clean close.
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
    console.log(`\nketacare is running at ${server.url}  (${where})`);
    if (flags.demo) {
      console.log(
        demoLoaded ? 'Demo clinic loaded (synthetic data).' : 'Existing data kept (demo not reloaded).',
      );
    }
    if (await hasDemo(server.database.db)) printDemoLogins(server.url);
    console.log('Clinical thresholds are clinic configuration: review them before clinical use.\n');
  });
}

/** The demo logins, so a tester can sign in as any role (MFA roles: add the key to an authenticator app). */
function printDemoLogins(url: string) {
  console.log(
    'DEMO ONLY — synthetic clinic. Staff sign in at',
    `${url}/login`,
    '— the patient at',
    `${url}/portal/login`,
  );
  console.table(
    demoLogins.map((l) => ({
      role: l.role,
      email: l.email,
      password: l.password,
      'authenticator key (TOTP)': l.totpSecret ?? '—',
    })),
  );
}
