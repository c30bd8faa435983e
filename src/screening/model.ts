import { type Static, type TSchema, Type } from 'typebox';

/**
 * API shapes for eligibility screening, shared by server and UI. The rule set itself (rules and state rules) is
 * declared here too: it is clinic-editable data, so its schema is both the stored shape and the PUT body; the pure
 * engine (core.ts) imports the types only. Requests are closed; responses allow-list.
 */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const closed = { additionalProperties: false } as const;

export const RouteName = Type.Union([
  Type.Literal('iv'),
  Type.Literal('im'),
  Type.Literal('intranasal'),
  Type.Literal('oral'),
]);
export const SeverityName = Type.Union([
  Type.Literal('absolute'),
  Type.Literal('relative'),
  Type.Literal('caution'),
]);

/** An ICD-10-CM code or the start of one: `F33`, `F31.3`, `I67.1`. A rule matches every code under it. */
const Icd10Prefix = Type.String({ pattern: '^[A-Z][0-9][0-9A-Z]?(\\.[0-9A-Z]{0,4})?$' });
const Rxnorm = Type.String({ pattern: '^[0-9]{1,10}$' });
const Loinc = Type.String({ pattern: '^[0-9]{1,7}-[0-9]$' });
/** A drug class as the medication table names it: `benzodiazepine`, `maoi`, `stimulant`… */
const DrugClass = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
const LicenceType = Type.Union([
  Type.Literal('physician'),
  Type.Literal('nurse_practitioner'),
  Type.Literal('physician_assistant'),
  Type.Literal('registered_nurse'),
  Type.Literal('crna'),
  Type.Literal('lpn'),
  Type.Literal('other'),
]);
const UsState = Type.String({ pattern: '^[A-Z]{2}$' });
const Words = Type.Array(Text(80), { maxItems: 50 });

/**
 * What a rule looks at: a small set of declarative criteria. A rule fires when any of its criteria matches; a
 * criterion may carry its own severity (e.g. psychosis: absolute when current, relative as history), and the
 * finding takes the most serious one that matched.
 */
export const MinAgeCriterion = Type.Object(
  {
    kind: Type.Literal('min-age'),
    /** No parameters: the minimum comes from the patient's state rule, or the default state rule. */
  },
  closed,
);
export const ConditionAnyCriterion = Type.Object(
  {
    kind: Type.Literal('condition-any'),
    icd10Prefixes: Type.Array(Icd10Prefix, { minItems: 1, maxItems: 100 }),
    /** 'diagnosis' = what is treated, 'history' = past or background conditions, 'any' = either. */
    category: Type.Union([Type.Literal('diagnosis'), Type.Literal('history'), Type.Literal('any')]),
    severity: Type.Optional(SeverityName),
  },
  closed,
);
export const MedicationAnyCriterion = Type.Object(
  {
    kind: Type.Literal('medication-class-any'),
    /** Matches a medication of one of these classes, or with one of these RxNorm codes, or whose name contains one of these words. */
    drugClasses: Type.Array(DrugClass, { maxItems: 50 }),
    rxnorm: Type.Array(Rxnorm, { maxItems: 100 }),
    names: Words,
    severity: Type.Optional(SeverityName),
  },
  closed,
);
export const DailyDoseOverCriterion = Type.Object(
  {
    kind: Type.Literal('daily-dose-over'),
    drugClasses: Type.Array(DrugClass, { minItems: 1, maxItems: 50 }),
    /** The sum over all matching medications, in micrograms of diazepam equivalent per day. */
    overMicrograms: Type.Integer({ minimum: 1 }),
    equivalent: Type.Literal('diazepam'),
    severity: Type.Optional(SeverityName),
  },
  closed,
);
export const AllergyAnyCriterion = Type.Object(
  {
    kind: Type.Literal('allergy-any'),
    /** Words matched in the recorded substance (case-insensitive), or RxNorm codes. */
    substances: Words,
    rxnorm: Type.Array(Rxnorm, { maxItems: 100 }),
    severity: Type.Optional(SeverityName),
  },
  closed,
);
export const MeasurementOverCriterion = Type.Object(
  {
    kind: Type.Literal('measurement-over'),
    /** The latest value of this LOINC code, e.g. 8480-6 systolic, 8462-4 diastolic blood pressure. */
    loinc: Loinc,
    label: Text(80),
    over: Type.Integer({ minimum: 0 }),
    unit: Text(20),
    severity: Type.Optional(SeverityName),
  },
  closed,
);
export const TreatmentResistanceCriterion = Type.Object(
  {
    kind: Type.Literal('treatment-resistance'),
    /** Fires when NOT met: fewer than minTrials adequate antidepressant trials with inadequate response across minClasses classes. */
    minTrials: Type.Integer({ minimum: 1, maximum: 10 }),
    minClasses: Type.Integer({ minimum: 1, maximum: 10 }),
    minWeeks: Type.Integer({ minimum: 1, maximum: 52 }),
    /** Prior-treatment outcomes that count as an inadequate response (≤ 25 % improvement). */
    inadequateOutcomes: Type.Array(
      Type.Union([
        Type.Literal('partial'),
        Type.Literal('none'),
        Type.Literal('not_tolerated'),
        Type.Literal('unknown'),
      ]),
      {
        minItems: 1,
        uniqueItems: true,
      },
    ),
  },
  closed,
);
const RouteCodes = Type.Array(Icd10Prefix, { maxItems: 100 });
export const DiagnosisForRouteCriterion = Type.Object(
  {
    kind: Type.Literal('diagnosis-for-route'),
    /** Fires for each route with no active diagnosis (category 'diagnosis') under one of its codes. */
    byRoute: Type.Object(
      { iv: RouteCodes, im: RouteCodes, intranasal: RouteCodes, oral: RouteCodes },
      closed,
    ),
  },
  closed,
);
export const PriorTreatmentNoneCriterion = Type.Object(
  {
    kind: Type.Literal('prior-treatment-none'),
    /** Fires when none of these kinds of treatment has been tried (or recorded as considered). */
    kinds: Type.Array(
      Type.Union([
        Type.Literal('psychotherapy'),
        Type.Literal('tms'),
        Type.Literal('ect'),
        Type.Literal('ketamine'),
        Type.Literal('esketamine'),
        Type.Literal('other'),
      ]),
      {
        minItems: 1,
        uniqueItems: true,
      },
    ),
  },
  closed,
);

export const Criterion = Type.Union([
  MinAgeCriterion,
  ConditionAnyCriterion,
  MedicationAnyCriterion,
  DailyDoseOverCriterion,
  AllergyAnyCriterion,
  MeasurementOverCriterion,
  TreatmentResistanceCriterion,
  DiagnosisForRouteCriterion,
  PriorTreatmentNoneCriterion,
]);
export type Criterion = Static<typeof Criterion>;

export const Rule = Type.Object(
  {
    /** Stable id shown to clinicians and named in refusals: `CI-ANEURYSM`, `DDI-LAMO`. */
    id: Type.String({ pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$', maxLength: 40 }),
    title: Text(300),
    severity: SeverityName,
    /** The routes the rule applies to. */
    routes: Type.Array(RouteName, { minItems: 1, maxItems: 4, uniqueItems: true }),
    /** Where the rule comes from (label, consensus statement, practice). */
    source: Text(300),
    criteria: Type.Array(Criterion, { minItems: 1, maxItems: 20 }),
  },
  closed,
);
export type Rule = Static<typeof Rule>;

const LicencesByRoute = Type.Object(
  {
    iv: Type.Array(LicenceType, { uniqueItems: true }),
    im: Type.Array(LicenceType, { uniqueItems: true }),
    intranasal: Type.Array(LicenceType, { uniqueItems: true }),
    oral: Type.Array(LicenceType, { uniqueItems: true }),
  },
  closed,
);

/** What a state allows: minimum age, who may administer each route, telehealth follow-up. */
const StateRuleFields = {
  minimumAge: Type.Integer({ minimum: 0, maximum: 99 }),
  administer: LicencesByRoute,
  telehealthFollowUp: Type.Boolean(),
  /** Why this entry is what it is, or that it is a default still to be reviewed by the clinic. */
  note: Type.String({ maxLength: 500 }),
};
export const StateRule = Type.Object({ state: UsState, ...StateRuleFields }, closed);
export type StateRule = Static<typeof StateRule>;
export const StateRules = Type.Object(
  {
    /** Used for a state without its own entry, and while the patient's state is not recorded. */
    default: Type.Object(StateRuleFields, closed),
    states: Type.Array(StateRule, { maxItems: 60 }),
  },
  closed,
);
export type StateRules = Static<typeof StateRules>;

/** The whole rule set of a clinic, as stored in `screening_rule_set.rules`. */
export const RuleSetContent = Type.Object(
  {
    rules: Type.Array(Rule, { minItems: 1, maxItems: 200 }),
    stateRules: StateRules,
  },
  closed,
);
export type RuleSetContent = Static<typeof RuleSetContent>;

// ── Requests ──────────────────────────────────────────────────────────────────────────────────────────────────

export const ClinicParams = Type.Object({ clinicId: Uuid }, closed);
export const PatientParams = Type.Object({ clinicId: Uuid, patientId: Uuid }, closed);

/** A new version of the rule set. Past runs keep the version they used. */
export const RuleSetChangeBody = Type.Object(
  {
    rules: RuleSetContent.properties.rules,
    stateRules: StateRules,
    reason: Type.String({ minLength: 3, maxLength: 500 }),
  },
  closed,
);
export type RuleSetChangeBody = Static<typeof RuleSetChangeBody>;

export const OverrideEntry = Type.Object(
  {
    ruleId: Type.String({ minLength: 1, maxLength: 40 }),
    /** Why treatment may go ahead despite this relative contraindication. */
    reason: Type.String({ minLength: 10, maxLength: 1000 }),
  },
  closed,
);
export type OverrideEntry = Static<typeof OverrideEntry>;

/**
 * The prescriber's decision for one route, on the latest run (named, so a decision is never made on findings
 * the prescriber did not see). Approving past relative findings needs one override each and a recent step-up.
 */
export const EligibilityDecisionBody = Type.Object(
  {
    route: RouteName,
    decision: Type.Union([Type.Literal('approved'), Type.Literal('declined')]),
    rationale: Type.String({ minLength: 3, maxLength: 2000 }),
    screeningRunId: Uuid,
    overrides: Type.Optional(Type.Array(OverrideEntry, { maxItems: 50 })),
  },
  closed,
);
export type EligibilityDecisionBody = Static<typeof EligibilityDecisionBody>;

// ── Responses ─────────────────────────────────────────────────────────────────────────────────────────────────

export const FindingView = Type.Object({
  ruleId: Type.String(),
  title: Type.String(),
  severity: SeverityName,
  /** The routes it applies to in this run (e.g. a diagnosis missing for intranasal only). */
  routes: Type.Array(RouteName),
  /** Plain-language evidence: "Lamotrigine 200 mg daily (medication list)". */
  evidence: Type.Array(Type.String()),
  source: Type.String(),
});
export type FindingView = Static<typeof FindingView>;

/** Every rule, fired or not, so the prescriber sees what was checked. */
export const ChecklistLineView = Type.Object({
  ruleId: Type.String(),
  title: Type.String(),
  /** The finding's severity when fired, else the rule's. */
  severity: SeverityName,
  routes: Type.Array(RouteName),
  source: Type.String(),
  fired: Type.Boolean(),
  finding: Nullable(FindingView),
  /** What the rule could not check for lack of data: "No blood pressure recorded". */
  notes: Type.Array(Type.String()),
});
export type ChecklistLineView = Static<typeof ChecklistLineView>;

export const ScreeningRunView = Type.Object({
  id: Uuid,
  ranAt: DateTime,
  trigger: Type.String(),
  ruleSetVersion: Type.Integer(),
  /** False when the clinic has changed its rules since: re-run to screen against the rules in force. */
  ruleSetCurrent: Type.Boolean(),
  inputDigest: Type.String(),
  checklist: Type.Array(ChecklistLineView),
});
export type ScreeningRunView = Static<typeof ScreeningRunView>;

export const EligibilityStatus = Type.Union([
  Type.Literal('not_screened'),
  Type.Literal('blocked'),
  Type.Literal('awaiting_decision'),
  Type.Literal('approved'),
  Type.Literal('declined'),
  Type.Literal('review_needed'),
]);
export type EligibilityStatus = Static<typeof EligibilityStatus>;

export const RouteEligibility = Type.Object({
  route: RouteName,
  status: EligibilityStatus,
  /** The latest decision for the route, if any. */
  decisionId: Nullable(Uuid),
  /** For 'blocked': the absolute findings; for 'review_needed': the findings the approval did not cover. */
  ruleIds: Type.Array(Type.String()),
});
export type RouteEligibility = Static<typeof RouteEligibility>;

export const DecisionView = Type.Object({
  id: Uuid,
  route: RouteName,
  decision: Type.Union([Type.Literal('approved'), Type.Literal('declined')]),
  rationale: Type.String(),
  screeningRunId: Uuid,
  overrides: Type.Array(Type.Object({ ruleId: Type.String(), reason: Type.String() })),
  decidedBy: Type.Object({ id: Uuid, name: Type.String() }),
  decidedAt: DateTime,
});
export type DecisionView = Static<typeof DecisionView>;

export const ScreeningView = Type.Object({
  patientId: Uuid,
  /** The latest run, or null before the first. */
  run: Nullable(ScreeningRunView),
  eligibility: Type.Array(RouteEligibility),
  /** Every decision, newest first. */
  decisions: Type.Array(DecisionView),
});
export type ScreeningView = Static<typeof ScreeningView>;

export const DecisionResult = Type.Object({ decision: DecisionView, eligibility: RouteEligibility });
export type DecisionResult = Static<typeof DecisionResult>;

export const RuleSetView = Type.Object({
  /** 0 = the shipped defaults. */
  version: Type.Integer(),
  changedAt: Nullable(DateTime),
  changedBy: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  reason: Nullable(Type.String()),
  rules: Type.Array(Rule),
  stateRules: StateRules,
});
export type RuleSetView = Static<typeof RuleSetView>;

export const RuleSetHistory = Type.Object({ versions: Type.Array(RuleSetView) });
export type RuleSetHistory = Static<typeof RuleSetHistory>;
