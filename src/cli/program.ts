import { Command, CommanderError } from 'commander';
import { BackupError } from '../platform/backup/dump.js';
import { ConfigError } from '../platform/config.js';
import { ControlError } from '../platform/control/channel.js';
import { DataDirLockedError } from '../platform/db/lock.js';
import { MigrationHistoryError } from '../platform/db/migrate.js';
import { ProblemError } from '../platform/http/problem.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerBackupCommand } from './commands/backup.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerInitCommand } from './commands/init.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerRestoreCommand } from './commands/restore.js';
import { registerServeCommand } from './commands/serve.js';
import { CliError } from './shared.js';

/** One file per command in ./commands; each registers itself here. */
export function buildProgram(): Command {
  const program = new Command('ketacare')
    .description(
      'ketacare — clinical operations for ketamine and esketamine clinics.\nClinical thresholds are clinic configuration: the clinic is responsible for reviewing them.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerInitCommand(program);
  registerDemoCommand(program);
  registerBackupCommand(program);
  registerRestoreCommand(program);
  registerAuditCommand(program);
  return program;
}

/** Known failures become one line on stderr and a non-zero exit; anything else is a bug and shows its stack. */
export function describeFailure(error: unknown): string | undefined {
  if (
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof BackupError ||
    error instanceof ControlError
  ) {
    return error.message;
  }
  if (error instanceof MigrationHistoryError) return `database migrations: ${error.message}`;
  if (error instanceof ProblemError) {
    const fields = error.extras.errors?.map((e) => `${e.path.replace('/body/', '')} ${e.message}`).join('; ');
    return fields ? `${error.message}: ${fields}` : error.message;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return 'that port is already in use: choose another with --port';
  if (code === 'ECONNREFUSED') return 'cannot reach the PostgreSQL server in DATABASE_URL';
  return undefined;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line reason (or the help/version text).
      process.exit(error.exitCode);
    }
    const reason = describeFailure(error);
    if (reason) {
      console.error(`ketacare: ${reason}`);
      process.exit(2);
    }
    throw error;
  }
}
