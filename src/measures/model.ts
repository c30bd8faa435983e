import { type Static, Type } from 'typebox';
import { InstrumentDefinition } from './instrument.js';

/** API shapes for measurement-based care, shared by server and UI. Requests are closed; responses allow-list. */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const InstrumentId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const InstrumentParams = Type.Object(
  { clinicId: Uuid, instrumentId: InstrumentId },
  { additionalProperties: false },
);
export const PortalInstrumentParams = Type.Object(
  { instrumentId: InstrumentId },
  { additionalProperties: false },
);

export const InstrumentSummary = Type.Object({
  id: Type.String(),
  version: Type.String(),
  title: Type.String(),
  kind: Type.Union([Type.Literal('patient-reported'), Type.Literal('clinician-rated')]),
  /** 'shipped' with ketacare, or the clinic's own definition. */
  origin: Type.Union([Type.Literal('shipped'), Type.Literal('clinic')]),
  itemCount: Type.Integer(),
  recallPeriod: Nullable(Type.String()),
});
export type InstrumentSummary = Static<typeof InstrumentSummary>;
export const InstrumentList = Type.Object({ instruments: Type.Array(InstrumentSummary) });

/** The full definition (items with their published wording, options, bands, codes) is the response shape. */
export { InstrumentDefinition };

/** A clinic's own instrument, checked by `validateInstrument`: problems come back as 422 with `/body/…` paths. */
export const AddInstrumentBody = InstrumentDefinition;

/** One answer: the option value of a choice item, or the number of a range item. */
export const AnswerEntry = Type.Object(
  { linkId: Type.String({ minLength: 1, maxLength: 64 }), value: Type.Integer() },
  { additionalProperties: false },
);
export type AnswerEntry = Static<typeof AnswerEntry>;
const Answers = Type.Array(AnswerEntry, { maxItems: 200 });

/** A patient's own answers from the portal. The instrument version guards against a form changed mid-way. */
export const PortalResponseBody = Type.Object(
  {
    instrumentId: InstrumentId,
    instrumentVersion: Type.String({ minLength: 1, maxLength: 20 }),
    assignmentId: Type.Optional(Uuid),
    answers: Answers,
  },
  { additionalProperties: false },
);
export type PortalResponseBody = Static<typeof PortalResponseBody>;

/** Answers recorded by staff: a clinician rating, or a form the patient filled on paper. */
export const StaffResponseBody = Type.Object(
  {
    instrumentId: InstrumentId,
    instrumentVersion: Type.String({ minLength: 1, maxLength: 20 }),
    assignmentId: Type.Optional(Uuid),
    /** When the rating was taken; default now; never in the future. */
    authoredAt: Type.Optional(DateTime),
    answers: Answers,
  },
  { additionalProperties: false },
);
export type StaffResponseBody = Static<typeof StaffResponseBody>;

export const ResponseParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid, responseId: Uuid },
  { additionalProperties: false },
);

/** A correction: new answers that replace a response, or a retraction ("entered in error"). Never an edit. */
export const CorrectionBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('amend'),
      reason: Type.String({ minLength: 3, maxLength: 1000 }),
      answers: Answers,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('entered-in-error'), reason: Type.String({ minLength: 3, maxLength: 1000 }) },
    { additionalProperties: false },
  ),
]);
export type CorrectionBody = Static<typeof CorrectionBody>;

export const ScoreView = Type.Object({
  id: Uuid,
  responseId: Uuid,
  instrumentId: Type.String(),
  instrumentVersion: Type.String(),
  effectiveAt: DateTime,
  valid: Type.Boolean(),
  total: Nullable(Type.Integer()),
  prorated: Type.Boolean(),
  band: Nullable(Type.String()),
  risk: Nullable(Type.String()),
  /** LOINC total-score code (the Observation's code), when the instrument has one. */
  loinc: Nullable(Type.String()),
  source: Type.Union([Type.Literal('patient'), Type.Literal('staff')]),
});
export type ScoreView = Static<typeof ScoreView>;

/** What staff get back after recording: the score and whatever safety rules fired. */
export const RecordedResponse = Type.Object({
  responseId: Uuid,
  score: Nullable(ScoreView),
  /** Scored items left unanswered (the total may be prorated or invalid). */
  missing: Type.Array(Type.String()),
  safety: Type.Array(Type.Object({ triggerId: Type.String(), message: Type.String() })),
  /** Alerts raised for the care team by this response. */
  alertIds: Type.Array(Uuid),
});
export type RecordedResponse = Static<typeof RecordedResponse>;

/**
 * What a patient gets back: thanks, and — when an answer means they may be at risk — `crisis: true`, which the
 * portal turns into the crisis-resources screen at once. No score is shown here; "My progress" explains trends.
 */
export const PortalResponseResult = Type.Object({
  responseId: Uuid,
  crisis: Type.Boolean(),
  message: Type.String(),
});
export type PortalResponseResult = Static<typeof PortalResponseResult>;

export const AssignmentReason = Type.Union([
  Type.Literal('baseline'),
  Type.Literal('pre_session'),
  Type.Literal('between_sessions'),
  Type.Literal('requested'),
]);
export type AssignmentReason = Static<typeof AssignmentReason>;

export const AssignBody = Type.Object(
  {
    instrumentId: InstrumentId,
    reason: AssignmentReason,
    /** Default now. */
    opensAt: Type.Optional(DateTime),
    /** Default: opensAt + the clinic's due window. */
    dueAt: Type.Optional(DateTime),
    /** e.g. 7 for weekly between sessions; omitted = once. */
    repeatEveryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    endsAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type AssignBody = Static<typeof AssignBody>;

export const AssignmentParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid, assignmentId: Uuid },
  { additionalProperties: false },
);

export const AssignmentView = Type.Object({
  id: Uuid,
  instrumentId: Type.String(),
  title: Type.String(),
  reason: AssignmentReason,
  opensAt: DateTime,
  dueAt: DateTime,
  repeatEveryDays: Nullable(Type.Integer()),
  endsAt: Nullable(DateTime),
  endedAt: Nullable(DateTime),
});
export type AssignmentView = Static<typeof AssignmentView>;

/** One questionnaire the patient should fill now (the current occurrence of an assignment). */
export const DueQuestionnaire = Type.Object({
  assignmentId: Uuid,
  instrumentId: Type.String(),
  instrumentVersion: Type.String(),
  title: Type.String(),
  reason: AssignmentReason,
  opensAt: DateTime,
  dueAt: DateTime,
  overdue: Type.Boolean(),
  itemCount: Type.Integer(),
});
export type DueQuestionnaire = Static<typeof DueQuestionnaire>;

export const PortalHome = Type.Object({
  due: Type.Array(DueQuestionnaire),
  /** Whether today's optional mood check-in is done (in the clinic's time zone). */
  checkedInToday: Type.Boolean(),
});
export type PortalHome = Static<typeof PortalHome>;

export const MoodCheckInBody = Type.Object(
  {
    mood: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    journal: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type MoodCheckInBody = Static<typeof MoodCheckInBody>;

export const MoodCheckIn = Type.Object({
  id: Uuid,
  mood: Nullable(Type.Integer()),
  journal: Nullable(Type.String()),
  recordedAt: DateTime,
});
export type MoodCheckIn = Static<typeof MoodCheckIn>;

/** The patient's own trend, in plain language (no jargon such as "band" or "remission"). */
export const PortalProgress = Type.Object({
  series: Type.Array(
    Type.Object({
      instrumentId: Type.String(),
      title: Type.String(),
      /** Lower is better on every shipped patient-reported instrument. */
      maximum: Type.Integer(),
      points: Type.Array(
        Type.Object({ at: DateTime, total: Type.Integer(), label: Nullable(Type.String()) }),
      ),
      /** e.g. "Your depression score has gone down from 18 to 7 since you started." */
      summary: Type.String(),
    }),
  ),
  moods: Type.Array(Type.Object({ at: DateTime, mood: Type.Integer() })),
});
export type PortalProgress = Static<typeof PortalProgress>;

export const Outcome = Type.Object({
  change: Type.Integer(),
  percentChange: Nullable(Type.Number()),
  response: Type.Boolean(),
  remission: Nullable(Type.Boolean()),
});

/** A treatment event marked on the chart: a session (dose given) or a change of dose. */
export const ChartMarker = Type.Object({
  at: DateTime,
  kind: Type.Union([Type.Literal('session'), Type.Literal('dose_change')]),
  label: Type.String(),
});

export const InstrumentTrend = Type.Object({
  instrumentId: Type.String(),
  title: Type.String(),
  kind: Type.Union([Type.Literal('patient-reported'), Type.Literal('clinician-rated')]),
  bands: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer(), label: Type.String() })),
  maximum: Nullable(Type.Integer()),
  remissionBelow: Nullable(Type.Integer()),
  scores: Type.Array(ScoreView),
  baseline: Nullable(ScoreView),
  latest: Nullable(ScoreView),
  outcome: Nullable(Outcome),
  /** Said plainly when there is no outcome: "No baseline: no valid score before the first dose." */
  outcomeNote: Nullable(Type.String()),
});
export type InstrumentTrend = Static<typeof InstrumentTrend>;

export const PatientMeasures = Type.Object({
  trends: Type.Array(InstrumentTrend),
  markers: Type.Array(ChartMarker),
  firstDoseAt: Nullable(DateTime),
  /** No response after the clinic's number of induction sessions (default 6). */
  nonResponse: Type.Object({
    flagged: Type.Boolean(),
    inductionSessionsDone: Type.Integer(),
    threshold: Type.Integer(),
  }),
  /** During maintenance: scores climbing back. A suggestion to the prescriber, with the scores behind it. */
  relapse: Nullable(
    Type.Object({
      reason: Type.String(),
      referenceTotal: Type.Integer(),
      latestTotal: Type.Integer(),
      scoreIds: Type.Array(Uuid),
    }),
  ),
  checkIns: Type.Array(MoodCheckIn),
  assignments: Type.Array(AssignmentView),
});
export type PatientMeasures = Static<typeof PatientMeasures>;

export const OutcomesQuery = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    instrumentId: Type.Optional(InstrumentId),
    groupBy: Type.Optional(
      Type.Union([
        Type.Literal('none'),
        Type.Literal('route'),
        Type.Literal('protocol'),
        Type.Literal('diagnosis'),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type OutcomesQuery = Static<typeof OutcomesQuery>;

export const OutcomesGroup = Type.Object({
  key: Type.String(),
  label: Type.String(),
  /** Patients with a first dose in the period. */
  patients: Type.Integer(),
  /** Of those, with a baseline and at least one later valid score. */
  measured: Type.Integer(),
  responders: Type.Integer(),
  remitters: Type.Integer(),
  responseRate: Nullable(Type.Number()),
  remissionRate: Nullable(Type.Number()),
  medianDaysToResponse: Nullable(Type.Number()),
});
export type OutcomesGroup = Static<typeof OutcomesGroup>;

export const OutcomesReport = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  instrumentId: Type.String(),
  groupBy: Type.String(),
  groups: Type.Array(OutcomesGroup),
  overall: OutcomesGroup,
  /** How the figures are defined (baseline, response, remission), for the reader. */
  definitions: Type.Array(Type.String()),
});
export type OutcomesReport = Static<typeof OutcomesReport>;
