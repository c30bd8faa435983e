import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { staff } from '../identity/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { currentProtocols } from '../protocol/service.js';
import { addDemoApproval } from '../screening/demo.js';
import { insertCourse } from './service.js';

/**
 * Plans the demo patient's IV course (synthetic), by the demo prescriber: first the IV eligibility approval a
 * course needs, then the course on the clinic's current IV protocol, through the same checks as the API.
 */
export async function addDemoCourse(tx: Tx, clock: Clock, demo: { clinicId: string; patientId: string }) {
  const [prescriber] = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'prescriber@demo-clinic.example'));
  if (!prescriber) throw new Error('the demo prescriber is missing');
  await addDemoApproval(tx, clock, { ...demo, prescriberId: prescriber.id, route: 'iv' });
  const protocol = (await currentProtocols(tx, demo.clinicId)).find((p) => p.route === 'iv' && p.active);
  if (!protocol) throw new Error('the demo clinic has no active IV protocol');
  const course = await insertCourse(tx, clock, {
    ...demo,
    staffId: prescriber.id,
    body: {
      protocolId: protocol.id,
      diagnosisCode: 'F33.2',
      goal: 'PHQ-9 response (at least 50 % lower than baseline) after induction; reassess after 6 infusions (synthetic demo).',
    },
  });
  await recordAudit(tx, clock, {
    clinicId: demo.clinicId,
    actorType: 'staff',
    actorId: prescriber.id,
    actorRole: 'prescriber',
    action: 'course.planned',
    resourceType: 'treatment_course',
    resourceId: course.id,
    patientId: demo.patientId,
    outcome: 'success',
    requestId: null,
    clientAddress: null,
    detail: { protocolId: protocol.id, route: 'iv', diagnosisCode: 'F33.2', demo: true },
  });
}
