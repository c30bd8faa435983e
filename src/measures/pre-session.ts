import { and, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { currentSettings } from '../settings/service.js';
import { assignmentTimes } from './schedule.js';
import { questionnaireAssignment } from './schema.js';
import { measuresSettings } from './settings.js';

/**
 * The PHQ-9 a patient fills before each session (a check-in gate: clinical-reference.md §6). Booking a session
 * assigns it, due when the session starts and open the clinic's pre-session window earlier; cancelling or
 * moving the session ends it. The assignment has no appointment column, so the session is found by its
 * patient, reason and due time (one patient never has two sessions starting at the same instant).
 */
const PRE_SESSION_INSTRUMENT = 'phq-9';

interface SessionRef {
  clinicId: string;
  patientId: string;
  sessionStartsAt: Date;
  /** The staff member booking or cancelling; null for the system. */
  staffId: string | null;
}

export async function assignPreSessionQuestionnaire(
  tx: Tx,
  clock: Clock,
  session: SessionRef,
): Promise<string> {
  const settings = await currentSettings(tx, session.clinicId, measuresSettings);
  const planned = assignmentTimes(
    { reason: 'pre_session', dueAt: session.sessionStartsAt },
    settings.values,
    clock.now(),
  );
  // Due at the session's start and opening a positive window before it: assignmentTimes cannot refuse that.
  if (!planned.ok)
    throw new Error(`pre-session questionnaire times refused: ${planned.problems[0]?.message}`);
  const [row] = await tx
    .insert(questionnaireAssignment)
    .values({
      clinicId: session.clinicId,
      patientId: session.patientId,
      instrumentId: PRE_SESSION_INSTRUMENT,
      reason: 'pre_session',
      ...planned.times,
      assignedBy: session.staffId,
      createdAt: clock.now(),
    })
    .returning({ id: questionnaireAssignment.id });
  return row!.id;
}

/** Ends the open pre-session questionnaire of a session that will not happen at that time. */
export async function endPreSessionQuestionnaire(tx: Tx, clock: Clock, session: SessionRef): Promise<void> {
  await tx
    .update(questionnaireAssignment)
    .set({ endedAt: clock.now(), endedBy: session.staffId })
    .where(
      and(
        eq(questionnaireAssignment.clinicId, session.clinicId),
        eq(questionnaireAssignment.patientId, session.patientId),
        eq(questionnaireAssignment.reason, 'pre_session'),
        eq(questionnaireAssignment.dueAt, session.sessionStartsAt),
        isNull(questionnaireAssignment.endedAt),
      ),
    );
}
