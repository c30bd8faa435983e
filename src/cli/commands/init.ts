import type { Command } from 'commander';
import { initialiseOrganisation } from '../../identity/bootstrap.js';
import { hasAnyOrganisation } from '../../organisation/service.js';
import { systemClock } from '../../platform/clock.js';
import { runMigrations } from '../../platform/db/migrate.js';
import { openOwnedDatabase } from '../../server.js';
import { CliError, configFrom, type DbFlags, databaseOptions } from '../shared.js';

export function registerInitCommand(program: Command) {
  databaseOptions(
    program
      .command('init')
      .description('create the organisation and its first clinic')
      .requiredOption('--organisation <name>', 'organisation name')
      .requiredOption('--clinic <name>', 'first clinic name')
      .requiredOption('--address <line>', 'street address')
      .requiredOption('--city <city>', 'city')
      .requiredOption('--state <code>', 'two-letter US state code')
      .requiredOption('--postal-code <zip>', 'ZIP code')
      .requiredOption('--time-zone <zone>', 'IANA time zone, e.g. America/Denver')
      .requiredOption('--phone <phone>', 'clinic phone number')
      .requiredOption('--admin-email <email>', 'email of the first owner (administrator)')
      .requiredOption('--admin-name <name>', 'full name of the first owner'),
  ).action(
    async (
      flags: DbFlags & {
        organisation: string;
        clinic: string;
        address: string;
        city: string;
        state: string;
        postalCode: string;
        timeZone: string;
        phone: string;
        adminEmail: string;
        adminName: string;
      },
    ) => {
      const config = configFrom(flags);
      const { database, lock } = await openOwnedDatabase(config);
      try {
        await runMigrations(database);
        if (await hasAnyOrganisation(database.db))
          throw new CliError('this database already has an organisation');
        const created = await initialiseOrganisation(database, systemClock, {
          admin: { email: flags.adminEmail, fullName: flags.adminName },
          organisationName: flags.organisation,
          clinic: {
            name: flags.clinic,
            addressLine1: flags.address,
            city: flags.city,
            state: flags.state as never,
            postalCode: flags.postalCode,
            timeZone: flags.timeZone,
            phone: flags.phone,
          },
        });
        console.log(
          `Created ${flags.organisation} with clinic ${created.clinic.name} (${created.clinic.id}).`,
        );
        console.log('\nFirst owner — shown once, store it safely:');
        console.log(`  email:              ${created.admin.email}`);
        console.log(`  password:           ${created.admin.password}`);
        console.log(`  authenticator key:  ${created.admin.totpSecret}`);
        console.log(`  authenticator URI:  ${created.admin.otpauthUri}`);
        console.log(
          'Add the key to an authenticator app; sign-in asks for its 6-digit code. Change the password after signing in.',
        );
      } finally {
        await database.close();
        lock?.release();
      }
    },
  );
}
