import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { clinicToday } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound } from '../platform/http/problem.js';
import { currentSettings } from '../settings/service.js';
import { handlingRefusal, type RegistrationFacts, registrationStatus } from './core.js';
import type {
  RegistrationBody,
  RegistrationKind,
  RegistrationList,
  RegistrationView,
  RenewalBody,
  Schedule,
} from './model.js';
import { csRegistration } from './schema.js';
import { inventorySettings } from './settings.js';

/**
 * DEA registrations and state controlled-substance licences of the clinic (one registered location). A renewal is
 * a new row superseding the old one; the expiry of the current ones decides whether stock may be received and
 * dispensed (`handlingRefusalOn`).
 */

type RegistrationRow = typeof csRegistration.$inferSelect;

const facts = (row: RegistrationRow): RegistrationFacts => ({
  id: row.id,
  kind: row.kind as RegistrationKind,
  schedules: row.schedules,
  expiresOn: row.expiresOn,
  supersedesId: row.supersedesId,
});

async function registrationsOf(db: Queryable, clinicId: string): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(csRegistration)
    .where(eq(csRegistration.clinicId, clinicId))
    .orderBy(asc(csRegistration.kind), asc(csRegistration.expiresOn));
}

/** Why the clinic may not receive or dispense Schedule III stock on `today`, or null when it may. */
export async function handlingRefusalOn(
  db: Queryable,
  clinicId: string,
  today: string,
): Promise<string | null> {
  return handlingRefusal((await registrationsOf(db, clinicId)).map(facts), today);
}

export async function listRegistrations(
  db: Queryable,
  clock: Clock,
  scope: Scope,
): Promise<RegistrationList> {
  const clinicId = clinicOf(scope);
  const today = await clinicToday(db, clinicId, clock.now());
  const { values } = await currentSettings(db, clinicId, inventorySettings);
  const warnings = [
    values.registrationFirstWarningDays,
    values.registrationSecondWarningDays,
    values.registrationFinalWarningDays,
  ];
  const rows = await registrationsOf(db, clinicId);
  const renewedBy = new Map(rows.flatMap((r) => (r.supersedesId ? [[r.supersedesId, r.id] as const] : [])));
  const refusal = handlingRefusal(rows.map(facts), today);
  return {
    registrations: rows.map((row) => toView(row, today, warnings, renewedBy.get(row.id) ?? null)),
    handling: { allowed: refusal === null, reason: refusal },
  };
}

function toView(
  row: RegistrationRow,
  today: string,
  warnings: number[],
  renewedById: string | null,
): RegistrationView {
  const standing = registrationStatus(row.expiresOn, today, warnings);
  return {
    id: row.id,
    kind: row.kind as RegistrationKind,
    number: row.number,
    state: row.state,
    schedules: row.schedules as Schedule[],
    expiresOn: row.expiresOn,
    status: standing.status,
    daysLeft: standing.daysLeft,
    // A renewed registration no longer warns: its renewal does.
    warningDays: renewedById ? null : standing.warning,
    supersedesId: row.supersedesId,
    renewedById,
    recordedAt: row.recordedAt.toISOString(),
  };
}

const deaNumberPattern = /^[A-Z]{2}[0-9]{7}$/;

function numberProblems(kind: RegistrationKind, number: string) {
  return kind === 'dea' && !deaNumberPattern.test(number)
    ? [{ path: '/body/number', message: 'a DEA registration number is two letters and seven digits' }]
    : [];
}

export async function addRegistration(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: RegistrationBody,
  meta: RequestMeta,
): Promise<RegistrationView> {
  const who = staffInClinic(scope);
  const problems = numberProblems(body.kind, body.number.trim());
  if (problems.length) throw invalidFields(problems);
  return database.transaction(async (tx) => {
    const [row] = await tx
      .insert(csRegistration)
      .values({
        clinicId: who.clinicId,
        kind: body.kind,
        number: body.number.trim(),
        state: body.state,
        schedules: body.schedules,
        expiresOn: body.expiresOn,
        recordedBy: who.staffId,
        recordedAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'inventory.registration_added',
      resourceType: 'cs_registration',
      resourceId: row!.id,
      patientId: null,
      detail: { kind: body.kind, number: row!.number, expiresOn: body.expiresOn },
    });
    return viewOne(tx, clock, who.clinicId, row!);
  });
}

async function viewOne(db: Queryable, clock: Clock, clinicId: string, row: RegistrationRow) {
  const today = await clinicToday(db, clinicId, clock.now());
  const { values } = await currentSettings(db, clinicId, inventorySettings);
  return toView(
    row,
    today,
    [
      values.registrationFirstWarningDays,
      values.registrationSecondWarningDays,
      values.registrationFinalWarningDays,
    ],
    null,
  );
}

export async function renewRegistration(
  database: Database,
  clock: Clock,
  scope: Scope,
  registrationId: string,
  body: RenewalBody,
  meta: RequestMeta,
): Promise<RegistrationView> {
  const who = staffInClinic(scope);
  try {
    return await database.transaction(async (tx) => {
      const [original] = await tx
        .select()
        .from(csRegistration)
        .where(and(eq(csRegistration.id, registrationId), eq(csRegistration.clinicId, who.clinicId)));
      if (!original) throw notFound('The registration');
      const kind = original.kind as RegistrationKind;
      const problems = numberProblems(kind, body.number.trim());
      if (body.expiresOn <= original.expiresOn)
        problems.push({
          path: '/body/expiresOn',
          message: 'a renewal must expire after the registration it renews',
        });
      if (problems.length) throw invalidFields(problems);
      const [row] = await tx
        .insert(csRegistration)
        .values({
          clinicId: who.clinicId,
          kind,
          number: body.number.trim(),
          state: original.state,
          schedules: body.schedules,
          expiresOn: body.expiresOn,
          supersedesId: original.id,
          recordedBy: who.staffId,
          recordedAt: clock.now(),
        })
        .returning();
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'inventory.registration_renewed',
        resourceType: 'cs_registration',
        resourceId: row!.id,
        patientId: null,
        detail: { renews: original.id, number: row!.number, expiresOn: body.expiresOn },
      });
      return viewOne(tx, clock, who.clinicId, row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('This registration has already been renewed');
    throw error;
  }
}
