import { asc, eq } from 'drizzle-orm';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import { publishDefaultProtocols } from '../protocol/service.js';
import { dateIn, isTimeZone, normalisePhone } from './core.js';
import type { Clinic, ClinicInput } from './model.js';
import { clinic, organisation } from './schema.js';

type ClinicRow = typeof clinic.$inferSelect;

export function toClinic(row: ClinicRow): Clinic {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Checks what the schema cannot: a real time zone, a dialable phone number. Returns the normalised input. */
export function validateClinicInput(input: ClinicInput): ClinicInput {
  const errors: FieldError[] = [];
  if (!isTimeZone(input.timeZone)) {
    errors.push({ path: '/body/timeZone', message: 'is not an IANA time zone (e.g. America/Denver)' });
  }
  const phone = normalisePhone(input.phone);
  if (!phone) errors.push({ path: '/body/phone', message: 'is not a valid US phone number' });
  if (errors.length > 0) throw invalidFields(errors);
  return { ...input, phone: phone! };
}

export async function insertClinic(tx: Tx, clock: Clock, organisationId: string, input: ClinicInput) {
  const valid = validateClinicInput(input);
  const [row] = await tx
    .insert(clinic)
    .values({ ...valid, addressLine2: valid.addressLine2 ?? null, organisationId, createdAt: clock.now() })
    .returning();
  // A new clinic starts from the shipped protocols, so a course can be planned before anyone edits them.
  await publishDefaultProtocols(tx, clock, row!.id);
  return toClinic(row!);
}

/** Creates the organisation and its first clinic together (used by `ketacare init` and the demo). */
export async function createOrganisationWithClinic(
  database: Database,
  clock: Clock,
  input: { organisationName: string; clinic: ClinicInput },
  tx?: Tx,
) {
  const work = async (t: Tx) => {
    const [org] = await t
      .insert(organisation)
      .values({ name: input.organisationName, createdAt: clock.now() })
      .returning();
    const created = await insertClinic(t, clock, org!.id, input.clinic);
    return { organisationId: org!.id, clinic: created };
  };
  return tx ? work(tx) : database.transaction(work);
}

export async function createClinic(
  database: Database,
  clock: Clock,
  organisationId: string,
  input: ClinicInput,
) {
  return database.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: organisation.id })
      .from(organisation)
      .where(eq(organisation.id, organisationId));
    if (!org) throw notFound('The organisation');
    return insertClinic(tx, clock, organisationId, input);
  });
}

export async function listClinics(db: Queryable, organisationId?: string): Promise<Clinic[]> {
  const rows = await db
    .select()
    .from(clinic)
    .where(organisationId ? eq(clinic.organisationId, organisationId) : undefined)
    .orderBy(asc(clinic.name));
  return rows.map(toClinic);
}

export async function getClinic(db: Queryable, clinicId: string): Promise<Clinic> {
  const [row] = await db.select().from(clinic).where(eq(clinic.id, clinicId));
  if (!row) throw notFound('The clinic');
  return toClinic(row);
}

export async function hasAnyOrganisation(db: Queryable): Promise<boolean> {
  const rows = await db.select({ id: organisation.id }).from(organisation).limit(1);
  return rows.length > 0;
}

/** The clinic's IANA time zone: its days, dates of birth and expiry dates are counted in it. */
export async function clinicTimeZone(db: Queryable, clinicId: string): Promise<string> {
  const [row] = await db.select({ timeZone: clinic.timeZone }).from(clinic).where(eq(clinic.id, clinicId));
  if (!row) throw notFound('The clinic');
  return row.timeZone;
}

/** Today in the clinic's time zone (YYYY-MM-DD). */
export async function clinicToday(db: Queryable, clinicId: string, now: Date): Promise<string> {
  return dateIn(now, await clinicTimeZone(db, clinicId));
}
