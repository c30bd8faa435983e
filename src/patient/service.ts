import { and, asc, eq, ilike, or } from 'drizzle-orm';
import type { Scope } from '../identity/authorise.js';
import { clinicOf } from '../identity/scope.js';
import type { Queryable } from '../platform/db/database.js';
import { notFound } from '../platform/http/problem.js';
import type { Patient } from './model.js';
import { patient } from './schema.js';

type PatientRow = typeof patient.$inferSelect;

export function toPatient(row: PatientRow): Patient {
  const { createdAt: _created, ...rest } = row;
  return rest;
}

/** Every patient query goes through the scope: a clinic's staff see that clinic; a patient sees only themself. */
function inScope(scope: Scope) {
  if (!scope.clinicId) throw new Error('patient data needs a clinic scope');
  const clinicMatch = eq(patient.clinicId, scope.clinicId);
  return scope.patientId ? and(clinicMatch, eq(patient.id, scope.patientId)) : clinicMatch;
}

export async function getPatient(db: Queryable, scope: Scope, patientId: string): Promise<Patient> {
  const [row] = await db
    .select()
    .from(patient)
    .where(and(inScope(scope), eq(patient.id, patientId)));
  if (!row) throw notFound('The patient');
  return toPatient(row);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function searchPatients(
  db: Queryable,
  scope: Scope,
  query: { search?: string | undefined; limit?: number | undefined },
): Promise<Patient[]> {
  const term = query.search ? `%${escapeLike(query.search)}%` : undefined;
  const rows = await db
    .select()
    .from(patient)
    .where(
      and(
        inScope(scope),
        term
          ? or(
              ilike(patient.familyName, term),
              ilike(patient.givenName, term),
              ilike(patient.preferredName, term),
            )
          : undefined,
      ),
    )
    .orderBy(asc(patient.familyName), asc(patient.givenName))
    .limit(query.limit ?? 50);
  return rows.map(toPatient);
}

/** The patient a request may reach: a portal patient only themself, staff their clinic's patients; else 404. */
export async function patientInScope(db: Queryable, scope: Scope, patientId: string) {
  if (scope.patientId && scope.patientId !== patientId) throw notFound('The patient');
  const [row] = await db
    .select({ id: patient.id, createdAt: patient.createdAt })
    .from(patient)
    .where(and(eq(patient.clinicId, clinicOf(scope)), eq(patient.id, patientId)));
  if (!row) throw notFound('The patient');
  return row;
}
