import { type Static, Type } from 'typebox';
import { DateTime, IsoDate, Nullable, PersonRef, Route, Uuid } from '../platform/http/types.js';

/** API shapes for treatment courses and the misuse-risk view, shared by server and UI. */

export const PatientParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid },
  { additionalProperties: false },
);
export const CourseParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid, courseId: Uuid },
  { additionalProperties: false },
);

/**
 * Planning a course: an active protocol of the clinic (its latest version), a route the patient is approved for,
 * the ICD-10-CM code treated (from the clinic's code list: 422 at /body/diagnosisCode), the induction series
 * (defaults from the protocol), the starting titration step (default the first) and the goal and end point.
 */
export const PlanCourseBody = Type.Object(
  {
    protocolId: Uuid,
    diagnosisCode: Type.String({ minLength: 3, maxLength: 10 }),
    plannedInductionSessions: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    inductionWithinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    startingStepIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
    goal: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type PlanCourseBody = Static<typeof PlanCourseBody>;

export const ReassessmentDecision = Type.Union([
  Type.Literal('continue'),
  Type.Literal('extend'),
  Type.Literal('stop'),
]);
export type ReassessmentDecision = Static<typeof ReassessmentDecision>;

/**
 * The reassessment after induction: continue into maintenance, extend induction by 1–6 sessions
 * (`extendInductionBy`, only with 'extend'), or stop (the course is completed). The note says why.
 */
export const ReassessBody = Type.Object(
  {
    decision: ReassessmentDecision,
    extendInductionBy: Type.Optional(Type.Integer({ minimum: 1, maximum: 6 })),
    note: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type ReassessBody = Static<typeof ReassessBody>;

/** Completing or discontinuing: the reason in words (at least 3 characters). */
export const EndCourseBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type EndCourseBody = Static<typeof EndCourseBody>;

export const CoursePhase = Type.Union([
  Type.Literal('induction'),
  Type.Literal('reassessment_due'),
  Type.Literal('maintenance'),
  Type.Literal('completed'),
  Type.Literal('discontinued'),
]);
export type CoursePhase = Static<typeof CoursePhase>;

const ScorePoint = Type.Object({ total: Type.Integer(), effectiveAt: DateTime });

/**
 * What the outcome measures say now (PHQ-9): baseline = the last valid score before the course's first attended
 * session, latest = the last valid score since; response = at least 50 % lower; remission = below 5. `note` says
 * why a figure is missing.
 */
export const MeasuresVerdict = Type.Object({
  instrument: Type.String(),
  firstSessionAt: Nullable(DateTime),
  baseline: Nullable(ScorePoint),
  latest: Nullable(ScorePoint),
  percentChange: Nullable(Type.Number()),
  response: Nullable(Type.Boolean()),
  remission: Nullable(Type.Boolean()),
  note: Nullable(Type.String()),
});
export type MeasuresVerdict = Static<typeof MeasuresVerdict>;

export const CourseEventView = Type.Object({
  id: Uuid,
  kind: Type.Union([
    Type.Literal('reassessed'),
    Type.Literal('phase_changed'),
    Type.Literal('step_changed'),
    Type.Literal('completed'),
    Type.Literal('discontinued'),
  ]),
  /** The event in words, e.g. "Dose step 0.5 mg/kg → 0.75 mg/kg". */
  summary: Type.String(),
  reason: Nullable(Type.String()),
  recordedBy: PersonRef,
  recordedAt: DateTime,
});
export type CourseEventView = Static<typeof CourseEventView>;

export const CourseView = Type.Object({
  id: Uuid,
  patientId: Uuid,
  protocol: Type.Object({
    id: Uuid,
    name: Type.String(),
    version: Type.Integer(),
    drug: Type.Union([Type.Literal('ketamine'), Type.Literal('esketamine')]),
  }),
  route: Route,
  diagnosis: Type.Object({ code: Type.String(), display: Nullable(Type.String()) }),
  goal: Type.String(),
  plannedBy: PersonRef,
  plannedAt: DateTime,
  phase: CoursePhase,
  endedAt: Nullable(DateTime),
  endReason: Nullable(Type.String()),
  /** The current titration step (0-based index) and how a prescriber reads it ("0.5 mg/kg", "2 devices (56 mg)"). */
  step: Type.Object({ index: Type.Integer(), label: Nullable(Type.String()), of: Type.Integer() }),
  induction: Type.Object({
    planned: Type.Integer(),
    target: Type.Integer(),
    attended: Type.Integer(),
    booked: Type.Integer(),
    withinDays: Type.Integer(),
  }),
  boosters: Type.Object({ attended: Type.Integer(), booked: Type.Integer() }),
  maintenanceIntervalsDays: Type.Array(Type.Integer()),
  reassessedAt: Nullable(DateTime),
  maintenanceStartedAt: Nullable(DateTime),
  /** Maintenance: the date (clinic time) the next booster is due. */
  nextBoosterDate: Nullable(IsoDate),
  measures: MeasuresVerdict,
  /** Oldest first. */
  events: Type.Array(CourseEventView),
});
export type CourseView = Static<typeof CourseView>;

export const CourseList = Type.Object({ patientId: Uuid, courses: Type.Array(CourseView) });
export type CourseList = Static<typeof CourseList>;

// ── Misuse-risk view ──────────────────────────────────────────────────────────────────────────────────────────

const Signal = <T extends Parameters<typeof Type.Object>[0]>(entry: T) =>
  Type.Object({
    flagged: Type.Boolean(),
    /** What the signal looks at and why it is (or is not) flagged, in words. */
    summary: Type.String(),
    entries: Type.Array(Type.Object(entry)),
  });

export const MisuseRiskView = Type.Object({
  patientId: Uuid,
  /** Dose step increases (from signed orders); flagged on any increase of more than one protocol step at once, or three or more increases. */
  doseEscalation: Signal({
    courseId: Uuid,
    at: DateTime,
    from: Nullable(Type.String()),
    to: Nullable(Type.String()),
    steps: Type.Integer(),
  }),
  /** Intervals between consecutive live sessions; flagged when the last three each got shorter. */
  intervals: Signal({
    from: DateTime,
    to: DateTime,
    hours: Type.Integer(),
    shorter: Type.Boolean(),
  }),
  /** Sessions the patient asked for, and reschedules to an earlier time. */
  earlierRequests: Signal({
    appointmentId: Uuid,
    startsAt: DateTime,
    status: Type.String(),
    requestedBy: Type.Union([Type.Literal('clinic'), Type.Literal('patient')]),
    /** For a reschedule to an earlier time: by how many hours. */
    movedEarlierByHours: Nullable(Type.Integer()),
  }),
  /** Planned mg of live sessions per calendar month (clinic time) per drug; flagged when a month is over the 28-day cap. */
  monthlyExposure: Type.Object({
    flagged: Type.Boolean(),
    summary: Type.String(),
    ketamineCapMg: Type.Integer(),
    esketamineCapMg: Type.Integer(),
    entries: Type.Array(
      Type.Object({ month: Type.String(), ketamineMg: Type.Number(), esketamineMg: Type.Number() }),
    ),
  }),
});
export type MisuseRiskView = Static<typeof MisuseRiskView>;
