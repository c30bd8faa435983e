import { eq } from 'drizzle-orm';
import { treatmentCourse } from '../course/schema.js';
import { staff } from '../identity/schema.js';
import { patient } from '../patient/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import { currentProtocols } from '../protocol/service.js';

/**
 * Test support: synthetic patients, each with an oral-ketamine course on the clinic's current oral protocol
 * (a fixed dose, so no weight is needed), for tests that book many patients at once. The course row is written
 * directly: planning a course (eligibility, intake) is the course module's concern and tested there.
 */
export async function addOralPatients(
  database: Database,
  clock: Clock,
  clinicId: string,
  count: number,
): Promise<{ patientId: string; courseId: string }[]> {
  return database.transaction(async (tx) => {
    const protocol = (await currentProtocols(tx, clinicId)).find((p) => p.route === 'oral' && p.active);
    if (!protocol) throw new Error('the clinic has no active oral protocol');
    const [prescriber] = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, 'prescriber@demo-clinic.example'));
    const created: { patientId: string; courseId: string }[] = [];
    for (let i = 0; i < count; i++) {
      const [person] = await tx
        .insert(patient)
        .values({
          clinicId,
          givenName: `Oral${i + 1}`,
          familyName: 'Test-Patient',
          birthDate: '1990-01-01',
          createdAt: clock.now(),
        })
        .returning({ id: patient.id });
      const [course] = await tx
        .insert(treatmentCourse)
        .values({
          clinicId,
          patientId: person!.id,
          protocolId: protocol.id,
          route: 'oral',
          diagnosisCode: 'F33.2',
          plannedInductionSessions: protocol.definition.course.inductionSessions,
          inductionWithinDays: protocol.definition.course.inductionWithinDays,
          startingStepIndex: 0,
          goal: 'Synthetic test course',
          plannedBy: prescriber!.id,
          plannedAt: clock.now(),
        })
        .returning({ id: treatmentCourse.id });
      created.push({ patientId: person!.id, courseId: course!.id });
    }
    return created;
  });
}
