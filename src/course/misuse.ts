import { dateIn } from '../organisation/core.js';
import { HOUR_MS, type SessionFact } from './core.js';
import type { MisuseRiskView } from './model.js';

/**
 * The misuse-risk signals a prescriber reviews (dependence safeguards, clinical-reference.md §5), pure: each signal
 * lists the entries behind it and says in words why it is or is not flagged. Signals inform a clinician; they
 * never refuse anything on their own (the booking rules do that).
 */

export interface StepChange {
  courseId: string;
  at: Date;
  fromStep: number;
  toStep: number;
  fromLabel: string | null;
  toLabel: string | null;
}

export interface AppointmentFact {
  id: string;
  startsAt: Date;
  status: string;
  requestedBy: 'clinic' | 'patient';
  rescheduledFromId: string | null;
}

export interface MisuseInput {
  stepChanges: readonly StepChange[];
  /** Live sessions, every route and course. */
  sessions: readonly SessionFact[];
  /** Every appointment of the patient, whatever its status. */
  appointments: readonly AppointmentFact[];
  ketamineCapMg: number;
  esketamineCapMg: number;
  timeZone: string;
}

/** Three or more increases, or any increase of more than one step at once, is flagged. */
export const ESCALATIONS_FLAGGED = 3;
/** Flagged when this many consecutive intervals each got shorter than the one before. */
export const SHORTENINGS_FLAGGED = 2;
/** Flagged at this many sessions the patient asked for (a patient-asked move to an earlier time flags at once). */
export const PATIENT_REQUESTS_FLAGGED = 2;

export type MisuseSignals = Omit<MisuseRiskView, 'patientId'>;

const byStart = <T extends { startsAt: Date }>(items: readonly T[]) =>
  [...items].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

function doseEscalation(changes: readonly StepChange[]): MisuseSignals['doseEscalation'] {
  const increases = [...changes]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .filter((c) => c.toStep > c.fromStep)
    .map((c) => ({
      courseId: c.courseId,
      at: c.at.toISOString(),
      from: c.fromLabel,
      to: c.toLabel,
      steps: c.toStep - c.fromStep,
    }));
  const jumps = increases.filter((e) => e.steps > 1).length;
  const flagged = jumps > 0 || increases.length >= ESCALATIONS_FLAGGED;
  const summary =
    increases.length === 0
      ? 'No dose increases.'
      : `${increases.length} dose increase${increases.length === 1 ? '' : 's'}${
          jumps > 0 ? `, ${jumps} of more than one protocol step at once` : ''
        }${flagged ? ': review whether the escalation is needed.' : '.'}`;
  return { flagged, summary, entries: increases };
}

function intervals(sessions: readonly SessionFact[]): MisuseSignals['intervals'] {
  const ordered = byStart(sessions);
  const entries = ordered.slice(1).map((s, i) => ({
    from: ordered[i]!.startsAt,
    to: s.startsAt,
    hours: Math.round((s.startsAt.getTime() - ordered[i]!.startsAt.getTime()) / HOUR_MS),
  }));
  const shaped = entries.map((e, i) => ({
    from: e.from.toISOString(),
    to: e.to.toISOString(),
    hours: e.hours,
    shorter: i > 0 && e.hours < entries[i - 1]!.hours,
  }));
  const recent = shaped.slice(-SHORTENINGS_FLAGGED);
  const flagged = recent.length === SHORTENINGS_FLAGGED && recent.every((e) => e.shorter);
  const summary =
    shaped.length === 0
      ? 'Fewer than two sessions: no intervals yet.'
      : flagged
        ? `The last ${SHORTENINGS_FLAGGED} intervals each got shorter (${shaped
            .slice(-SHORTENINGS_FLAGGED - 1)
            .map((e) => `${e.hours} h`)
            .join(' → ')}): sessions are coming closer together.`
        : 'No run of shortening intervals.';
  return { flagged, summary, entries: shaped };
}

function earlierRequests(appointments: readonly AppointmentFact[]): MisuseSignals['earlierRequests'] {
  const byId = new Map(appointments.map((a) => [a.id, a]));
  const entries = byStart(appointments).flatMap((a) => {
    const previous = a.rescheduledFromId ? byId.get(a.rescheduledFromId) : undefined;
    const earlierBy =
      previous && a.startsAt < previous.startsAt
        ? Math.round((previous.startsAt.getTime() - a.startsAt.getTime()) / HOUR_MS)
        : null;
    if (a.requestedBy !== 'patient' && earlierBy === null) return [];
    return [
      {
        appointmentId: a.id,
        startsAt: a.startsAt.toISOString(),
        status: a.status,
        requestedBy: a.requestedBy,
        movedEarlierByHours: earlierBy,
      },
    ];
  });
  const patientAsked = entries.filter((e) => e.requestedBy === 'patient');
  const patientMovedEarlier = patientAsked.filter((e) => e.movedEarlierByHours !== null).length;
  const flagged = patientMovedEarlier > 0 || patientAsked.length >= PATIENT_REQUESTS_FLAGGED;
  const summary =
    entries.length === 0
      ? 'No sessions requested by the patient and none moved earlier.'
      : `${patientAsked.length} session${patientAsked.length === 1 ? '' : 's'} requested by the patient, ${patientMovedEarlier} of them moved to an earlier time${
          flagged ? ': ask what is behind the requests.' : '.'
        }`;
  return { flagged, summary, entries };
}

function monthlyExposure(input: MisuseInput): MisuseSignals['monthlyExposure'] {
  const months = new Map<string, { ketamineMcg: number; esketamineMcg: number }>();
  for (const s of byStart(input.sessions)) {
    const month = dateIn(s.startsAt, input.timeZone).slice(0, 7);
    const total = months.get(month) ?? { ketamineMcg: 0, esketamineMcg: 0 };
    if (s.drug === 'ketamine') total.ketamineMcg += s.plannedDoseMcg;
    else total.esketamineMcg += s.plannedDoseMcg;
    months.set(month, total);
  }
  const entries = [...months].map(([month, t]) => ({
    month,
    ketamineMg: t.ketamineMcg / 1000,
    esketamineMg: t.esketamineMcg / 1000,
  }));
  const over = entries.filter(
    (e) => e.ketamineMg > input.ketamineCapMg || e.esketamineMg > input.esketamineCapMg,
  );
  return {
    flagged: over.length > 0,
    summary:
      over.length > 0
        ? `Planned exposure in ${over.map((e) => e.month).join(', ')} is above the 28-day cap (${input.ketamineCapMg} mg ketamine, ${input.esketamineCapMg} mg esketamine).`
        : entries.length === 0
          ? 'No sessions booked or attended.'
          : `Every month is within the 28-day caps (${input.ketamineCapMg} mg ketamine, ${input.esketamineCapMg} mg esketamine).`,
    ketamineCapMg: input.ketamineCapMg,
    esketamineCapMg: input.esketamineCapMg,
    entries,
  };
}

export function misuseSignals(input: MisuseInput): MisuseSignals {
  return {
    doseEscalation: doseEscalation(input.stepChanges),
    intervals: intervals(input.sessions),
    earlierRequests: earlierRequests(input.appointments),
    monthlyExposure: monthlyExposure(input),
  };
}
