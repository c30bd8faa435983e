import { and, desc, eq, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound } from '../platform/http/problem.js';
import { protocolProblems } from './core.js';
import { type DefaultProtocol, defaultProtocols } from './defaults.js';
import type { ProtocolDefinition } from './definition.js';
import { calculateDose, type DoseCalculation } from './dosing.js';
import type {
  DosePreviewBody,
  ProtocolHistory,
  ProtocolList,
  ProtocolView,
  PublishProtocolBody,
} from './model.js';
import { protocol } from './schema.js';

/**
 * A clinic's treatment protocols, versioned per key: publishing writes the next version (a retirement is a
 * version with `active: false`); courses and orders point at one exact version by id.
 */

export interface StoredProtocol {
  id: string;
  key: string;
  version: number;
  name: string;
  route: ProtocolDefinition['route'];
  definition: ProtocolDefinition;
  active: boolean;
}

type ProtocolRow = typeof protocol.$inferSelect;

const stored = (row: ProtocolRow): StoredProtocol => ({
  id: row.id,
  key: row.key,
  version: row.version,
  name: row.name,
  route: row.route as ProtocolDefinition['route'],
  definition: row.definition,
  active: row.active,
});

/** One exact protocol version of a clinic (what a course or order points at); 404 when not the clinic's. */
export async function protocolVersion(
  db: Queryable,
  clinicId: string,
  protocolId: string,
): Promise<StoredProtocol> {
  const [row] = await db
    .select()
    .from(protocol)
    .where(and(eq(protocol.clinicId, clinicId), eq(protocol.id, protocolId)));
  if (!row) throw notFound('The protocol');
  return stored(row);
}

async function latestRows(db: Queryable, clinicId: string): Promise<ProtocolRow[]> {
  const rows = await db
    .selectDistinctOn([protocol.key])
    .from(protocol)
    .where(eq(protocol.clinicId, clinicId))
    .orderBy(protocol.key, desc(protocol.version));
  return rows;
}

/** The latest version of each of the clinic's protocols. */
export async function currentProtocols(db: Queryable, clinicId: string): Promise<StoredProtocol[]> {
  return (await latestRows(db, clinicId)).map(stored);
}

// ── Use cases ────────────────────────────────────────────────────────────────────────────────────────────────

const routeOrder: ProtocolDefinition['route'][] = ['iv', 'im', 'intranasal', 'oral'];

/** Protocol versions with who published them; `latestOnly` keeps the newest version of each key. */
async function protocolViews(
  db: Queryable,
  where: SQL | undefined,
  latestOnly: boolean,
): Promise<ProtocolView[]> {
  const fields = { row: protocol, publisherName: staff.fullName };
  const query = latestOnly ? db.selectDistinctOn([protocol.key], fields) : db.select(fields);
  const rows = await query
    .from(protocol)
    .leftJoin(staff, eq(staff.id, protocol.publishedBy))
    .where(where)
    .orderBy(protocol.key, desc(protocol.version));
  return rows.map(({ row, publisherName }) => ({
    ...stored(row),
    reason: row.reason,
    publishedBy: row.publishedBy ? { id: row.publishedBy, name: publisherName ?? '' } : null,
    publishedAt: row.publishedAt.toISOString(),
  }));
}

export async function listProtocols(db: Queryable, scope: Scope): Promise<ProtocolList> {
  const protocols = await protocolViews(db, eq(protocol.clinicId, clinicOf(scope)), true);
  protocols.sort(
    (a, b) => routeOrder.indexOf(a.route) - routeOrder.indexOf(b.route) || a.name.localeCompare(b.name),
  );
  return { protocols };
}

export async function getProtocol(db: Queryable, scope: Scope, protocolId: string): Promise<ProtocolView> {
  const [view] = await protocolViews(
    db,
    and(eq(protocol.clinicId, clinicOf(scope)), eq(protocol.id, protocolId)),
    false,
  );
  if (!view) throw notFound('The protocol');
  return view;
}

export async function protocolHistory(db: Queryable, scope: Scope, key: string): Promise<ProtocolHistory> {
  const versions = await protocolViews(
    db,
    and(eq(protocol.clinicId, clinicOf(scope)), eq(protocol.key, key)),
    false,
  );
  if (versions.length === 0) throw notFound('The protocol');
  return { key, versions };
}

/** Checks and stores the next version of a protocol key, in the caller's transaction. */
async function insertVersion(
  tx: Tx,
  clock: Clock,
  clinicId: string,
  body: DefaultProtocol & { active: boolean; reason: string },
  publishedBy: string | null,
): Promise<ProtocolRow> {
  const problems = protocolProblems(body.definition);
  if (problems.length > 0) throw invalidFields(problems);
  const [previous] = await tx
    .select({ version: protocol.version, route: protocol.route })
    .from(protocol)
    .where(and(eq(protocol.clinicId, clinicId), eq(protocol.key, body.key)))
    .orderBy(desc(protocol.version))
    .limit(1);
  // Courses name a protocol by key across versions: a key never changes route.
  if (previous && previous.route !== body.definition.route) {
    throw invalidFields([
      {
        path: '/body/definition/route',
        message: `must stay ${previous.route} for this protocol: publish another key for another route`,
      },
    ]);
  }
  const [row] = await tx
    .insert(protocol)
    .values({
      clinicId,
      key: body.key,
      version: (previous?.version ?? 0) + 1,
      name: body.name,
      route: body.definition.route,
      definition: body.definition,
      active: body.active,
      reason: body.reason,
      publishedBy,
      publishedAt: clock.now(),
    })
    .returning();
  return row!;
}

const auditDetail = (row: ProtocolRow) => ({
  key: row.key,
  version: row.version,
  route: row.route,
  active: row.active,
});

export async function publishProtocol(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: PublishProtocolBody,
  meta: RequestMeta,
): Promise<ProtocolView> {
  const who = staffInClinic(scope);
  try {
    return await database.transaction(async (tx) => {
      const row = await insertVersion(tx, clock, who.clinicId, body, who.staffId);
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'protocol.published',
        resourceType: 'protocol',
        resourceId: row.id,
        patientId: null,
        detail: auditDetail(row),
      });
      return getProtocol(tx, scope, row.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(
        'Another version of this protocol was published at the same moment: reload and try again',
      );
    }
    throw error;
  }
}

/** Publishes the shipped default protocols as version 1 for a clinic that has none. */
export async function publishDefaultProtocols(tx: Tx, clock: Clock, clinicId: string): Promise<void> {
  if ((await latestRows(tx, clinicId)).length > 0) return;
  for (const template of defaultProtocols) {
    const row = await insertVersion(
      tx,
      clock,
      clinicId,
      { ...template, active: true, reason: 'Shipped default: review every threshold before use' },
      null,
    );
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'system',
      actorId: null,
      actorRole: null,
      action: 'protocol.published',
      resourceType: 'protocol',
      resourceId: row.id,
      patientId: null,
      outcome: 'success',
      requestId: null,
      clientAddress: null,
      detail: { ...auditDetail(row), template: true },
    });
  }
}

/** The dose a protocol version gives for the figures entered, with its working (nothing is stored). */
export async function previewDose(
  db: Queryable,
  scope: Scope,
  protocolId: string,
  body: DosePreviewBody,
): Promise<DoseCalculation> {
  const { definition } = await protocolVersion(db, clinicOf(scope), protocolId);
  return calculateDose({
    definition,
    stepIndex: body.stepIndex,
    weightGrams: body.weightGrams ?? null,
    heightMm: body.heightMm ?? null,
    sexAtBirth: body.sexAtBirth ?? null,
    firstSession: body.firstSession ?? false,
  });
}
