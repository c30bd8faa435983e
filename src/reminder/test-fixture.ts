import { TZDate } from '@date-fns/tz';
import { asc, eq } from 'drizzle-orm';
import { treatmentCourse } from '../course/schema.js';
import { staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import type { ProtocolDefinition } from '../protocol/definition.js';
import { protocol } from '../protocol/schema.js';
import { appointment, chair } from '../schedule/schema.js';
import { contactPreference } from './schema.js';
import { queueAppointmentMessages } from './service.js';

/** The esketamine fasting rule of clinical-reference.md §5, as a protocol a test books under. */
const esketamine: ProtocolDefinition = {
  route: 'intranasal',
  drug: 'esketamine',
  dosing: {
    kind: 'devices',
    mcgPerDevice: 28_000,
    stepsDevices: [2, 3],
    firstSessionDevices: 2,
    maxDevices: 3,
    minutesBetweenDevices: 5,
  },
  delivery: { kind: 'devices' },
  course: { inductionSessions: 8, inductionWithinDays: 28, maintenanceIntervalsDays: [7, 14] },
  blockMinutes: 150,
  fasting: { noFoodHours: 2, noLiquidsMinutes: 30 },
  monitoring: {
    vitalsEveryMinutesDuringDose: 10,
    vitalsEveryMinutesAfterDose: 15,
    minimumObservationMinutes: 120,
    weightValidDays: 30,
  },
  rems: true,
  preparationNote: 'If you use a nasal steroid or decongestant, take it at least 1 hour before.',
};

/**
 * `hour`:00 in the demo clinic's zone (Chicago), `daysAhead` clinic days after the clock's. The demo's own
 * bookings are in the next few days at 10:00: tests book further out, or in the afternoon.
 */
export function demoClinicTime(clock: Clock, daysAhead: number, hour = 9): Date {
  const today = new TZDate(clock.now().getTime(), 'America/Chicago');
  return new Date(
    new TZDate(
      today.getFullYear(),
      today.getMonth(),
      today.getDate() + daysAhead,
      hour,
      0,
      0,
      'America/Chicago',
    ).getTime(),
  );
}

/**
 * Test fixture: books an appointment for the demo patient by inserting the rows a booking makes (a protocol, a
 * course, a chair, the appointment) and queues its messages in the same transaction, as booking does.
 */
export async function bookTestAppointment(
  database: Database,
  clock: Clock,
  startsAt: Date,
  options: { queue?: boolean; patientId?: string } = {},
): Promise<{ appointmentId: string; clinicId: string; patientId: string }> {
  return database.transaction(async (tx) => {
    const [{ clinicId }] = (await tx.select({ clinicId: clinic.id }).from(clinic).limit(1)) as [
      { clinicId: string },
    ];
    // The demo patient (the first registered) unless told otherwise.
    const [first] = await tx.select({ id: patient.id }).from(patient).orderBy(asc(patient.id)).limit(1);
    const patientId = options.patientId ?? first!.id;
    const [{ staffId }] = (await tx
      .select({ staffId: staff.id })
      .from(staff)
      .where(eq(staff.email, 'prescriber@demo-clinic.example'))) as [{ staffId: string }];
    const now = clock.now();
    const [published] = await tx
      .insert(protocol)
      .values({
        clinicId,
        key: `test-esketamine-${startsAt.getTime()}`,
        version: 1,
        name: 'Esketamine (test)',
        route: 'intranasal',
        definition: esketamine,
        active: true,
        reason: 'test',
        publishedBy: staffId,
        publishedAt: now,
      })
      .returning({ id: protocol.id });
    const [course] = await tx
      .insert(treatmentCourse)
      .values({
        clinicId,
        patientId,
        protocolId: published!.id,
        route: 'intranasal',
        diagnosisCode: 'F33.2',
        plannedInductionSessions: 8,
        inductionWithinDays: 28,
        startingStepIndex: 0,
        goal: 'Remission of depressive symptoms',
        plannedBy: staffId,
        plannedAt: now,
      })
      .returning({ id: treatmentCourse.id });
    const [place] = await tx
      .insert(chair)
      .values({ clinicId, name: `Test chair ${startsAt.getTime()}`, routes: ['intranasal'], createdAt: now })
      .returning({ id: chair.id });
    const [booked] = await tx
      .insert(appointment)
      .values({
        clinicId,
        patientId,
        courseId: course!.id,
        chairId: place!.id,
        route: 'intranasal',
        drug: 'esketamine',
        plannedDoseMcg: 56_000,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 150 * 60_000),
        status: 'booked',
        requestedBy: 'clinic',
        bookedBy: staffId,
        bookedAt: now,
      })
      .returning({ id: appointment.id });
    if (options.queue ?? true) await queueAppointmentMessages(tx, clock, booked!.id);
    return { appointmentId: booked!.id, clinicId, patientId };
  });
}

/** Sets the patient's channels (the demo already chose email). */
export async function setPreferences(
  database: Database,
  clock: Clock,
  who: { clinicId: string; patientId: string },
  channels: { email: boolean; sms: boolean },
) {
  const values = { ...channels, updatedAt: clock.now() };
  await database.db
    .insert(contactPreference)
    .values({ ...who, ...values })
    .onConflictDoUpdate({ target: contactPreference.patientId, set: values });
}
