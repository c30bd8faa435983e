import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type ChainReport, sealAndVerify } from '../../audit/service.js';
import { systemClock } from '../../platform/clock.js';
import { sendControlRequest } from '../../platform/control/channel.js';
import { pgliteDir } from '../../platform/db/database.js';
import { lockHolder } from '../../platform/db/lock.js';
import { openOwnedDatabase } from '../../server.js';
import { CliError, configFrom, type DbFlags, databaseOptions } from '../shared.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One line per chain: "ok" with counts, or the first broken link. */
export function describeChain({ clinicId, result }: ChainReport): string {
  const name = clinicId ? `clinic ${clinicId}` : 'organisation';
  if (result.ok) return `${name}: ok (${result.sealed} sealed, ${result.unsealed} not yet sealed)`;
  const where = result.position === null ? 'after the sealed history' : `at position ${result.position}`;
  return `${name}: BROKEN — ${result.kind} entry ${where} (entry ${result.entryId ?? 'unknown'}): ${result.detail}`;
}

async function checkChains(flags: DbFlags, clinicId: string | undefined): Promise<ChainReport[]> {
  const config = configFrom(flags);
  if (!config.databaseUrl) {
    const serverPid = lockHolder(config.dataDir);
    if (serverPid !== undefined) {
      // PGlite allows one process per data directory: the running server checks its own chains.
      const reply = await sendControlRequest(config.dataDir, { command: 'audit-verify', clinicId });
      return reply.chains as ChainReport[];
    }
    if (!existsSync(pgliteDir(config.dataDir))) {
      throw new CliError(`there is no ketacare database in ${config.dataDir}`);
    }
  }
  const { database, lock } = await openOwnedDatabase(config);
  try {
    return await sealAndVerify(database, systemClock, clinicId);
  } finally {
    await database.close();
    lock?.release();
  }
}

export function registerAuditCommand(program: Command) {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  databaseOptions(
    audit
      .command('verify')
      .description(
        'seal pending entries, then check every hash chain and report the first edited, deleted, inserted or reordered entry (exits non-zero if any chain is broken)',
      )
      .option('--clinic <id>', 'check only this clinic’s chain (default: every chain)'),
  ).action(async (flags: DbFlags & { clinic?: string }) => {
    if (flags.clinic !== undefined && !UUID.test(flags.clinic)) {
      throw new CliError(`--clinic must be a clinic id (a UUID), not "${flags.clinic}"`);
    }
    const reports = await checkChains(flags, flags.clinic);
    if (reports.length === 0) console.log('The audit trail is empty.');
    for (const report of reports) console.log(describeChain(report));
    const broken = reports.filter((r) => !r.result.ok).length;
    if (broken > 0) throw new CliError(`the audit trail has been tampered with: ${broken} chain(s) broken`);
  });
}
