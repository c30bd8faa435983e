import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { conditionCode } from '../intake/codes/icd10.js';
import { baselineScore, outcome } from '../measures/core.js';
import { currentInstrument } from '../measures/instrument-service.js';
import { liveScores } from '../measures/response-service.js';
import { clinicTimeZone } from '../organisation/service.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { conflict, type FieldError, invalidFields, ruleViolation } from '../platform/http/problem.js';
import { currentProtocols, protocolVersion, type StoredProtocol } from '../protocol/service.js';
import { appointment } from '../schedule/schema.js';
import { eligibilityFor } from '../screening/service.js';
import { currentSettings } from '../settings/service.js';
import { type CourseState, courseState, type SessionFact, stepCount, stepLabel } from './core.js';
import {
  type CourseEventRow,
  type CourseRow,
  courseOfPatient,
  eventsOf,
  liveSessions,
  toEventFact,
} from './facts.js';
import { misuseSignals } from './misuse.js';
import type {
  CourseEventView,
  CourseList,
  CourseView,
  EndCourseBody,
  MeasuresVerdict,
  MisuseRiskView,
  PlanCourseBody,
  ReassessBody,
} from './model.js';
import { courseEvent, treatmentCourse } from './schema.js';
import { courseSettings } from './settings.js';

/**
 * Treatment courses: the prescriber plans one (an active protocol, an approved route, a diagnosis, the induction
 * series and a goal), records the reassessment after induction against the outcome measures, and completes or
 * discontinues it. Every change is a `course_event` row written with its audit entry in one transaction.
 */

export const ELIGIBILITY_RULE = 'COURSE-ELIGIBILITY-APPROVED';
export const ONE_ACTIVE_COURSE_RULE = 'COURSE-ONE-ACTIVE';
/** The scale the reassessment reads (clinical-reference.md §7: response and remission on PHQ-9). */
const REASSESSMENT_INSTRUMENT = 'phq-9';

const routeNames = { iv: 'IV', im: 'IM', intranasal: 'intranasal esketamine', oral: 'oral' } as const;

interface Loaded {
  row: CourseRow;
  protocol: StoredProtocol;
  events: CourseEventRow[];
  sessions: SessionFact[];
  state: CourseState;
}

/** Each course with its protocol version, events, live sessions and folded state. */
async function loadCourses(
  db: Queryable,
  clinicId: string,
  rows: readonly CourseRow[],
  patientSessions: readonly SessionFact[],
  timeZone: string,
): Promise<Loaded[]> {
  const events = await eventsOf(
    db,
    clinicId,
    rows.map((r) => r.id),
  );
  const loaded: Loaded[] = [];
  for (const row of rows) {
    const protocol = await protocolVersion(db, clinicId, row.protocolId);
    const own = events.filter((e) => e.courseId === row.id);
    const sessions = patientSessions.filter((s) => s.courseId === row.id);
    const state = courseState({
      plannedInductionSessions: row.plannedInductionSessions,
      startingStepIndex: row.startingStepIndex,
      maintenanceIntervalsDays: protocol.definition.course.maintenanceIntervalsDays,
      events: own.map(toEventFact),
      sessions,
      timeZone,
    });
    loaded.push({ row, protocol, events: own, sessions, state });
  }
  return loaded;
}

async function staffNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: staff.id, name: staff.fullName })
    .from(staff)
    .where(inArray(staff.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The PHQ-9 verdict for a course: baseline before its first attended session against the latest since. */
async function measuresVerdict(
  db: Queryable,
  clinicId: string,
  patientId: string,
  sessions: readonly SessionFact[],
): Promise<MeasuresVerdict> {
  const registered = await currentInstrument(db, clinicId, REASSESSMENT_INSTRUMENT);
  const scores = (await liveScores(db, clinicId, patientId))
    .filter((s) => s.instrumentId === REASSESSMENT_INSTRUMENT && s.valid && s.total !== null)
    .map((s) => ({ total: s.total as number, effectiveAt: new Date(s.effectiveAt) }));
  const first = sessions
    .filter((s) => s.status === 'attended')
    .reduce<Date | null>((min, s) => (!min || s.startsAt < min ? s.startsAt : min), null);
  const point = (s: { total: number; effectiveAt: Date }) => ({
    total: s.total,
    effectiveAt: s.effectiveAt.toISOString(),
  });
  const empty = {
    instrument: registered?.definition.title ?? 'PHQ-9',
    firstSessionAt: first?.toISOString() ?? null,
    baseline: null,
    latest: null,
    percentChange: null,
    response: null,
    remission: null,
  };
  if (!registered) return { ...empty, note: 'PHQ-9 is not available in this clinic.' };
  if (!first) return { ...empty, note: 'No session of this course attended yet, so there is no baseline.' };
  const baseline = baselineScore(scores, first);
  if (!baseline)
    return { ...empty, note: 'No valid PHQ-9 before the first session, so there is no baseline.' };
  const latest = scores.filter((s) => s.effectiveAt >= first).at(-1);
  if (!latest)
    return { ...empty, baseline: point(baseline), note: 'No valid PHQ-9 since the first session yet.' };
  const result = outcome(baseline.total, latest.total, registered.definition);
  return {
    ...empty,
    baseline: point(baseline),
    latest: point(latest),
    percentChange: result.percentChange === null ? null : Math.round(result.percentChange),
    response: result.response,
    remission: result.remission,
    note: null,
  };
}

function verdictWords(v: MeasuresVerdict): string {
  if (!v.baseline || !v.latest) return v.note ?? 'No measures verdict.';
  const change = v.percentChange === null ? '' : ` (${v.percentChange > 0 ? '+' : ''}${v.percentChange} %)`;
  const remission = v.remission === null ? '' : v.remission ? ', remission' : ', no remission';
  return `${v.instrument} ${v.baseline.total} → ${v.latest.total}${change}: ${v.response ? 'response' : 'no response'}${remission}`;
}

const decisionWords = {
  continue: 'continue into maintenance',
  extend: 'extend induction',
  stop: 'stop the course',
} as const;

function eventSummary(row: CourseEventRow, protocol: StoredProtocol): string {
  const d = row.detail;
  switch (row.kind) {
    case 'reassessed': {
      const decision = decisionWords[d.decision as keyof typeof decisionWords] ?? String(d.decision);
      const extend =
        d.decision === 'extend'
          ? ` by ${d.extendInductionBy} session${d.extendInductionBy === 1 ? '' : 's'}`
          : '';
      return `Reassessed: ${decision}${extend}. ${String(d.verdict ?? '')}`.trim();
    }
    case 'phase_changed':
      return 'Into maintenance';
    case 'step_changed': {
      const label = (step: unknown) =>
        typeof step === 'number' ? (stepLabel(protocol.definition.dosing, step) ?? `step ${step + 1}`) : '?';
      return `Dose step ${label(d.fromStep)} → ${label(d.toStep)}`;
    }
    case 'completed':
      return 'Course completed';
    default:
      return 'Course discontinued';
  }
}

function toCourseView(c: Loaded, names: Map<string, string>, measures: MeasuresVerdict): CourseView {
  const { row, protocol, state } = c;
  const person = (id: string) => ({ id, name: names.get(id) ?? '' });
  const events: CourseEventView[] = c.events.map((e) => ({
    id: e.id,
    kind: e.kind as CourseEventView['kind'],
    summary: eventSummary(e, protocol),
    reason: e.reason,
    recordedBy: person(e.recordedBy),
    recordedAt: e.recordedAt.toISOString(),
  }));
  return {
    id: row.id,
    patientId: row.patientId,
    protocol: {
      id: protocol.id,
      name: protocol.name,
      version: protocol.version,
      drug: protocol.definition.drug,
    },
    route: protocol.route,
    diagnosis: { code: row.diagnosisCode, display: conditionCode(row.diagnosisCode)?.display ?? null },
    goal: row.goal,
    plannedBy: person(row.plannedBy),
    plannedAt: row.plannedAt.toISOString(),
    phase: state.phase,
    endedAt: state.endedAt?.toISOString() ?? null,
    endReason: state.endReason,
    step: {
      index: state.stepIndex,
      label: stepLabel(protocol.definition.dosing, state.stepIndex),
      of: stepCount(protocol.definition.dosing),
    },
    induction: { ...state.induction, withinDays: row.inductionWithinDays },
    boosters: state.boosters,
    maintenanceIntervalsDays: [...protocol.definition.course.maintenanceIntervalsDays],
    reassessedAt: state.reassessedAt?.toISOString() ?? null,
    maintenanceStartedAt: state.maintenanceStartedAt?.toISOString() ?? null,
    nextBoosterDate: state.nextBoosterDate,
    measures,
    events,
  };
}

async function courseViews(db: Queryable, clinicId: string, patientId: string, rows: readonly CourseRow[]) {
  const timeZone = await clinicTimeZone(db, clinicId);
  const sessions = await liveSessions(db, clinicId, patientId);
  const loaded = await loadCourses(db, clinicId, rows, sessions, timeZone);
  const names = await staffNames(db, [
    ...loaded.map((c) => c.row.plannedBy),
    ...loaded.flatMap((c) => c.events.map((e) => e.recordedBy)),
  ]);
  const views: CourseView[] = [];
  for (const c of loaded) {
    views.push(toCourseView(c, names, await measuresVerdict(db, clinicId, patientId, c.sessions)));
  }
  return { views, loaded };
}

function patientCourseRows(db: Queryable, clinicId: string, patientId: string) {
  return db
    .select()
    .from(treatmentCourse)
    .where(and(eq(treatmentCourse.clinicId, clinicId), eq(treatmentCourse.patientId, patientId)))
    .orderBy(asc(treatmentCourse.plannedAt), asc(treatmentCourse.id));
}

/** A patient's courses, oldest first, each with its state and the measures' verdict. */
export async function patientCourses(db: Queryable, scope: Scope, patientId: string): Promise<CourseList> {
  const clinicId = clinicOf(scope);
  await patientInScope(db, scope, patientId);
  const { views } = await courseViews(
    db,
    clinicId,
    patientId,
    await patientCourseRows(db, clinicId, patientId),
  );
  return { patientId, courses: views };
}

async function oneCourseView(tx: Tx, clinicId: string, patientId: string, courseId: string) {
  const row = await courseOfPatient(tx, clinicId, patientId, courseId);
  const { views } = await courseViews(tx, clinicId, patientId, [row]);
  return views[0]!;
}

const isActive = (phase: CourseState['phase']) => phase !== 'completed' && phase !== 'discontinued';

export interface PlannedCourse {
  clinicId: string;
  patientId: string;
  staffId: string;
  body: PlanCourseBody;
}

/**
 * Checks and inserts a course in the caller's transaction (the API and the demo both plan through here):
 * the protocol is the clinic's current active version, the patient is approved for its route, the diagnosis is on
 * the code list, the starting step is one of the protocol's, and the patient has no other active course.
 */
export async function insertCourse(tx: Tx, clock: Clock, input: PlannedCourse): Promise<CourseRow> {
  const { clinicId, patientId, body } = input;
  const protocol = await protocolVersion(tx, clinicId, body.protocolId);
  const current = (await currentProtocols(tx, clinicId)).find((p) => p.key === protocol.key);
  if (!protocol.active || current?.id !== protocol.id) {
    throw conflict(
      `${protocol.name} version ${protocol.version} is not the clinic's current active version: plan the course on ${
        current?.active ? `version ${current.version}` : 'an active protocol'
      }`,
    );
  }
  const { definition } = protocol;
  const errors: FieldError[] = [];
  const diagnosis = conditionCode(body.diagnosisCode);
  if (!diagnosis)
    errors.push({ path: '/body/diagnosisCode', message: 'not an ICD-10-CM code on the clinic’s code list' });
  const steps = stepCount(definition.dosing);
  const startingStepIndex = body.startingStepIndex ?? 0;
  if (startingStepIndex >= steps)
    errors.push({
      path: '/body/startingStepIndex',
      message: `the protocol has ${steps} titration step${steps === 1 ? '' : 's'} (0 to ${steps - 1})`,
    });
  const goal = body.goal.trim();
  if (goal.length < 10)
    errors.push({ path: '/body/goal', message: 'write the goal and end point (at least 10 characters)' });
  if (errors.length > 0) throw invalidFields(errors);

  const eligibility = await eligibilityFor(tx, clinicId, patientId, protocol.route);
  if (eligibility.status !== 'approved') {
    throw ruleViolation(
      ELIGIBILITY_RULE,
      `The patient's eligibility for ${routeNames[protocol.route]} treatment is "${eligibility.status.replaceAll('_', ' ')}", not approved: the prescriber must approve the route in Screening before a course is planned.`,
    );
  }
  const timeZone = await clinicTimeZone(tx, clinicId);
  const existing = await loadCourses(
    tx,
    clinicId,
    await patientCourseRows(tx, clinicId, patientId),
    await liveSessions(tx, clinicId, patientId),
    timeZone,
  );
  const active = existing.find((c) => isActive(c.state.phase));
  if (active) {
    throw ruleViolation(
      ONE_ACTIVE_COURSE_RULE,
      `The patient already has an active course (${active.protocol.name}, ${active.state.phase.replaceAll('_', ' ')}): complete or discontinue it before planning another.`,
    );
  }
  const [row] = await tx
    .insert(treatmentCourse)
    .values({
      clinicId,
      patientId,
      protocolId: protocol.id,
      route: protocol.route,
      diagnosisCode: diagnosis!.code,
      plannedInductionSessions: body.plannedInductionSessions ?? definition.course.inductionSessions,
      inductionWithinDays: body.inductionWithinDays ?? definition.course.inductionWithinDays,
      startingStepIndex,
      goal,
      plannedBy: input.staffId,
      plannedAt: clock.now(),
    })
    .returning();
  return row!;
}

export async function planCourse(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: PlanCourseBody,
  meta: RequestMeta,
): Promise<CourseView> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const row = await insertCourse(tx, clock, {
      clinicId: who.clinicId,
      patientId,
      staffId: who.staffId,
      body,
    });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'course.planned',
      resourceType: 'treatment_course',
      resourceId: row.id,
      patientId,
      detail: {
        protocolId: row.protocolId,
        route: row.route,
        diagnosisCode: row.diagnosisCode,
        plannedInductionSessions: row.plannedInductionSessions,
        startingStepIndex: row.startingStepIndex,
      },
    });
    return oneCourseView(tx, who.clinicId, patientId, row.id);
  });
}

/** Loads one active course for a change, refusing (409) a course already ended. */
async function activeCourse(tx: Tx, clinicId: string, patientId: string, courseId: string): Promise<Loaded> {
  const row = await courseOfPatient(tx, clinicId, patientId, courseId);
  const timeZone = await clinicTimeZone(tx, clinicId);
  const [loaded] = await loadCourses(
    tx,
    clinicId,
    [row],
    await liveSessions(tx, clinicId, patientId),
    timeZone,
  );
  if (!isActive(loaded!.state.phase)) throw conflict(`This course is already ${loaded!.state.phase}`);
  return loaded!;
}

/**
 * The reassessment: the measures' verdict as it stands is recorded with the decision. Continuing starts
 * maintenance (a `phase_changed` event); extending raises the induction target (not once in maintenance);
 * stopping completes the course.
 */
export async function reassessCourse(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  courseId: string,
  body: ReassessBody,
  meta: RequestMeta,
): Promise<CourseView> {
  const who = staffInClinic(scope);
  const note = body.note.trim();
  const errors: FieldError[] = [];
  if (note.length < 3) errors.push({ path: '/body/note', message: 'say why (at least 3 characters)' });
  if (body.decision === 'extend' && body.extendInductionBy === undefined)
    errors.push({ path: '/body/extendInductionBy', message: 'how many induction sessions to add (1 to 6)' });
  if (body.decision !== 'extend' && body.extendInductionBy !== undefined)
    errors.push({ path: '/body/extendInductionBy', message: 'only an extension adds induction sessions' });
  if (errors.length > 0) throw invalidFields(errors);

  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const course = await activeCourse(tx, who.clinicId, patientId, courseId);
    const inMaintenance = course.state.phase === 'maintenance';
    if (body.decision === 'extend' && inMaintenance)
      throw conflict('The course is in maintenance: induction can no longer be extended');
    const verdict = await measuresVerdict(tx, who.clinicId, patientId, course.sessions);
    const now = clock.now();
    const event = (kind: CourseEventRow['kind'], detail: Record<string, unknown>, reason: string | null) =>
      tx
        .insert(courseEvent)
        .values({
          clinicId: who.clinicId,
          patientId,
          courseId,
          kind,
          detail,
          reason,
          recordedBy: who.staffId,
          recordedAt: now,
        })
        .returning({ id: courseEvent.id });
    const [reassessed] = await event(
      'reassessed',
      {
        decision: body.decision,
        extendInductionBy: body.extendInductionBy ?? 0,
        verdict: verdictWords(verdict),
        baselineTotal: verdict.baseline?.total ?? null,
        latestTotal: verdict.latest?.total ?? null,
        response: verdict.response,
        remission: verdict.remission,
      },
      note,
    );
    if (body.decision === 'continue' && !inMaintenance)
      await event('phase_changed', { to: 'maintenance' }, null);
    if (body.decision === 'stop') await event('completed', { byReassessment: reassessed!.id }, note);
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'course.reassessed',
      resourceType: 'treatment_course',
      resourceId: courseId,
      patientId,
      detail: {
        decision: body.decision,
        extendInductionBy: body.extendInductionBy ?? 0,
        response: verdict.response,
        remission: verdict.remission,
      },
    });
    return oneCourseView(tx, who.clinicId, patientId, courseId);
  });
}

/** Completes or discontinues a course, with the reason. */
export async function endCourse(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  courseId: string,
  kind: 'completed' | 'discontinued',
  body: EndCourseBody,
  meta: RequestMeta,
): Promise<CourseView> {
  const who = staffInClinic(scope);
  const reason = body.reason.trim();
  if (reason.length < 3)
    throw invalidFields([{ path: '/body/reason', message: 'give the reason (at least 3 characters)' }]);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    await activeCourse(tx, who.clinicId, patientId, courseId);
    await tx.insert(courseEvent).values({
      clinicId: who.clinicId,
      patientId,
      courseId,
      kind,
      detail: {},
      reason,
      recordedBy: who.staffId,
      recordedAt: clock.now(),
    });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: kind === 'completed' ? 'course.completed' : 'course.discontinued',
      resourceType: 'treatment_course',
      resourceId: courseId,
      patientId,
      detail: {},
    });
    return oneCourseView(tx, who.clinicId, patientId, courseId);
  });
}

/** The prescriber's misuse-risk view of a patient: every course and appointment, every route. */
export async function misuseRisk(db: Queryable, scope: Scope, patientId: string): Promise<MisuseRiskView> {
  const clinicId = clinicOf(scope);
  await patientInScope(db, scope, patientId);
  const timeZone = await clinicTimeZone(db, clinicId);
  const rows = await patientCourseRows(db, clinicId, patientId);
  const protocols = new Map<string, StoredProtocol>();
  for (const row of rows) protocols.set(row.id, await protocolVersion(db, clinicId, row.protocolId));
  const events = await eventsOf(
    db,
    clinicId,
    rows.map((r) => r.id),
  );
  const appointments = await db
    .select({
      id: appointment.id,
      startsAt: appointment.startsAt,
      status: appointment.status,
      requestedBy: appointment.requestedBy,
      rescheduledFromId: appointment.rescheduledFromId,
    })
    .from(appointment)
    .where(and(eq(appointment.clinicId, clinicId), eq(appointment.patientId, patientId)));
  const { values } = await currentSettings(db, clinicId, courseSettings);
  const label = (courseId: string, step: number) => {
    const dosing = protocols.get(courseId)?.definition.dosing;
    return dosing ? stepLabel(dosing, step) : null;
  };
  const stepChanges = events.flatMap((e) => {
    const { fromStep, toStep } = e.detail;
    if (e.kind !== 'step_changed' || typeof fromStep !== 'number' || typeof toStep !== 'number') return [];
    return [
      {
        courseId: e.courseId,
        at: e.recordedAt,
        fromStep,
        toStep,
        fromLabel: label(e.courseId, fromStep),
        toLabel: label(e.courseId, toStep),
      },
    ];
  });
  return {
    patientId,
    ...misuseSignals({
      stepChanges,
      sessions: await liveSessions(db, clinicId, patientId),
      appointments: appointments.map((a) => ({ ...a, requestedBy: a.requestedBy as 'clinic' | 'patient' })),
      ketamineCapMg: values.maxKetamineMgPer28Days,
      esketamineCapMg: values.maxEsketamineMgPer28Days,
      timeZone,
    }),
  };
}
