/**
 * What the audit trail costs, measured directly on one engine: writing buffered read entries in batches (the
 * read buffer's flush), sealing them onto the hash chain, and verifying the chain. Together, the first two are
 * the database time every audited read adds, off the request path.
 */
import { type AuditInput, AuditReadBuffer, sealPending, verifyAuditChain } from '../src/audit/service.js';
import { systemClock } from '../src/platform/clock.js';
import { openDatabase } from '../src/platform/db/database.js';
import { runMigrations } from '../src/platform/db/migrate.js';

export interface AuditThroughput {
  entries: number;
  /** Read entries written per second through the read buffer's batched flush. */
  flushPerSecond: number;
  /** Entries sealed onto the chain per second by `sealPending`. */
  sealPerSecond: number;
  /** Entries checked per second by `verifyAuditChain`. */
  verifyPerSecond: number;
  /** Database time one audited read adds: its share of a flush and of a seal. */
  dbMsPerRead: number;
}

const CLINIC = '00000000-0000-7000-8000-00000000c0de';

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** Runs on a fresh migrated database: in memory for PGlite, the given URL for PostgreSQL. */
export async function measureAuditThroughput(databaseUrl: string | undefined, entries: number) {
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: 'memory' });
  try {
    await runMigrations(database);
    const buffer = new AuditReadBuffer(database, systemClock, console);
    const read: AuditInput = {
      clinicId: CLINIC,
      actorType: 'staff',
      actorId: '00000000-0000-7000-8000-0000000005af',
      actorRole: 'nurse',
      action: 'read:patient.read',
      resourceType: '/api/clinics/:clinicId/patients/:patientId',
      resourceId: '00000000-0000-7000-8000-0000000000a1',
      patientId: '00000000-0000-7000-8000-0000000000a1',
      outcome: 'success',
      requestId: '00000000-0000-7000-8000-000000000001',
      clientAddress: '127.0.0.1',
    };
    for (let i = 0; i < entries; i++) buffer.enqueue(read);
    const flushMs = await timed(() => buffer.flush());
    let sealed = 0;
    const sealMs = await timed(async () => {
      let batch: number;
      do {
        batch = await sealPending(database, systemClock);
        sealed += batch;
      } while (batch > 0);
    });
    if (sealed !== entries) throw new Error(`sealed ${sealed} of ${entries} entries`);
    let verdict: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    const verifyMs = await timed(async () => {
      verdict = await verifyAuditChain(database.db, CLINIC);
    });
    if (!verdict?.ok) throw new Error(`the benchmark chain does not verify: ${JSON.stringify(verdict)}`);
    const flushPerSecond = perSecond(entries, flushMs);
    const sealPerSecond = perSecond(entries, sealMs);
    return {
      entries,
      flushPerSecond,
      sealPerSecond,
      verifyPerSecond: perSecond(entries, verifyMs),
      dbMsPerRead: Math.round((1000 / flushPerSecond + 1000 / sealPerSecond) * 1000) / 1000,
    } satisfies AuditThroughput;
  } finally {
    await database.close();
  }
}
