import { type Static, Type } from 'typebox';
import { Route } from '../platform/http/types.js';

/**
 * What a protocol (FHIR PlanDefinition) says, as data a medical director edits and versions: how the dose is
 * chosen and measured out, the course shape, the appointment block, fasting, monitoring and observation.
 * Quantities are integers of the smallest unit — micrograms (mcg), microlitres, grams, minutes — never floats.
 */

const Positive = Type.Integer({ minimum: 1 });

/** Actual body weight, or adjusted body weight when the BMI is at least `bmi` (clinical-reference.md §5). */
export const WeightRule = Type.Union([
  Type.Object({ kind: Type.Literal('actual') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('adjusted_when_bmi_at_least'), bmi: Type.Integer({ minimum: 20, maximum: 60 }) },
    { additionalProperties: false },
  ),
]);

/** Weight-based racemic ketamine: titration steps in mcg per kg, lowest first; hard maxima per session. */
export const PerKgDosing = Type.Object(
  {
    kind: Type.Literal('per_kg'),
    stepsMcgPerKg: Type.Array(Positive, { minItems: 1, maxItems: 10 }),
    maxMcgPerKg: Positive,
    /** Absolute cap for one session whatever the weight. */
    maxDoseMcg: Positive,
    weightRule: WeightRule,
  },
  { additionalProperties: false },
);

/** Esketamine nasal devices: a dose is a device count; the first session always uses `firstSessionDevices`. */
export const DeviceDosing = Type.Object(
  {
    kind: Type.Literal('devices'),
    mcgPerDevice: Positive,
    stepsDevices: Type.Array(Positive, { minItems: 1, maxItems: 5 }),
    firstSessionDevices: Positive,
    maxDevices: Positive,
    minutesBetweenDevices: Type.Integer({ minimum: 0, maximum: 30 }),
  },
  { additionalProperties: false },
);

/** A fixed dose per step (oral/sublingual given in the clinic). */
export const FixedDosing = Type.Object(
  {
    kind: Type.Literal('fixed'),
    stepsMcg: Type.Array(Positive, { minItems: 1, maxItems: 10 }),
    maxDoseMcg: Positive,
  },
  { additionalProperties: false },
);

export const Dosing = Type.Union([PerKgDosing, DeviceDosing, FixedDosing]);

/** How the dose is measured out, which sets the step a calculated dose is rounded (down) to. */
export const Delivery = Type.Union([
  /** An infusion of a prepared solution over a set time, on a pump whose rate moves in steps. */
  Type.Object(
    {
      kind: Type.Literal('infusion'),
      concentrationMcgPerMl: Positive,
      infusionMinutes: Positive,
      rateStepMicrolitresPerHour: Positive,
    },
    { additionalProperties: false },
  ),
  /** A syringe of stock solution, graduated in `graduationMicrolitres`. */
  Type.Object(
    {
      kind: Type.Literal('injection'),
      concentrationMcgPerMl: Positive,
      graduationMicrolitres: Positive,
    },
    { additionalProperties: false },
  ),
  /** Whole nasal devices. */
  Type.Object({ kind: Type.Literal('devices') }, { additionalProperties: false }),
  /** Oral/sublingual doses measurable in steps of `stepMcg`. */
  Type.Object({ kind: Type.Literal('oral'), stepMcg: Positive }, { additionalProperties: false }),
]);

/** Induction series, reassessment, then maintenance boosters with tapering intervals (the last one repeats). */
export const CourseShape = Type.Object(
  {
    inductionSessions: Type.Integer({ minimum: 1, maximum: 20 }),
    inductionWithinDays: Type.Integer({ minimum: 1, maximum: 90 }),
    maintenanceIntervalsDays: Type.Array(Type.Integer({ minimum: 1, maximum: 180 }), {
      minItems: 1,
      maxItems: 12,
    }),
  },
  { additionalProperties: false },
);

export const Monitoring = Type.Object(
  {
    /** Vital signs every N minutes while the dose is running, and after it. */
    vitalsEveryMinutesDuringDose: Type.Integer({ minimum: 1, maximum: 60 }),
    vitalsEveryMinutesAfterDose: Type.Integer({ minimum: 1, maximum: 120 }),
    /** Earliest discharge: minutes after the dose ends (esketamine: after the first device). */
    minimumObservationMinutes: Type.Integer({ minimum: 0, maximum: 480 }),
    /** A weight older than this must be re-checked before dosing. */
    weightValidDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);

export const Fasting = Type.Object(
  {
    noFoodHours: Type.Integer({ minimum: 0, maximum: 12 }),
    noLiquidsMinutes: Type.Integer({ minimum: 0, maximum: 720 }),
  },
  { additionalProperties: false },
);

export const ProtocolDefinition = Type.Object(
  {
    route: Route,
    drug: Type.Union([Type.Literal('ketamine'), Type.Literal('esketamine')]),
    dosing: Dosing,
    delivery: Delivery,
    course: CourseShape,
    /** How long an appointment in a chair lasts: preparation, dose and observation. */
    blockMinutes: Type.Integer({ minimum: 15, maximum: 480 }),
    fasting: Fasting,
    monitoring: Monitoring,
    /** Esketamine: REMS patient enrolment before the first dose, a monitoring record after each. */
    rems: Type.Boolean(),
    /** Plain words for patients: how to prepare (shown in reminders and the portal). */
    preparationNote: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type ProtocolDefinition = Static<typeof ProtocolDefinition>;
export type Dosing = Static<typeof Dosing>;
export type Delivery = Static<typeof Delivery>;
export type CourseShape = Static<typeof CourseShape>;
