import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { treatmentCourse } from '../course/schema.js';
import { staff } from '../identity/schema.js';
import { clinicTimeZone } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { addDays, isoWeekday, localDate, localInstant, openInterval } from './core.js';
import { chair, clinicHours, staffShift } from './schema.js';
import { bookSession } from './service.js';

/** Synthetic demo chairs: two infusion chairs, a room for intranasal esketamine, a chair for IM and oral. */
export const demoChairs = [
  { name: 'Chair 1', routes: ['iv', 'im'] },
  { name: 'Chair 2', routes: ['iv', 'im'] },
  { name: 'Nasal room', routes: ['intranasal'] },
  { name: 'Chair 4', routes: ['im', 'oral'] },
];
export const demoHours = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '18:00' })),
  { weekday: 6, opensAt: '09:00', closesAt: '13:00' },
];
/** Of the six planned induction infusions, the demo books four: the front desk can book the rest. */
const DEMO_BOOKED_SESSIONS = 4;

/**
 * Chairs, clinic hours, the nurse and prescriber on shift whenever the clinic is open from two weeks before to
 * four weeks after now, and the demo patient's first induction infusions — booked by the demo front desk through
 * the real booking rules, so their reminders and pre-session questionnaires are queued too.
 */
export async function addDemoSchedule(tx: Tx, clock: Clock, demo: { clinicId: string; patientId: string }) {
  const { clinicId, patientId } = demo;
  const now = clock.now();
  const timeZone = await clinicTimeZone(tx, clinicId);
  await tx.insert(chair).values(demoChairs.map((c) => ({ ...c, clinicId, createdAt: now })));
  await tx
    .insert(clinicHours)
    .values(demoHours.map((h) => ({ ...h, clinicId, updatedBy: null, updatedAt: now })));

  const people = await tx
    .select({ id: staff.id, email: staff.email })
    .from(staff)
    .where(
      inArray(staff.email, [
        'nurse@demo-clinic.example',
        'prescriber@demo-clinic.example',
        'frontdesk@demo-clinic.example',
      ]),
    );
  const idOf = (email: string) => {
    const person = people.find((p) => p.email === email);
    if (!person) throw new Error(`the demo staff member ${email} is missing`);
    return person.id;
  };
  const today = localDate(now, timeZone);
  const shifts = Array.from({ length: 14 + 28 + 1 }, (_, i) => addDays(today, i - 14)).flatMap((date) => {
    const open = openInterval(demoHours, date, timeZone);
    if (!open) return [];
    return (['nurse', 'prescriber'] as const).map((role) => ({
      clinicId,
      staffId: idOf(`${role}@demo-clinic.example`),
      role,
      startsAt: open.start,
      endsAt: open.end,
      createdBy: null,
      createdAt: now,
    }));
  });
  await tx.insert(staffShift).values(shifts);
  await recordAudit(tx, clock, {
    clinicId,
    actorType: 'system',
    actorId: null,
    actorRole: null,
    action: 'schedule.demo_setup',
    resourceType: 'clinic',
    resourceId: clinicId,
    patientId: null,
    outcome: 'success',
    requestId: null,
    clientAddress: null,
    detail: { chairs: demoChairs.length, shifts: shifts.length, demo: true },
  });

  const [course] = await tx
    .select({ id: treatmentCourse.id })
    .from(treatmentCourse)
    .where(and(eq(treatmentCourse.clinicId, clinicId), eq(treatmentCourse.patientId, patientId)));
  if (!course) throw new Error('the demo patient has no course to book');
  const [chair1] = await tx
    .select({ id: chair.id })
    .from(chair)
    .where(and(eq(chair.clinicId, clinicId), eq(chair.name, 'Chair 1')));
  const frontDesk = idOf('frontdesk@demo-clinic.example');
  // Weekdays from tomorrow, one day apart (Mon/Wed/Fri-like), at 10:00 clinic time.
  const dates: string[] = [];
  for (let date = addDays(today, 1); dates.length < DEMO_BOOKED_SESSIONS; date = addDays(date, 1)) {
    const previous = dates.at(-1);
    if (isoWeekday(date) <= 5 && (!previous || date >= addDays(previous, 2))) dates.push(date);
  }
  for (const date of dates) {
    await bookSession(
      tx,
      clock,
      {
        clinicId,
        staffId: frontDesk,
        audit: {
          clinicId,
          actorType: 'staff',
          actorId: frontDesk,
          actorRole: 'front_desk',
          outcome: 'success',
          requestId: null,
          clientAddress: null,
        },
      },
      {
        patientId,
        courseId: course.id,
        chairId: chair1!.id,
        startsAt: localInstant(date, '10:00', timeZone),
        requestedBy: 'clinic',
        note: 'Induction series (synthetic demo)',
      },
      { chairId: '/body/chairId', startsAt: '/body/startsAt' },
    );
  }
}
