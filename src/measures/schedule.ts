/**
 * When assigned questionnaires are due. Pure: assignments, the patient's responses and "now" in, the current
 * occurrence of each assignment out.
 *
 * - A one-off assignment has one occurrence: it opens at `opensAt`, is due at `dueAt` and stays on the list
 *   until it is filled or ended.
 * - A repeating one (every `repeatEveryDays`, e.g. weekly between sessions) has occurrence k opening at
 *   opensAt + k·period and due at dueAt + k·period. Periods are whole 24-hour days, so across a daylight-saving
 *   change the local clock time of an occurrence moves by an hour.
 * - An occurrence is filled by any (not replaced, not retracted) response to the same instrument authored from
 *   the moment it opens until the next occurrence opens: a PHQ-9 filled on paper and typed in by staff counts.
 * - An ended assignment, or one past its `endsAt`, has nothing due. An occurrence is overdue once now > dueAt.
 */

export const DAY_MS = 86_400_000;

export interface ScheduledAssignment {
  id: string;
  instrumentId: string;
  opensAt: Date;
  dueAt: Date;
  repeatEveryDays: number | null;
  endsAt: Date | null;
  endedAt: Date | null;
}

export interface Completion {
  instrumentId: string;
  authoredAt: Date;
}

export interface Occurrence {
  assignmentId: string;
  opensAt: Date;
  dueAt: Date;
  overdue: boolean;
}

/** The occurrence open now and not yet filled, or null when nothing is due. */
export function currentOccurrence(
  assignment: ScheduledAssignment,
  completions: readonly Completion[],
  now: Date,
): Occurrence | null {
  const at = now.getTime();
  const opens = assignment.opensAt.getTime();
  if (assignment.endedAt && assignment.endedAt.getTime() <= at) return null;
  if (assignment.endsAt && assignment.endsAt.getTime() <= at) return null;
  if (at < opens) return null;

  const period = assignment.repeatEveryDays === null ? null : assignment.repeatEveryDays * DAY_MS;
  const k = period === null ? 0 : Math.floor((at - opens) / period);
  const shift = period === null ? 0 : k * period;
  const occurrenceOpens = opens + shift;
  const nextOpens = period === null ? Number.POSITIVE_INFINITY : occurrenceOpens + period;
  const filled = completions.some((c) => {
    const authored = c.authoredAt.getTime();
    return c.instrumentId === assignment.instrumentId && authored >= occurrenceOpens && authored < nextOpens;
  });
  if (filled) return null;
  const due = assignment.dueAt.getTime() + shift;
  return {
    assignmentId: assignment.id,
    opensAt: new Date(occurrenceOpens),
    dueAt: new Date(due),
    overdue: at > due,
  };
}

/** What the patient should fill now, soonest due first. */
export function dueOccurrences(
  assignments: readonly ScheduledAssignment[],
  completions: readonly Completion[],
  now: Date,
): Occurrence[] {
  return assignments
    .map((assignment) => currentOccurrence(assignment, completions, now))
    .filter((occurrence): occurrence is Occurrence => occurrence !== null)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export type AssignmentProblem = { field: 'dueAt' | 'endsAt' | 'repeatEveryDays'; message: string };

export interface AssignmentTimes {
  opensAt: Date;
  dueAt: Date;
  repeatEveryDays: number | null;
  endsAt: Date | null;
}

/** How long a questionnaire that is not tied to a session stays open before it counts as overdue. */
export const DEFAULT_DAYS_TO_FILL = 3;

/**
 * The times of a new assignment, with the defaults filled in:
 * - before a session: due when the session starts (`dueAt`), opening the clinic's pre-session window
 *   (default 24 h) earlier; given only `opensAt`, due one window later; given neither, opens now.
 * - baseline, between sessions and on request: opens now unless given, due 3 days after opening unless given.
 * - between sessions repeats every `betweenSessionsEveryDays` (default 7) unless the request says otherwise.
 * Refuses times that make no sense: due before opening, ending before opening, or a repeating questionnaire
 * whose due time falls after the next one opens.
 */
export function assignmentTimes(
  input: {
    reason: 'baseline' | 'pre_session' | 'between_sessions' | 'requested';
    opensAt?: Date | undefined;
    dueAt?: Date | undefined;
    repeatEveryDays?: number | undefined;
    endsAt?: Date | undefined;
  },
  settings: { preSessionWindowHours: number; betweenSessionsEveryDays: number },
  now: Date,
): { ok: true; times: AssignmentTimes } | { ok: false; problems: AssignmentProblem[] } {
  const windowMs =
    input.reason === 'pre_session'
      ? settings.preSessionWindowHours * 3_600_000
      : DEFAULT_DAYS_TO_FILL * DAY_MS;
  const opensAt =
    input.opensAt ??
    (input.reason === 'pre_session' && input.dueAt ? new Date(input.dueAt.getTime() - windowMs) : now);
  const dueAt = input.dueAt ?? new Date(opensAt.getTime() + windowMs);
  const repeatEveryDays =
    input.repeatEveryDays ?? (input.reason === 'between_sessions' ? settings.betweenSessionsEveryDays : null);
  const endsAt = input.endsAt ?? null;

  const problems: AssignmentProblem[] = [];
  if (dueAt.getTime() < opensAt.getTime())
    problems.push({ field: 'dueAt', message: 'is before the questionnaire opens' });
  if (endsAt && endsAt.getTime() <= opensAt.getTime())
    problems.push({ field: 'endsAt', message: 'is not after the questionnaire opens' });
  if (repeatEveryDays !== null && dueAt.getTime() - opensAt.getTime() > repeatEveryDays * DAY_MS)
    problems.push({
      field: 'repeatEveryDays',
      message:
        'is shorter than the time from opening to due: each questionnaire would be due after the next opens',
    });
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, times: { opensAt, dueAt, repeatEveryDays, endsAt } };
}
