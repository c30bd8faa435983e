import { latestBodyMeasures } from '../intake/body-measures.js';
import { clinicTimeZone } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { ProblemError, ruleViolation } from '../platform/http/problem.js';
import { calculateDose } from '../protocol/dosing.js';
import { protocolVersion } from '../protocol/service.js';
import { currentSettings } from '../settings/service.js';
import { courseState, courseVerdict, type RuleVerdict, sessionVerdict, stepCount } from './core.js';
import { courseOfPatient, eventsOf, liveSessions, toEventFact } from './facts.js';
import { courseSettings } from './settings.js';

export interface BookingCheck {
  clinicId: string;
  patientId: string;
  courseId: string;
  startsAt: Date;
  endsAt: Date;
  requestedBy: 'clinic' | 'patient';
  /** Appointments to leave out (the one being rescheduled). */
  ignoreAppointmentIds?: readonly string[];
}

export interface BookingPlan {
  route: 'iv' | 'im' | 'intranasal' | 'oral';
  drug: 'ketamine' | 'esketamine';
  plannedDoseMcg: number;
  blockMinutes: number;
  protocolId: string;
}

function enforce(verdict: RuleVerdict) {
  if (!verdict.ok) throw ruleViolation(verdict.rule, verdict.message);
}

/**
 * The course rules a new session must keep (interval, sessions and mg per rolling 28 days across all routes,
 * course phase), checked inside the booking transaction. Refusals are 409s naming the rule and what would
 * satisfy it; a weight-based protocol with no weight on record is a 422 (the dose cannot be planned).
 */
export async function checkBooking(tx: Tx, _clock: Clock, input: BookingCheck): Promise<BookingPlan> {
  const { clinicId, patientId } = input;
  const course = await courseOfPatient(tx, clinicId, patientId, input.courseId);
  const protocol = await protocolVersion(tx, clinicId, course.protocolId);
  const { definition } = protocol;
  const events = (await eventsOf(tx, clinicId, [course.id])).map(toEventFact);
  const sessions = await liveSessions(tx, clinicId, patientId, input.ignoreAppointmentIds);
  const settings = (await currentSettings(tx, clinicId, courseSettings)).values;
  const timeZone = await clinicTimeZone(tx, clinicId);
  const courseSessions = sessions.filter((s) => s.courseId === course.id);

  const state = courseState({
    plannedInductionSessions: course.plannedInductionSessions,
    startingStepIndex: course.startingStepIndex,
    maintenanceIntervalsDays: definition.course.maintenanceIntervalsDays,
    events,
    sessions: courseSessions,
    timeZone,
  });
  enforce(courseVerdict(state, stepCount(definition.dosing), timeZone));

  const body = await latestBodyMeasures(tx, clinicId, patientId);
  const dose = calculateDose({
    definition,
    stepIndex: state.stepIndex,
    weightGrams: body.weightGrams,
    heightMm: body.heightMm,
    sexAtBirth: body.sexAtBirth,
    firstSession: !courseSessions.some((s) => s.startsAt < input.startsAt),
  });
  if (!dose.ok)
    throw new ProblemError('validation-error', `The dose for this session cannot be planned: ${dose.reason}`);

  enforce(
    sessionVerdict(
      {
        startsAt: input.startsAt,
        route: protocol.route,
        drug: definition.drug,
        plannedDoseMcg: dose.doseMcg,
      },
      sessions,
      settings,
      timeZone,
    ),
  );
  return {
    route: protocol.route,
    drug: definition.drug,
    plannedDoseMcg: dose.doseMcg,
    blockMinutes: definition.blockMinutes,
    protocolId: protocol.id,
  };
}
