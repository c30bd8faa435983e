import { dateIn } from '../organisation/core.js';
import type { Dosing } from '../protocol/definition.js';
import type { CourseSettings } from './settings.js';

/**
 * A treatment course, pure: its state folded from the plan, its events and its sessions, and the dependence and
 * tolerance safeguards every new session must keep (clinical-reference.md §5). No I/O, no clock.
 */

export type Route = 'iv' | 'im' | 'intranasal' | 'oral';
export type Drug = 'ketamine' | 'esketamine';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** The rolling period the session and exposure caps count over. */
export const WINDOW_MS = 28 * DAY_MS;

/** A live appointment (booked or attended): what the rules count. */
export interface SessionFact {
  id: string;
  courseId: string;
  route: Route;
  drug: Drug;
  plannedDoseMcg: number;
  startsAt: Date;
  status: 'booked' | 'attended';
  /** When it was booked: a session belongs to the phase its course was in then. */
  bookedAt: Date;
}

/** What a course's events mean for its state (the service reads them from `course_event`). */
export type CourseEventFact =
  | { kind: 'reassessed'; at: Date; extendInductionBy: number }
  | { kind: 'phase_changed'; at: Date }
  | { kind: 'step_changed'; at: Date; toStep: number }
  | { kind: 'completed'; at: Date; reason: string | null }
  | { kind: 'discontinued'; at: Date; reason: string | null };

export interface CourseFacts {
  plannedInductionSessions: number;
  startingStepIndex: number;
  /** The protocol's maintenance intervals in days: the first booster after the first, …; the last repeats. */
  maintenanceIntervalsDays: readonly number[];
  /** In the order recorded (ties keep the given order). */
  events: readonly CourseEventFact[];
  /** The course's live sessions. */
  sessions: readonly SessionFact[];
  /** The clinic's time zone: the booster suggestion is a date there. */
  timeZone: string;
}

export type CoursePhase = 'induction' | 'reassessment_due' | 'maintenance' | 'completed' | 'discontinued';

export interface CourseState {
  phase: CoursePhase;
  /** When the course was completed or discontinued, and why. */
  endedAt: Date | null;
  endReason: string | null;
  stepIndex: number;
  induction: {
    planned: number;
    /** Planned plus every extension a reassessment decided. */
    target: number;
    attended: number;
    booked: number;
  };
  reassessedAt: Date | null;
  maintenanceStartedAt: Date | null;
  boosters: { attended: number; booked: number };
  /** Maintenance only: the date (clinic time) the next booster is due, after the course's last session. */
  nextBoosterDate: string | null;
}

const byTime = <T extends { at: Date }>(events: readonly T[]) =>
  events
    .map((event, order) => ({ event, order }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.order - b.order)
    .map(({ event }) => event);

/** The calendar date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The course's state. Precisely:
 * - the first `completed` or `discontinued` event ends the course, whatever follows;
 * - a `phase_changed` event (written when a reassessment decides to continue) starts maintenance;
 * - a session booked before maintenance started is an induction session, one booked after is a booster;
 * - the induction target is the planned number plus every `extendInductionBy` of a reassessment;
 * - before maintenance the phase is `reassessment_due` once the target number of induction sessions have been
 *   attended, else `induction` (the series may be fully booked and still be `induction`);
 * - the titration step is the starting step, then the `toStep` of the latest `step_changed` event;
 * - the next booster is due `maintenanceIntervalsDays[k]` days (the last entry repeats) after the course's latest
 *   session, where k is the number of boosters already booked or attended; with no session yet, from the day
 *   maintenance started.
 */
export function courseState(facts: CourseFacts): CourseState {
  const events = byTime(facts.events);
  const ended = events.find((e) => e.kind === 'completed' || e.kind === 'discontinued');
  const maintenance = events.find((e) => e.kind === 'phase_changed');
  const reassessments = events.filter((e) => e.kind === 'reassessed');
  let stepIndex = facts.startingStepIndex;
  for (const e of events) if (e.kind === 'step_changed') stepIndex = e.toStep;

  const isBooster = (s: SessionFact) => maintenance !== undefined && s.bookedAt >= maintenance.at;
  const count = (sessions: SessionFact[]) => ({
    attended: sessions.filter((s) => s.status === 'attended').length,
    booked: sessions.filter((s) => s.status === 'booked').length,
  });
  const induction = count(facts.sessions.filter((s) => !isBooster(s)));
  const boosters = facts.sessions.filter(isBooster);
  const target =
    facts.plannedInductionSessions + reassessments.reduce((sum, r) => sum + r.extendInductionBy, 0);

  let phase: CoursePhase;
  if (ended) phase = ended.kind;
  else if (maintenance) phase = 'maintenance';
  else phase = induction.attended >= target ? 'reassessment_due' : 'induction';

  let nextBoosterDate: string | null = null;
  if (phase === 'maintenance' && maintenance) {
    const last = facts.sessions.reduce<Date | null>(
      (latest, s) => (!latest || s.startsAt > latest ? s.startsAt : latest),
      null,
    );
    const intervals = facts.maintenanceIntervalsDays;
    const interval = intervals[Math.min(boosters.length, intervals.length - 1)] ?? 0;
    nextBoosterDate = addDays(dateIn(last ?? maintenance.at, facts.timeZone), interval);
  }

  return {
    phase,
    endedAt: ended?.at ?? null,
    endReason: ended && (ended.kind === 'completed' || ended.kind === 'discontinued') ? ended.reason : null,
    stepIndex,
    induction: { planned: facts.plannedInductionSessions, target, ...induction },
    reassessedAt: reassessments.at(-1)?.at ?? null,
    maintenanceStartedAt: maintenance?.at ?? null,
    boosters: count(boosters),
    nextBoosterDate,
  };
}

/** How many titration steps a protocol's dosing has. */
export function stepCount(dosing: Dosing): number {
  switch (dosing.kind) {
    case 'per_kg':
      return dosing.stepsMcgPerKg.length;
    case 'devices':
      return dosing.stepsDevices.length;
    case 'fixed':
      return dosing.stepsMcg.length;
  }
}

const decimal = (value: number) => String(Number(value.toFixed(3)));

/** A titration step as a prescriber reads it: "0.5 mg/kg", "2 devices (56 mg)", "25 mg"; null off the steps. */
export function stepLabel(dosing: Dosing, index: number): string | null {
  switch (dosing.kind) {
    case 'per_kg': {
      const mcgPerKg = dosing.stepsMcgPerKg[index];
      return mcgPerKg === undefined ? null : `${decimal(mcgPerKg / 1000)} mg/kg`;
    }
    case 'devices': {
      const devices = dosing.stepsDevices[index];
      return devices === undefined
        ? null
        : `${devices} device${devices === 1 ? '' : 's'} (${decimal((devices * dosing.mcgPerDevice) / 1000)} mg)`;
    }
    case 'fixed': {
      const mcg = dosing.stepsMcg[index];
      return mcg === undefined ? null : `${decimal(mcg / 1000)} mg`;
    }
  }
}

// ── Booking rules ─────────────────────────────────────────────────────────────────────────────────────────────

/** Stable ids of the course rules: a refusal names one. */
export const courseRules = {
  ended: 'COURSE-ENDED',
  inductionFull: 'COURSE-INDUCTION-FULL',
  reassessmentDue: 'COURSE-REASSESSMENT-DUE',
  doseStep: 'COURSE-DOSE-STEP',
  minimumInterval: 'COURSE-MIN-INTERVAL',
  maxSessions: 'COURSE-MAX-SESSIONS-28D',
  ketamineCap: 'COURSE-KETAMINE-MG-28D',
  esketamineCap: 'COURSE-ESKETAMINE-MG-28D',
} as const;
export type CourseRuleId = (typeof courseRules)[keyof typeof courseRules];

export interface NewSession {
  startsAt: Date;
  route: Route;
  drug: Drug;
  plannedDoseMcg: number;
}

export type RuleVerdict = { ok: true } | { ok: false; rule: CourseRuleId; message: string };

export type SafeguardSettings = Pick<
  CourseSettings,
  | 'minimumIntervalHoursIv'
  | 'minimumIntervalHoursIm'
  | 'minimumIntervalHoursIntranasal'
  | 'minimumIntervalHoursOral'
  | 'maxSessionsPer28Days'
  | 'maxKetamineMgPer28Days'
  | 'maxEsketamineMgPer28Days'
>;

export const routeWords: Record<Route, string> = {
  iv: 'IV ketamine',
  im: 'IM ketamine',
  intranasal: 'esketamine',
  oral: 'oral ketamine',
};

export function minimumIntervalHours(settings: SafeguardSettings, route: Route): number {
  const hours = {
    iv: settings.minimumIntervalHoursIv,
    im: settings.minimumIntervalHoursIm,
    intranasal: settings.minimumIntervalHoursIntranasal,
    oral: settings.minimumIntervalHoursOral,
  };
  return hours[route];
}

/**
 * The gap two sessions need, start to start: the longer of their routes' minimum intervals. The new session's
 * own route is always honoured, and taking the longer of the two keeps the verdict the same whichever of the
 * pair was booked first (an esketamine session 30 h after an IV one is as close as an IV one 30 h before it).
 */
export function requiredGapMs(settings: SafeguardSettings, a: Route, b: Route): number {
  return Math.max(minimumIntervalHours(settings, a), minimumIntervalHours(settings, b)) * HOUR_MS;
}

const capMg = (settings: SafeguardSettings, drug: Drug) =>
  drug === 'ketamine' ? settings.maxKetamineMgPer28Days : settings.maxEsketamineMgPer28Days;

/** "Tue 3 Mar 09:00" in the clinic's time zone. */
export function formatWhen(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}`;
}

export const mgOf = (mcg: number) => mcg / 1000;
const mgText = (mcg: number) => `${Number.isInteger(mcg / 1000) ? mcg / 1000 : (mcg / 1000).toFixed(1)} mg`;

interface Window {
  start: Date;
  sessions: readonly (SessionFact | NewSession)[];
}

/** Every rolling 28-day window [start, start + 28 days) that holds the new session and starts at a session. */
function windowsHolding(candidate: NewSession, others: readonly SessionFact[]): Window[] {
  const all: (SessionFact | NewSession)[] = [...others, candidate];
  const t = candidate.startsAt.getTime();
  return all
    .map((s) => s.startsAt.getTime())
    .filter((start) => start <= t && t < start + WINDOW_MS)
    .map((start) => ({
      start: new Date(start),
      sessions: all.filter((s) => s.startsAt.getTime() >= start && s.startsAt.getTime() < start + WINDOW_MS),
    }));
}

type TimeViolation = { rule: CourseRuleId; describe: (timeZone: string) => string };

/**
 * The interval, session-count and exposure rules for a new session among the patient's other live sessions (all
 * routes, all courses). Only windows and pairs that include the new session are checked, so a set of sessions
 * accepted one by one keeps every rule whatever the order they were booked in.
 */
export function timeRuleViolation(
  candidate: NewSession,
  others: readonly SessionFact[],
  settings: SafeguardSettings,
): TimeViolation | null {
  const t = candidate.startsAt.getTime();
  for (const s of [...others].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const gap = requiredGapMs(settings, candidate.route, s.route);
    const apart = Math.abs(t - s.startsAt.getTime());
    if (apart < gap) {
      return {
        rule: courseRules.minimumInterval,
        describe: (tz) =>
          `Sessions must be at least ${gap / HOUR_MS} h apart (${routeWords[candidate.route]}${
            s.route === candidate.route ? '' : ` and ${routeWords[s.route]}`
          }): this one would be ${formatHours(apart)} from the ${routeWords[s.route]} session on ${formatWhen(s.startsAt, tz)}.`,
      };
    }
  }
  const windows = windowsHolding(candidate, others);
  const max = settings.maxSessionsPer28Days;
  const crowded = windows.find((w) => w.sessions.length > max);
  if (crowded) {
    return {
      rule: courseRules.maxSessions,
      describe: (tz) =>
        `At most ${max} sessions in any 28 days (all routes together): this would make ${crowded.sessions.length} in the 28 days from ${formatWhen(crowded.start, tz)}.`,
    };
  }
  const cap = capMg(settings, candidate.drug);
  for (const w of windows) {
    const mcg = w.sessions
      .filter((s) => s.drug === candidate.drug)
      .reduce((sum, s) => sum + s.plannedDoseMcg, 0);
    if (mcg > cap * 1000) {
      const drugWords =
        candidate.drug === 'ketamine' ? 'racemic ketamine (IV, IM and oral together)' : 'esketamine';
      return {
        rule: candidate.drug === 'ketamine' ? courseRules.ketamineCap : courseRules.esketamineCap,
        describe: (tz) =>
          `At most ${cap} mg of ${drugWords} in any 28 days: this ${mgText(candidate.plannedDoseMcg)} dose would make ${mgText(mcg)} in the 28 days from ${formatWhen(w.start, tz)}.`,
      };
    }
  }
  return null;
}

function formatHours(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * The earliest start at or after the requested one that keeps the interval and 28-day rules, or null when none
 * does (a later booking stands in the way, or one dose alone is over the cap). The verdict can only turn from
 * refused to allowed where a session's interval ends or a session leaves the 28 days, so those are the
 * candidates.
 */
export function earliestAllowedStart(
  candidate: NewSession,
  others: readonly SessionFact[],
  settings: SafeguardSettings,
): Date | null {
  const t = candidate.startsAt.getTime();
  const candidates = new Set<number>([t]);
  for (const s of others) {
    const start = s.startsAt.getTime();
    candidates.add(start + requiredGapMs(settings, candidate.route, s.route));
    candidates.add(start + WINDOW_MS);
  }
  for (const at of [...candidates].filter((c) => c >= t).sort((a, b) => a - b)) {
    if (!timeRuleViolation({ ...candidate, startsAt: new Date(at) }, others, settings)) return new Date(at);
  }
  return null;
}

/** The course-level rules: whether this course may have another session at all (ended, phase, dose step). */
export function courseVerdict(state: CourseState, stepCount: number, timeZone: string): RuleVerdict {
  if (state.phase === 'completed' || state.phase === 'discontinued') {
    const when = state.endedAt ? ` on ${formatWhen(state.endedAt, timeZone)}` : '';
    const why = state.endReason ? ` (${state.endReason})` : '';
    return refuse(
      courseRules.ended,
      `This course was ${state.phase}${when}${why}: plan a new course to book more sessions.`,
    );
  }
  if (state.phase === 'reassessment_due') {
    return refuse(
      courseRules.reassessmentDue,
      `All ${state.induction.target} induction sessions have been attended: record the reassessment (continue into maintenance, extend induction or stop) before booking a booster.`,
    );
  }
  const { target, attended, booked } = state.induction;
  if (state.phase === 'induction' && attended + booked >= target) {
    return refuse(
      courseRules.inductionFull,
      `The induction series of ${target} sessions is fully booked (${attended} attended, ${booked} booked): record a reassessment to extend induction or continue into maintenance.`,
    );
  }
  if (state.stepIndex < 0 || state.stepIndex >= stepCount) {
    return refuse(
      courseRules.doseStep,
      `The course's dose step ${state.stepIndex + 1} is not one of the protocol's ${stepCount} steps: the prescriber must sign an order at a protocol step.`,
    );
  }
  return { ok: true };
}

/** The interval and 28-day rules for one new session, with the earliest start that would satisfy them. */
export function sessionVerdict(
  candidate: NewSession,
  others: readonly SessionFact[],
  settings: SafeguardSettings,
  timeZone: string,
): RuleVerdict {
  const violation = timeRuleViolation(candidate, others, settings);
  if (!violation) return { ok: true };
  const earliest = earliestAllowedStart(candidate, others, settings);
  const remedy = earliest
    ? `Book from ${formatWhen(earliest, timeZone)}.`
    : candidate.plannedDoseMcg > capMg(settings, candidate.drug) * 1000
      ? 'This dose alone is over the cap: the clinic’s cap must be reviewed.'
      : 'No later time keeps the rules while the later bookings stand: move or cancel one of them first.';
  return refuse(violation.rule, `${violation.describe(timeZone)} ${remedy}`);
}

const refuse = (rule: CourseRuleId, message: string): RuleVerdict => ({ ok: false, rule, message });
