import { and, asc, desc, eq, gte, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import {
  type ChainEntry,
  chainOf,
  GENESIS,
  ORGANISATION_CHAIN,
  sealBatch,
  type Verification,
  verifyChain,
} from './core.js';
import { auditEntry, auditSeal } from './schema.js';

export type AuditActorType = 'staff' | 'patient' | 'device' | 'anonymous' | 'system';
export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One audit record. `detail` never holds passwords, codes or patient data: ids and changed field names only. */
export interface AuditInput {
  clinicId: string | null;
  actorType: AuditActorType;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  clientAddress: string | null;
  detail?: Record<string, unknown>;
}

/** Writes the entry in the caller's transaction: a change and its audit entry commit together or not at all. */
export async function recordAudit(tx: Tx, clock: Clock, entry: AuditInput): Promise<void> {
  await tx.insert(auditEntry).values({ ...entry, detail: entry.detail ?? null, occurredAt: clock.now() });
}

/**
 * Reads are audited too, but buffered: one array push on the request path, written in batches at least once a
 * second and at shutdown, so chart reads stay fast.
 */
export class AuditReadBuffer {
  #pending: (AuditInput & { occurredAt: Date })[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly maxBatch = 500,
  ) {}

  start(intervalMs = 1000) {
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  enqueue(entry: AuditInput) {
    this.#pending.push({ ...entry, occurredAt: this.clock.now() });
    if (this.#pending.length >= this.maxBatch) void this.flush();
  }

  get pending() {
    return this.#pending.length;
  }

  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.maxBatch);
        try {
          await this.database.transaction(async (tx) => {
            await tx.insert(auditEntry).values(batch.map((e) => ({ ...e, detail: e.detail ?? null })));
          });
        } catch (error) {
          // Keep them for the next flush rather than lose an audit record.
          this.#pending.unshift(...batch);
          this.log.warn({ errName: (error as Error).name }, 'audit read buffer flush failed; will retry');
          return;
        }
      }
    });
    return this.#flushing;
  }

  async close() {
    if (this.#timer) clearInterval(this.#timer);
    await this.flush();
  }
}

/** Sealer lock key: one process seals at a time, on either engine. */
const SEAL_LOCK = 7_231_004_118;
/**
 * Seals per INSERT. PGlite's connection silently stops returning rows after a statement with more than 32,767
 * parameters (5,000 seals × 8 columns did it), so a large backlog is written in chunks.
 */
const SEAL_INSERT_ROWS = 1000;
/** The sealer never seals an entry dated this far before the newest sealed one: that would be back-dating. */
export const INSERTION_TOLERANCE_MS = 5 * 60_000;

type EntryRow = typeof auditEntry.$inferSelect;
const toChainEntry = (r: EntryRow): ChainEntry => ({ ...r, detail: r.detail ?? null });

async function chainHead(tx: Queryable, chain: string) {
  const [last] = await tx
    .select({ link: auditSeal.link, position: auditSeal.position })
    .from(auditSeal)
    .where(eq(auditSeal.chain, chain))
    .orderBy(desc(auditSeal.position))
    .limit(1);
  return last ?? { link: GENESIS, position: 0 };
}

/**
 * Seals every committed, unsealed entry onto its clinic's chain, in sequence order within the batch. Runs in
 * one transaction under an advisory lock, so two servers never extend one chain at once.
 */
export async function sealPending(database: Database, clock: Clock, limit = 5000): Promise<number> {
  return database.transaction(async (tx) => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as ok`)) as unknown as {
      rows: { ok: boolean }[];
    };
    if (!lock.rows[0]?.ok) return 0;
    const rows = await tx
      .select({ entry: auditEntry })
      .from(auditEntry)
      .leftJoin(auditSeal, eq(auditSeal.entryId, auditEntry.id))
      .where(isNull(auditSeal.id))
      .orderBy(asc(auditEntry.seq))
      .limit(limit);
    if (rows.length === 0) return 0;
    const byChain = new Map<string, EntryRow[]>();
    for (const { entry } of rows) {
      const key = chainOf(entry.clinicId);
      byChain.set(key, [...(byChain.get(key) ?? []), entry]);
    }
    let sealed = 0;
    const now = clock.now();
    for (const [chain, entries] of byChain) {
      const head = await chainHead(tx, chain);
      const [newest] = await tx
        .select({ occurredAt: auditEntry.occurredAt })
        .from(auditSeal)
        .innerJoin(auditEntry, eq(auditEntry.id, auditSeal.entryId))
        .where(eq(auditSeal.chain, chain))
        .orderBy(desc(auditEntry.occurredAt))
        .limit(1);
      const floor = newest ? newest.occurredAt.getTime() - INSERTION_TOLERANCE_MS : Number.NEGATIVE_INFINITY;
      // A back-dated entry stays unsealed, where verification reports it as an insertion.
      const sealable = entries.filter((e) => e.occurredAt.getTime() >= floor).map(toChainEntry);
      if (sealable.length === 0) continue;
      const seals = sealBatch(sealable, head);
      for (let i = 0; i < seals.length; i += SEAL_INSERT_ROWS) {
        const chunk = seals.slice(i, i + SEAL_INSERT_ROWS);
        await tx.insert(auditSeal).values(chunk.map((s) => ({ ...s, chain, sealedAt: now })));
      }
      sealed += seals.length;
    }
    return sealed;
  });
}

/**
 * Seals in the background every couple of seconds, so no request ever waits on the hash chain. Never overlaps
 * itself: a tick that finds the previous run still going skips. `close` waits for it and seals once more.
 */
export class AuditSealer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  start(intervalMs = 2000) {
    this.#timer = setInterval(() => {
      if (!this.#running) void this.seal();
    }, intervalMs);
    this.#timer.unref();
  }

  /** Seals what is pending now (or joins the run already going); resolves with how many entries it sealed. */
  seal(): Promise<number> {
    this.#running ??= sealPending(this.database, this.clock)
      .catch((error: Error) => {
        // Unsealed entries stay in the table and are picked up by the next run.
        this.log.warn({ errName: error.name }, 'audit sealing failed; will retry');
        return 0;
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async close() {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
    await this.seal();
  }
}

/** Verifies one chain (a clinic id, or null for organisation-level entries). */
export async function verifyAuditChain(db: Queryable, clinicId: string | null): Promise<Verification> {
  const chain = chainOf(clinicId);
  const seals = await db
    .select()
    .from(auditSeal)
    .where(eq(auditSeal.chain, chain))
    .orderBy(asc(auditSeal.position));
  const entries = await db
    .select({ entry: auditEntry, sealId: auditSeal.id })
    .from(auditEntry)
    .leftJoin(auditSeal, eq(auditSeal.entryId, auditEntry.id))
    .where(clinicId ? eq(auditEntry.clinicId, clinicId) : isNull(auditEntry.clinicId));
  const byId = new Map(entries.map(({ entry }) => [entry.id, toChainEntry(entry)]));
  const unsealed = entries.filter((e) => e.sealId === null).map(({ entry }) => toChainEntry(entry));
  return verifyChain(seals, byId, unsealed, INSERTION_TOLERANCE_MS);
}

/** Every chain in the database: the clinics' and the organisation's. */
export async function auditChains(db: Queryable): Promise<(string | null)[]> {
  const rows = await db.selectDistinct({ chain: auditSeal.chain }).from(auditSeal);
  const unsealed = await db.selectDistinct({ clinicId: auditEntry.clinicId }).from(auditEntry);
  const keys = new Set([...rows.map((r) => r.chain), ...unsealed.map((r) => chainOf(r.clinicId))]);
  return [...keys].map((k) => (k === ORGANISATION_CHAIN ? null : k));
}

/** One chain's verdict: `clinicId` null is the organisation-level chain. */
export interface ChainReport {
  clinicId: string | null;
  result: Verification;
}

/** What `ketacare audit verify` does: seal whatever is pending, then check every chain (or one clinic's). */
export async function sealAndVerify(
  database: Database,
  clock: Clock,
  clinicId?: string,
): Promise<ChainReport[]> {
  while ((await sealPending(database, clock)) > 0) {
    // another batch: sealPending takes at most its limit at a time
  }
  const chains = clinicId ? [clinicId] : await auditChains(database.db);
  const reports: ChainReport[] = [];
  for (const chain of chains)
    reports.push({ clinicId: chain, result: await verifyAuditChain(database.db, chain) });
  return reports;
}

export interface AuditFilter {
  patientId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Cursor: entries with a sequence number below this. */
  before?: number | undefined;
  limit?: number | undefined;
}

/** Newest first, filtered; the clinic comes from the request scope. */
export async function searchAudit(db: Queryable, clinicId: string, filter: AuditFilter) {
  const limit = filter.limit ?? 100;
  const rows = await db
    .select()
    .from(auditEntry)
    .where(
      and(
        eq(auditEntry.clinicId, clinicId),
        filter.patientId ? eq(auditEntry.patientId, filter.patientId) : undefined,
        filter.actorId ? eq(auditEntry.actorId, filter.actorId) : undefined,
        filter.action ? eq(auditEntry.action, filter.action) : undefined,
        filter.from ? gte(auditEntry.occurredAt, new Date(filter.from)) : undefined,
        filter.to ? lte(auditEntry.occurredAt, new Date(filter.to)) : undefined,
        filter.before ? lt(auditEntry.seq, filter.before) : undefined,
      ),
    )
    .orderBy(desc(auditEntry.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString(), detail: r.detail ?? null })),
    nextBefore: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
  };
}

/** A CSV cell: quoted, and defused when a spreadsheet would read it as a formula. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const csvColumns = [
  'seq',
  'occurredAt',
  'actorType',
  'actorId',
  'actorRole',
  'action',
  'resourceType',
  'resourceId',
  'patientId',
  'outcome',
  'requestId',
  'clientAddress',
  'detail',
] as const;
