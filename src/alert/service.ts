import { and, count, desc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { enqueueNotice } from '../notification/service.js';
import { patient } from '../patient/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { conflict, invalidFields, notFound } from '../platform/http/problem.js';
import { acknowledgementProblems } from './core.js';
import type { AcknowledgeBody, AlertAction, AlertList, AlertQuery, AlertView } from './model.js';
import { alert, alertAcknowledgement } from './schema.js';

export interface NewAlert {
  clinicId: string;
  patientId: string | null;
  kind: 'suicide_risk';
  severity: 'critical' | 'high' | 'medium';
  title: string;
  detail: string;
  sourceType: string;
  sourceId: string;
}

/**
 * Raises an alert in the caller's transaction (with the record that caused it), audits it and queues a notice
 * for the clinic's notification channel. It stays open until a clinician acknowledges it with an action.
 */
export async function raiseAlert(tx: Tx, clock: Clock, input: NewAlert): Promise<string> {
  const [row] = await tx
    .insert(alert)
    .values({ ...input, raisedAt: clock.now() })
    .returning({ id: alert.id });
  const alertId = row!.id;
  await recordAudit(tx, clock, {
    clinicId: input.clinicId,
    actorType: 'system',
    actorId: null,
    actorRole: null,
    action: 'alert.raised',
    resourceType: 'alert',
    resourceId: alertId,
    patientId: input.patientId,
    outcome: 'success',
    requestId: null,
    clientAddress: null,
    detail: {
      kind: input.kind,
      severity: input.severity,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
    },
  });
  await enqueueNotice(tx, clock, {
    clinicId: input.clinicId,
    topic: 'alert.raised',
    payload: {
      alertId,
      kind: input.kind,
      severity: input.severity,
      notice: 'An alert needs attention in ketacare',
    },
  });
  return alertId;
}

const isOpen = isNull(alertAcknowledgement.id);

/** The work queue's rows, open ones first, then newest first; names come from the patient and staff rows. */
async function alertViews(db: Queryable, clinicId: string, filter: SQL | undefined, limit: number) {
  const rows = await db
    .select({
      alert,
      acknowledgement: alertAcknowledgement,
      preferredName: patient.preferredName,
      givenName: patient.givenName,
      familyName: patient.familyName,
      staffName: staff.fullName,
    })
    .from(alert)
    .leftJoin(alertAcknowledgement, eq(alertAcknowledgement.alertId, alert.id))
    .leftJoin(patient, and(eq(patient.id, alert.patientId), eq(patient.clinicId, alert.clinicId)))
    .leftJoin(staff, eq(staff.id, alertAcknowledgement.staffId))
    .where(and(eq(alert.clinicId, clinicId), filter))
    .orderBy(sql`${alertAcknowledgement.id} is not null`, desc(alert.raisedAt), desc(alert.id))
    .limit(limit);
  return rows.map(
    (r): AlertView => ({
      id: r.alert.id,
      patientId: r.alert.patientId,
      patientName: r.familyName ? `${r.preferredName || r.givenName} ${r.familyName}` : null,
      kind: r.alert.kind,
      severity: r.alert.severity as AlertView['severity'],
      title: r.alert.title,
      detail: r.alert.detail,
      raisedAt: r.alert.raisedAt.toISOString(),
      acknowledgement: r.acknowledgement
        ? {
            staffId: r.acknowledgement.staffId,
            staffName: r.staffName ?? '',
            action: r.acknowledgement.action as AlertAction,
            note: r.acknowledgement.note,
            acknowledgedAt: r.acknowledgement.acknowledgedAt.toISOString(),
          }
        : null,
    }),
  );
}

/** The clinic's alerts, filtered; `openCount` is always every unacknowledged alert of the clinic (the banner). */
export async function listAlerts(db: Queryable, scope: Scope, query: AlertQuery): Promise<AlertList> {
  const clinicId = scope.clinicId;
  if (!clinicId) throw new Error('alerts need a clinic scope');
  const state = query.state ?? 'open';
  const filter = and(
    state === 'open' ? isOpen : state === 'acknowledged' ? isNotNull(alertAcknowledgement.id) : undefined,
    query.patientId ? eq(alert.patientId, query.patientId) : undefined,
  );
  const alerts = await alertViews(db, clinicId, filter, query.limit ?? 100);
  const [open] = await db
    .select({ n: count() })
    .from(alert)
    .leftJoin(alertAcknowledgement, eq(alertAcknowledgement.alertId, alert.id))
    .where(and(eq(alert.clinicId, clinicId), isOpen));
  return { alerts, openCount: open?.n ?? 0 };
}

/**
 * Closes an alert with the action taken and a note, once: the unique index on the alert id means that of two
 * clinicians acknowledging at the same moment, the second waits for the first and is told it is already done.
 */
export async function acknowledgeAlert(
  database: Database,
  clock: Clock,
  scope: Scope,
  alertId: string,
  body: AcknowledgeBody,
  meta: RequestMeta,
): Promise<AlertView> {
  const who = staffInClinic(scope);
  const problems = acknowledgementProblems(body);
  if (problems.length > 0) throw invalidFields(problems);
  return database.transaction(async (tx) => {
    const [found] = await tx
      .select({ patientId: alert.patientId, kind: alert.kind })
      .from(alert)
      .where(and(eq(alert.id, alertId), eq(alert.clinicId, who.clinicId)));
    if (!found) throw notFound('The alert');
    const inserted = await tx
      .insert(alertAcknowledgement)
      .values({
        clinicId: who.clinicId,
        alertId,
        staffId: who.staffId,
        action: body.action,
        note: body.note.trim(),
        acknowledgedAt: clock.now(),
      })
      .onConflictDoNothing({ target: alertAcknowledgement.alertId })
      .returning({ id: alertAcknowledgement.id });
    if (inserted.length === 0) throw conflict('This alert has already been acknowledged');
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'alert.acknowledged',
      resourceType: 'alert',
      resourceId: alertId,
      patientId: found.patientId,
      // The note stays in the acknowledgement row: it may describe the patient.
      detail: { kind: found.kind, action: body.action },
    });
    // Lets the receiving pager or chat close its page; ids only, like every notice.
    await enqueueNotice(tx, clock, {
      clinicId: who.clinicId,
      topic: 'alert.acknowledged',
      payload: { alertId, action: body.action, notice: 'An alert was acknowledged in ketacare' },
    });
    const [view] = await alertViews(tx, who.clinicId, eq(alert.id, alertId), 1);
    return view!;
  });
}
