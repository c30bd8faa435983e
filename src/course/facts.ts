import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Queryable } from '../platform/db/database.js';
import { notFound } from '../platform/http/problem.js';
import { appointment } from '../schedule/schema.js';
import type { CourseEventFact, Drug, Route, SessionFact } from './core.js';
import { courseEvent, treatmentCourse } from './schema.js';

/** The rows a course's state is folded from, read through whichever handle the caller holds (a tx inside one). */

export type CourseRow = typeof treatmentCourse.$inferSelect;
export type CourseEventRow = typeof courseEvent.$inferSelect;

/** One of the clinic's courses of this patient; 404 otherwise. */
export async function courseOfPatient(
  db: Queryable,
  clinicId: string,
  patientId: string,
  courseId: string,
): Promise<CourseRow> {
  const [row] = await db
    .select()
    .from(treatmentCourse)
    .where(
      and(
        eq(treatmentCourse.clinicId, clinicId),
        eq(treatmentCourse.patientId, patientId),
        eq(treatmentCourse.id, courseId),
      ),
    );
  if (!row) throw notFound('The treatment course');
  return row;
}

/** Events of these courses in the order recorded. */
export async function eventsOf(
  db: Queryable,
  clinicId: string,
  courseIds: readonly string[],
): Promise<CourseEventRow[]> {
  if (courseIds.length === 0) return [];
  return db
    .select()
    .from(courseEvent)
    .where(and(eq(courseEvent.clinicId, clinicId), inArray(courseEvent.courseId, [...courseIds])))
    .orderBy(asc(courseEvent.recordedAt), asc(courseEvent.id));
}

const num = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

export function toEventFact(row: CourseEventRow): CourseEventFact {
  const at = row.recordedAt;
  switch (row.kind) {
    case 'reassessed':
      return { kind: 'reassessed', at, extendInductionBy: num(row.detail.extendInductionBy, 0) };
    case 'phase_changed':
      return { kind: 'phase_changed', at };
    case 'step_changed':
      return { kind: 'step_changed', at, toStep: num(row.detail.toStep, -1) };
    case 'completed':
      return { kind: 'completed', at, reason: row.reason };
    default:
      return { kind: 'discontinued', at, reason: row.reason };
  }
}

/** The patient's live appointments (booked or attended), every route and course, oldest first. */
export async function liveSessions(
  db: Queryable,
  clinicId: string,
  patientId: string,
  ignoreAppointmentIds: readonly string[] = [],
): Promise<SessionFact[]> {
  const rows = await db
    .select()
    .from(appointment)
    .where(
      and(
        eq(appointment.clinicId, clinicId),
        eq(appointment.patientId, patientId),
        inArray(appointment.status, ['booked', 'attended']),
        ignoreAppointmentIds.length > 0 ? notInArray(appointment.id, [...ignoreAppointmentIds]) : undefined,
      ),
    )
    .orderBy(asc(appointment.startsAt), asc(appointment.id));
  return rows.map((row) => ({
    id: row.id,
    courseId: row.courseId,
    route: row.route as Route,
    drug: row.drug as Drug,
    plannedDoseMcg: row.plannedDoseMcg,
    startsAt: row.startsAt,
    status: row.status as SessionFact['status'],
    bookedAt: row.bookedAt,
  }));
}
