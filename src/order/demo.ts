import { and, desc, eq } from 'drizzle-orm';
import { treatmentCourse } from '../course/schema.js';
import { staff } from '../identity/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { placeOrder } from './service.js';

/**
 * The demo prescriber signs a standing order for the demo patient's course at its starting step (synthetic),
 * through the same checks as the API: the course's IV approval and the patient's IV consent are in force.
 */
export async function addDemoOrder(tx: Tx, clock: Clock, demo: { clinicId: string; patientId: string }) {
  const [prescriber] = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'prescriber@demo-clinic.example'));
  const [course] = await tx
    .select({ id: treatmentCourse.id, startingStepIndex: treatmentCourse.startingStepIndex })
    .from(treatmentCourse)
    .where(and(eq(treatmentCourse.clinicId, demo.clinicId), eq(treatmentCourse.patientId, demo.patientId)))
    .orderBy(desc(treatmentCourse.plannedAt))
    .limit(1);
  if (!prescriber || !course) throw new Error('the demo order needs the demo prescriber and course');
  await placeOrder(
    tx,
    clock,
    { staffId: prescriber.id, clinicId: demo.clinicId, roles: ['prescriber'] },
    demo.patientId,
    {
      courseId: course.id,
      kind: 'standing',
      stepIndex: course.startingStepIndex,
      instructions:
        'Infuse over 40 minutes by pump. Hold and call the prescriber if blood pressure is above 140/90 before the dose (synthetic demo).',
    },
    { requestId: null, clientAddress: null },
  );
}
